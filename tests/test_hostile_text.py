"""Text that looks like markup or a formula is shown as text everywhere: web pages, the
dashboards' callback output, the Excel exports, the Word documents and the API."""

from __future__ import annotations

import html
import io
from datetime import date

import pytest
from docx import Document
from hostile.corpus import SCRIPT
from openpyxl import load_workbook

from conftest import move, raise_item
from dashboards.testing import CallbackClient
from rectify.extensions import db
from rectify.services.accounts.tokens import issue_token
from rectify.services.tracking import chasing
from rectify.services.tracking import items as item_service

# Cell texts Excel would run as formulas if they were written as formulas.
FORMULAS = {"requirement": '=HYPERLINK("http://evil.example","点击")',
            "responsible_person": "@SUM(1+1)", "responsible_leader": "+1+1"}
MEASURE = "-2+3"
ESCAPED = html.escape(SCRIPT, quote=False)


@pytest.fixture
def hostile_item(world):
    """An overdue item of unit a whose texts are markup and formulas, with a record, a
    measure and a chase carrying them too."""
    item = raise_item(world, problem=SCRIPT, due_date=date(2026, 5, 1), **{
        k: v for k, v in FORMULAS.items() if k != "requirement"})
    item.requirement = FORMULAS["requirement"]
    db.session.commit()
    move(world, item, ("dept-a", "sign_for"))
    item_service.add_action(world.users["dept-a"], item, "comment", SCRIPT)
    item_service.add_action(world.users["dept-a"], item, "measure", MEASURE)
    chasing.chase_item(world.users["committee"], item, SCRIPT)
    db.session.commit()
    return item


@pytest.mark.parametrize("username, path", [
    ("committee", "/items/"), ("committee", "/items/{id}"), ("dept-a", "/items/{id}"),
    ("dept-a", "/notifications/"), ("leader", "/items/?q=script"),
])
def test_pages_show_markup_as_text(login, hostile_item, username, path):
    page = login(username).get(path.format(id=hostile_item.id)).get_data(as_text=True)
    assert SCRIPT not in page
    assert ESCAPED in page or path == "/notifications/"


def test_the_item_page_shows_the_record_and_chase_escaped(login, hostile_item):
    page = login("committee").get(f"/items/{hostile_item.id}").get_data(as_text=True)
    assert page.count(ESCAPED) >= 3  # the problem, the record, the chase


# Dashboards --------------------------------------------------------------------------------

def component_types(tree) -> set[str]:
    found = set()
    if isinstance(tree, dict):
        if "type" in tree and "props" in tree:
            found.add(f"{tree.get('namespace')}.{tree['type']}")
        for value in tree.values():
            found |= component_types(value)
    elif isinstance(tree, list):
        for value in tree:
            found |= component_types(value)
    return found


def strings_in(tree) -> list[str]:
    if isinstance(tree, str):
        return [tree]
    if isinstance(tree, dict):
        return [s for v in tree.values() for s in strings_in(v)]
    if isinstance(tree, list):
        return [s for v in tree for s in strings_in(v)]
    return []


def test_the_overdue_table_carries_the_text_as_a_plain_string(login, hostile_item):
    answer = CallbackClient(login("committee")).call("od-table.children", {})
    tree = answer["od-table"]["children"]
    assert SCRIPT in strings_in(tree)
    types = component_types(tree)
    assert types and all(t.startswith("dash_html_components.") for t in types), types
    assert "dangerously_allow_html" not in str(tree)
    assert "dangerouslySetInnerHTML" not in str(tree)


# Excel exports -----------------------------------------------------------------------------

def sheet_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [tuple(cell for cell in row) for row in sheet.iter_rows()]


def test_the_ledger_keeps_markup_and_formulas_as_text(login, hostile_item):
    rows = sheet_rows(login("committee").get("/items/export.xlsx").data)
    cells = {cell.value: cell for row in rows[1:] for cell in row if cell.value is not None}
    for text in [SCRIPT, *FORMULAS.values(), f"1. {MEASURE}"]:
        assert text in cells, text
        assert cells[text].data_type == "s", text


def test_the_league_export_keeps_a_formula_like_unit_name_as_text(login, world, hostile_item):
    world.units["a"].name = "=1+1"
    db.session.commit()
    rows = sheet_rows(login("committee").get("/league/export.xlsx").data)
    names = [cell for row in rows[1:] for cell in row if cell.value == "=1+1"]
    assert names and all(cell.data_type == "s" for cell in names)


# Word documents and the API ----------------------------------------------------------------

def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("path", ["/reports/{campaign}/feedback/{unit}.docx",
                                  "/reports/{campaign}/progress.docx"])
def test_word_documents_contain_the_literal_text(login, world, hostile_item, path):
    url = path.format(campaign=world.campaign.id, unit=world.units["a"].id)
    response = login("committee").get(url)
    assert response.status_code == 200
    assert SCRIPT in docx_text(response.data)


def test_the_api_returns_the_text_verbatim(app, world, hostile_item):
    _token, plain = issue_token(world.users["dept-a"], "hostile")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {plain}"}
    item = client.get(f"/api/v1/items/{hostile_item.id}", headers=headers).get_json()
    actions = client.get(f"/api/v1/items/{hostile_item.id}/actions", headers=headers).get_json()
    assert item["problem"] == SCRIPT
    assert item["requirement"] == FORMULAS["requirement"]
    assert SCRIPT in [action["body"] for action in actions["actions"]]
