"""Calling dashboard callbacks over HTTP the way the Dash renderer does, for tests.

The renderer reads the callback graph from ``_dash-dependencies`` and posts each call to
``_dash-update-component`` with the CSRF token from the dashboard's cookie in a header.
:class:`CallbackClient` does the same with a Flask test client, so tests exercise the real
endpoint, the login guard, CSRF and scoping.
"""

from __future__ import annotations

from typing import Any

from . import PREFIX
from .auth import CSRF_COOKIE, CSRF_HEADER
from .request_checks import output_names


class CallbackClient:
    def __init__(self, client, page: str = PREFIX):
        self.client = client
        response = client.get(page)
        assert response.status_code == 200, response.status_code
        cookie = client.get_cookie(CSRF_COOKIE, path=PREFIX)
        self.token = cookie.value if cookie else ""
        self.graph = client.get(f"{PREFIX}_dash-dependencies").get_json()

    def callback_for(self, output: str) -> dict[str, Any]:
        """The callback whose outputs include ``output`` ("component-id.property")."""
        for callback in self.graph:
            if output in output_names(callback["output"]):
                return callback
        raise KeyError(output)

    def post(self, output: str, values: dict[str, Any], triggered: str | None = None):
        """Call the callback producing ``output`` with ``values`` ("id.prop" -> value) for
        its inputs and states (missing ones are None); return the raw response."""
        callback = self.callback_for(output)

        def fill(spec: dict[str, Any]) -> dict[str, Any]:
            key = f"{spec['id']}.{spec['property']}"
            return {"id": spec["id"], "property": spec["property"], "value": values.get(key)}

        outputs = [{"id": o.split(".")[0], "property": o.split(".")[1]}
                   for o in output_names(callback["output"])]
        body = {
            "output": callback["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [fill(spec) for spec in callback["inputs"]],
            "state": [fill(spec) for spec in callback["state"]],
            "changedPropIds": [triggered] if triggered else [],
        }
        return self.client.post(f"{PREFIX}_dash-update-component", json=body,
                                headers={CSRF_HEADER: self.token})

    def call(self, output: str, values: dict[str, Any] | None = None,
             triggered: str | None = None) -> dict[str, dict[str, Any]]:
        """Like :meth:`post`, and return ``{component id: {property: value}}``."""
        response = self.post(output, values or {}, triggered)
        assert response.status_code == 200, (response.status_code,
                                             response.get_data(as_text=True)[:500])
        return response.get_json()["response"]


def find_props(tree: Any, name: str) -> list[dict[str, Any]]:
    """Every component ``props`` dict in a serialised layout that has the prop ``name``."""
    found = []
    if isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and name in props:
            found.append(props)
        for value in tree.values():
            found += find_props(value, name)
    elif isinstance(tree, list):
        for value in tree:
            found += find_props(value, name)
    return found


def text_of(tree: Any) -> str:
    """All the text in a serialised layout, concatenated."""
    if isinstance(tree, str):
        return tree
    if isinstance(tree, (int, float)):
        return str(tree)
    if isinstance(tree, list):
        return "".join(text_of(v) for v in tree)
    if isinstance(tree, dict):
        return text_of(tree.get("props", {}).get("children")) if "props" in tree else ""
    return ""


def kpis(tree: Any) -> dict[str, str]:
    """KPI card key -> the value it shows."""
    return {props["data-kpi"]: text_of(props["children"][0])
            for props in find_props(tree, "data-kpi")}
