"""Refusing malformed requests to Dash's machinery before Dash reads them.

Dash trusts the shape of a callback body and the path of a component-suite file: a body
such as ``[]`` or ``{}``, an unknown output, or a file no component registered raised
inside Dash and answered 500. One ``before_request`` hook under the prefix checks both
and answers 400 (callback bodies) or 404 (suite files) instead.
"""

from __future__ import annotations

from typing import Any

from dash import Dash
from dash.fingerprint import check_fingerprint
from flask import Flask, jsonify, request

CALLBACK_PATH = "_dash-update-component"
SUITES_PATH = "_dash-component-suites/"


def install_request_checks(app: Flask, dash_app: Dash, prefix: str) -> None:
    """Check callback bodies and suite paths under ``prefix`` before Dash handles them."""

    def dashboard_request_check():
        if not request.path.startswith(prefix):
            return None
        rest = request.path[len(prefix):]
        if rest == CALLBACK_PATH and request.method == "POST":
            body = request.get_json(silent=True)
            if not callback_body_is_valid(dash_app.callback_map, body):
                return refusal(400, "malformed callback request")
        if rest.startswith(SUITES_PATH) and not suite_file_is_registered(
                dash_app.registered_paths, rest[len(SUITES_PATH):]):
            return refusal(404, "not found")
        return None

    app.before_request(dashboard_request_check)


def refusal(status: int, error: str):
    response = jsonify(error=error)
    response.status_code = status
    return response


def callback_body_is_valid(callback_map: dict[str, Any], body: Any) -> bool:
    """A body naming a registered callback, with as many inputs and states as it takes,
    each an ``{"id", "property"}`` object, and the outputs the callback has. (The
    dashboards use no pattern-matching ids, so an id is a string.)"""
    if not isinstance(body, dict) or not isinstance(body.get("output"), str):
        return False
    callback = callback_map.get(body["output"])
    if callback is None:
        return False
    inputs, state = body.get("inputs"), body.get("state", [])
    changed = body.get("changedPropIds", [])
    outputs = body.get("outputs")
    return (_props_match(inputs, callback["inputs"]) and _props_match(state, callback["state"])
            and isinstance(changed, list) and all(isinstance(p, str) for p in changed)
            and _outputs_match(outputs, body["output"]))


def _props_match(given: Any, expected: list[dict[str, Any]]) -> bool:
    return (isinstance(given, list) and len(given) == len(expected)
            and all(_is_prop(item) for item in given))


def _is_prop(item: Any) -> bool:
    return (isinstance(item, dict) and isinstance(item.get("id"), str)
            and isinstance(item.get("property"), str))


def _outputs_match(outputs: Any, output_key: str) -> bool:
    """``outputs`` is one prop object, or a list of them for a multi-output callback,
    naming exactly the outputs in ``output_key``."""
    listed = outputs if isinstance(outputs, list) else [outputs]
    if not all(_is_prop(item) for item in listed):
        return False
    # The renderer names an ``allow_duplicate`` output with its key's "@hash" suffix.
    named = [f"{item['id']}.{item['property'].split('@')[0]}" for item in listed]
    return named == output_names(output_key)


def output_names(output_key: str) -> list[str]:
    """``"..a.children...b.figure.."`` or ``"a.children"`` -> ``["a.children", ...]``."""
    if output_key.startswith(".."):
        return [part.split("@")[0] for part in output_key.strip(".").split("...") if part]
    return [output_key.split("@")[0]]


def suite_file_is_registered(registered_paths: dict[str, set[str]], rest: str) -> bool:
    """Whether ``<package>/<file>`` (possibly fingerprinted) is a file Dash registered."""
    package, _, fingerprinted = rest.partition("/")
    path_in_package, _ = check_fingerprint(fingerprinted)
    return path_in_package in registered_paths.get(package, ())
