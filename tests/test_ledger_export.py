"""The ledger export: filtered, scoped to the user's unit, real dates, Chinese headers."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from conftest import move, raise_item
from rectify.labels import LEDGER_ONLY_LABELS
from rectify.services.tracking import items as item_service


def rows(response):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def records(response) -> list[dict]:
    """The data rows as dicts by header."""
    header, *body = rows(response)
    return [dict(zip(header, row, strict=True)) for row in body]


def test_export_follows_filters_and_has_measures(world, login):
    item = move(world, raise_item(world, lead="a", problem="甲局问题"), ("dept-a", "sign_for"))
    item_service.add_action(world.users["dept-a"], item, "measure", "制定整改方案")
    item_service.add_action(world.users["dept-a"], item, "progress", "进展不计入措施")
    raise_item(world, lead="b", problem="乙局问题")
    header = rows(login("committee").get("/items/export.xlsx"))[0]
    assert header == ["编号", "牵头单位", "配合单位", "问题类别", "问题来源", "优先级", "存在问题",
                      "整改要求", "整改措施", "责任领导", "责任人", "整改期限", "状态", "销号日期",
                      "验收意见", "逾期天数", "检查类型", "插件检查",
                      str(LEDGER_ONLY_LABELS["chase_count"]),
                      str(LEDGER_ONLY_LABELS["last_chased"])]
    body = records(login("committee").get("/items/export.xlsx"))
    assert len(body) == 2
    first = next(r for r in body if r["编号"] == item.code)
    assert first["整改措施"] == "1. 制定整改方案"
    assert first["整改期限"] == datetime(2026, 8, 1) and first["状态"] == "整改中"
    only_b = records(login("committee").get(f"/items/export.xlsx?unit={world.units['b'].id}"))
    assert [r["存在问题"] for r in only_b] == ["乙局问题"]


def test_department_exports_only_its_own_unit(world, login):
    raise_item(world, lead="a", problem="甲局问题")
    raise_item(world, lead="b", problem="乙局问题")
    raise_item(world, lead="c", co=("a",), problem="丙局牵头甲局配合")
    for query in ("", f"?unit={world.units['b'].id}"):
        table = records(login("dept-a").get("/items/export.xlsx" + query))
        problems = sorted(r["存在问题"] for r in table)
        assert "乙局问题" not in problems
        if not query:
            assert problems == ["丙局牵头甲局配合", "甲局问题"]


def test_the_verification_opinion_of_closed_items_is_exported(world, login):
    closed = move(world, raise_item(world, problem="已销号"), ("dept-a", "sign_for"),
                  ("dept-a", "submit"))
    item_service.apply_transition(world.users["committee"], closed, "close",
                                  reason="现场核查已整改到位，同意销号。")
    working = raise_item(world, problem="整改中")
    ledger = records(login("committee").get("/items/export.xlsx"))
    opinion = {r["编号"]: r["验收意见"] for r in ledger}
    assert opinion == {closed.code: "现场核查已整改到位，同意销号。", working.code: None}


def test_overdue_days_in_export(world, login):
    import time_machine

    raise_item(world, due_date=date(2026, 6, 5))
    with time_machine.travel(datetime(2026, 6, 9, 2), tick=False):
        table = records(login("committee").get("/items/export.xlsx?overdue=y"))
    assert table[0]["逾期天数"] == 4


def test_plugin_check_state_column(world, login):
    from rectify.extensions import db
    from rectify.models import Item
    from rectify.services.tracking import checks

    plain = raise_item(world, problem="没有检查类型")
    failing = move(world, raise_item(world, problem="巡查不足", check_type="river_patrol"),
                   ("dept-a", "sign_for"))
    checks.add_check_record(world.users["dept-a"], db.session.get(Item, failing.id), {
        "date": date(2026, 5, 30), "river_section": "胶河", "illegal_mining_found": False,
        "equipment_seized": 0})
    ledger = records(login("committee").get("/items/export.xlsx"))
    state = {r["编号"]: r["插件检查"] for r in ledger}
    assert state[plain.code] is None
    assert state[failing.code].startswith("未通过：巡查1次，至少需要8次。")


def test_english_users_get_english_headers_and_a_frozen_header_row(world, login):
    from rectify.extensions import db

    world.users["committee"].locale = "en"
    db.session.commit()
    raise_item(world)
    response = login("committee").get("/items/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert [c.value for c in sheet[1]][:4] == ["Code", "Lead unit", "Co-operating units",
                                               "Category"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["G"].width == 50
    assert sheet["B2"].value == "Unit A" and sheet["M2"].value == "Awaiting sign-for"


def test_export_cells_have_real_types_styles_and_formula_safe_text(world, login):
    """The streamed sheet: bold white-on-red header, frozen first row, widths, real dates
    with a date format, wrapped text, numbers as numbers, and text that looks like a
    formula kept as text."""
    raise_item(world, problem="=SUM(A1:A2)<&>\"引号\"", due_date=date(2026, 7, 1))
    sheet = load_workbook(io.BytesIO(login("committee").get("/items/export.xlsx").data)).active
    header, row = sheet[1], sheet[2]
    assert header[0].font.bold and header[0].font.color.rgb == "00FFFFFF"
    assert header[0].fill.fill_type == "solid" and header[0].fill.fgColor.rgb == "00B3261E"
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[c].width for c in "ABG"] == [16, 22, 50]
    by_header = {h.value: cell for h, cell in zip(header, row, strict=True)}
    problem = by_header["存在问题"]
    assert problem.data_type == "s" and problem.value == "=SUM(A1:A2)<&>\"引号\""
    assert problem.alignment.wrap_text and problem.alignment.vertical == "top"
    due = by_header["整改期限"]
    assert due.is_date and due.value == datetime(2026, 7, 1)
    assert due.number_format == "yyyy-mm-dd"
    assert by_header["逾期天数"].value == 0 and by_header["逾期天数"].data_type == "n"
    assert by_header["销号日期"].value is None
