"""The calendar's edges (issue 14, Low): ``raised_from=0001-01-01`` or ``raised_to=
9999-12-31`` overflowed on the way to UTC (500) on the list, the export, the API list and
the API dashboard; they now select what any date that far out selects."""

from __future__ import annotations

import pytest

from conftest import raise_item
from rectify.services.accounts import tokens

EDGES = [("0001-01-01", "9999-12-31"), ("9999-12-31", "9999-12-31"), ("0001-01-01", "0001-01-01")]


@pytest.mark.parametrize("start, end", EDGES)
def test_the_web_list_and_export_take_any_date(world, login, start, end):
    item = raise_item(world)
    client = login("committee")
    page = client.get("/items/", query_string={"raised_from": start, "raised_to": end})
    assert page.status_code == 200
    assert (item.code in page.get_data(as_text=True)) == ((start, end) == EDGES[0])
    export = client.get("/items/export.xlsx", query_string={"raised_from": start,
                                                            "raised_to": end})
    assert export.status_code == 200


@pytest.mark.parametrize("start, end", EDGES)
def test_the_api_list_and_dashboard_take_any_date(world, app, start, end):
    raise_item(world)
    plain = tokens.issue_token(world.users["committee"], "t")[1]
    client, auth = app.test_client(), {"Authorization": f"Bearer {plain}"}
    listed = client.get("/api/v1/items", headers=auth,
                        query_string={"raised_from": start, "raised_to": end})
    assert listed.status_code == 200
    assert len(listed.get_json()["items"]) == (1 if (start, end) == EDGES[0] else 0)
    dashboard = client.get("/api/v1/dashboard", headers=auth,
                           query_string={"start": start, "end": end})
    assert dashboard.status_code == 200
