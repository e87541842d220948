"""One-line fields (issue 14, Low): names, codes and titles refuse line breaks and
text-direction controls, which broke the letters (500) and spoofed download names."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from conftest import csrf_token
from rectify.extensions import db
from rectify.models import Unit
from rectify.text import is_single_line

HOSTILE = ["市丁局\r\n", "市丁\n局", "市丁局\u2028", "报告\u202excod.exe", "\u2066市丁局\u2069",
           "\u200f市丁局"]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_rule(text):
    assert not is_single_line(text)


def test_plain_names_are_one_line():
    assert is_single_line("市城市管理局（市综合行政执法局） Bureau")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_unit_name_with_a_line_break_or_direction_control_is_refused(world, login, name):
    admin = login("admin")
    response = admin.post("/admin/units/new", data={
        "csrf_token": csrf_token(admin, "/admin/units/new"), "code": "d", "name": name,
        "name_en": "", "kind": "department", "parent_id": 0, "active": "y"})
    assert response.status_code == 200 and "此处不允许换行或文字方向控制字符" in response.get_data(
        as_text=True)
    assert db.session.scalar(db.select(Unit).where(Unit.code == "d")) is None


def test_a_plain_unit_name_is_accepted(world, login):
    admin = login("admin")
    response = admin.post("/admin/units/new", data={
        "csrf_token": csrf_token(admin, "/admin/units/new"), "code": "d", "name": "市丁局",
        "name_en": "Unit D", "kind": "department", "parent_id": 0,
        "active": "y"})
    assert response.status_code == 302


def test_the_import_template_writes_unit_names_as_text_never_formulas(world, login):
    """Issue 14, Low: an admin-typed name ``=HYPERLINK(…)`` ran as a formula in Excel."""
    unit = world.units["c"]
    unit.name = '=HYPERLINK("http://evil.example","点击")'
    db.session.commit()
    response = login("committee").get("/items/import/template.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row
             if cell.value == unit.name]
    assert cells and all(cell.data_type == "s" for cell in cells)
