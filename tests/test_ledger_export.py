"""The ledger export: filtered, scoped to the user's unit, real dates, Chinese headers."""

import io
from datetime import date, datetime

from openpyxl import load_workbook

from conftest import move, raise_item
from rectify.services import items as item_service


def rows(response):
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_follows_filters_and_has_measures(world, login):
    item = move(world, raise_item(world, lead="a", problem="甲局问题"), ("dept-a", "sign_for"))
    item_service.add_action(world.users["dept-a"], item, "measure", "制定整改方案")
    item_service.add_action(world.users["dept-a"], item, "progress", "进展不计入措施")
    raise_item(world, lead="b", problem="乙局问题")
    table = rows(login("committee").get("/items/export.xlsx"))
    header, body = table[0], table[1:]
    assert header[:5] == ["编号", "牵头单位", "问题类别", "问题来源", "存在问题"]
    assert len(body) == 2
    first = next(r for r in body if r[0] == item.code)
    assert first[6] == "1. 制定整改方案"
    assert first[8] == datetime(2026, 8, 1) and first[9] == "整改中"
    only_b = rows(login("committee").get(f"/items/export.xlsx?unit={world.units['b'].id}"))
    assert [r[4] for r in only_b[1:]] == ["乙局问题"]


def test_department_exports_only_its_own_unit(world, login):
    raise_item(world, lead="a", problem="甲局问题")
    raise_item(world, lead="b", problem="乙局问题")
    raise_item(world, lead="c", co=("a",), problem="丙局牵头甲局配合")
    for query in ("", f"?unit={world.units['b'].id}"):
        table = rows(login("dept-a").get("/items/export.xlsx" + query))
        problems = sorted(r[4] for r in table[1:])
        assert "乙局问题" not in problems
        if not query:
            assert problems == ["丙局牵头甲局配合", "甲局问题"]


def test_overdue_days_in_export(world, login):
    import time_machine

    raise_item(world, due_date=date(2026, 6, 5))
    with time_machine.travel(datetime(2026, 6, 9, 2), tick=False):
        table = rows(login("committee").get("/items/export.xlsx?overdue=y"))
    assert table[1][11] == 4
