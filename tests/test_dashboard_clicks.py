"""A click on a unit's bar opens its page: the renderer posts the click callback's output
(``url.pathname``, an ``allow_duplicate`` output) with its "@hash" suffix, and the
request checks must let that body through (they answered 400, so clicks did nothing)."""

from __future__ import annotations

from dashboards import PREFIX
from dashboards.testing import CallbackClient


def test_a_bar_click_as_the_renderer_posts_it_opens_the_unit_page(world, login):
    client = CallbackClient(login("committee"))
    callback = next(c for c in client.graph if c["output"].startswith("url.pathname@")
                    and c["inputs"][0]["id"] == "ov-units")
    unit_id = world.units["a"].id
    body = {
        "output": callback["output"],
        "outputs": {"id": "url", "property": callback["output"].split(".", 1)[1]},
        "inputs": [{"id": "ov-units", "property": "clickData",
                    "value": {"points": [{"customdata": unit_id}]}}],
        "changedPropIds": ["ov-units.clickData"],
    }
    response = client.client.post(f"{PREFIX}_dash-update-component", json=body,
                                  headers={"X-CSRFToken": client.token})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_json()["response"]["url"]["pathname"] == f"{PREFIX}unit/{unit_id}"
