"""Units' official order (排序号), short names (简称) and aliases (别名): set on the admin
unit form, unique across units, used wherever units are listed, and understood by the
problem-list import."""

import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Event, Item, Unit, UnitAlias
from rectify.services.reads import league

# Official order c, a, b: the opposite of pinyin's for a and b (甲 jia, 乙 yi, 丙 bing).
OFFICIAL = ("c", "a", "b")
NAMES = {"a": "市甲局", "b": "市乙局", "c": "市丙局"}


def set_official_order(world) -> None:
    for position, code in enumerate(OFFICIAL, start=1):
        world.units[code].position = position * 10
    db.session.commit()


def order_of(page: str, codes=("a", "b", "c")) -> tuple[str, ...]:
    """The units named in ``page`` in the order their names first appear."""
    return tuple(sorted(codes, key=lambda code: page.index(NAMES[code])))


def options(page: str, name: str) -> list[str]:
    html = re.search(f'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", html)


def save_unit(client, unit: Unit | None, **fields):
    url = f"/admin/units/{unit.id}" if unit else "/admin/units/new"
    token = csrf_token(client, url)
    data = {"csrf_token": token, "name_en": "", "kind": "department", "parent_id": 0,
            "active": "y", **fields}
    return client.post(url, data=data)


def test_admin_sets_order_short_name_and_aliases_audited(world, login):
    admin = login("admin")
    response = save_unit(admin, None, code="cgj", name="市城市管理局", short_name="市城管局",
                         position="19", aliases="城管局\n市城管执法局、城管局")
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit).where(Unit.code == "cgj"))
    assert (unit.position, unit.short_name) == (19, "市城管局")
    assert set(unit.alias_names) == {"城管局", "市城管执法局"}
    form = admin.get(f"/admin/units/{unit.id}").get_data(as_text=True)
    assert 'value="市城管局"' in form and "城管局\n市城管执法局" in form

    save_unit(admin, unit, code="cgj", name="市城市管理局", short_name="市城管局", position="",
              aliases="市城管执法局\n市容局")  # an empty order number keeps the unit's
    db.session.expire_all()
    unit = db.session.get(Unit, unit.id)
    assert unit.position == 19 and set(unit.alias_names) == {"市容局", "市城管执法局"}
    assert set(db.session.scalars(select(UnitAlias.name))) == {"市容局", "市城管执法局"}
    event = db.session.scalars(select(Event).where(Event.kind == "unit_changed")).one()
    assert event.new["position"] == 19 and event.new["short_name"] == "市城管局"
    assert set(event.new["aliases"]) == {"市容局", "市城管执法局"}


def test_names_short_names_and_aliases_point_at_one_unit_only(world, login):
    admin = login("admin")
    world.units["a"].short_name = "甲局"
    world.units["a"].aliases = [UnitAlias(name="市甲办")]
    db.session.commit()
    for fields in ({"short_name": "甲局"}, {"short_name": "市甲局"}, {"aliases": "市甲办"},
                   {"aliases": "新名\n甲局"}, {"short_name": "市甲办"}):
        response = save_unit(admin, world.units["b"], code="b", name="市乙局", **fields)
        assert "已有其他单位使用此简称或别名" in response.get_data(as_text=True), fields
    db.session.expire_all()
    unit_b = db.session.get(Unit, world.units["b"].id)
    assert unit_b.short_name == "" and unit_b.alias_names == []
    # A unit may keep its own names when saved again.
    response = save_unit(admin, world.units["a"], code="a", name="市甲局", short_name="甲局",
                         aliases="市甲办")
    assert response.status_code == 302


def test_admin_units_page_lists_the_official_order(world, login):
    set_official_order(world)
    page = login("admin").get("/admin/units").get_data(as_text=True)
    assert order_of(page) == OFFICIAL


def test_select_boxes_and_the_list_sorted_by_unit_follow_the_official_order(world, login):
    set_official_order(world)
    committee = login("committee")
    form = committee.get("/items/new").get_data(as_text=True)
    assert options(form, "lead_unit_id") == [NAMES[c] for c in OFFICIAL]
    listing = committee.get("/items/").get_data(as_text=True)
    assert options(listing, "unit")[1:] == [NAMES[c] for c in OFFICIAL]
    for code in ("a", "b", "c"):
        raise_item(world, lead=code, problem=f"问题{code}")
    page = committee.get("/items/?sort=unit").get_data(as_text=True)
    assert [re.search(f"问题{c}", page).start() for c in OFFICIAL] == sorted(
        re.search(f"问题{c}", page).start() for c in OFFICIAL)


def test_co_units_groups_league_and_reports_follow_the_official_order(world, login):
    set_official_order(world)
    item = raise_item(world, lead="a", co=("b", "c"))
    db.session.expire_all()
    assert [u.code for u in db.session.get(Item, item.id).co_units] == ["c", "b"]
    for code in ("b", "c"):
        raise_item(world, lead=code)
    rows = league.league_table(world.users["committee"], world.campaign.id,
                               world.campaign.default_due_date, sort="unit")
    assert [row.unit_id for row in rows] == [world.units[c].id for c in OFFICIAL]
    reports = login("committee").get(f"/reports/?campaign={world.campaign.id}")
    assert order_of(reports.get_data(as_text=True)) == OFFICIAL


def test_units_without_an_order_number_fall_back_to_pinyin_after_numbered_ones(world):
    world.units["b"].position = 0
    world.units["a"].position = 0
    world.units["c"].position = 0
    db.session.add(Unit(code="z", name="安丘市", position=0))
    db.session.commit()
    names = db.session.scalars(select(Unit.name).order_by(*Unit.official_order())).all()
    assert names == ["安丘市", "市丙局", "市甲局", "市乙局"]  # an Qiu, bing, jia, yi
    world.units["b"].position = 1
    db.session.commit()
    names = db.session.scalars(select(Unit.name).order_by(*Unit.official_order())).all()
    assert names[-1] == "市乙局"


def test_the_import_finds_units_by_short_name_and_alias(world, login):
    world.units["a"].short_name = "甲局"
    world.units["b"].aliases = [UnitAlias(name="市乙办")]
    db.session.commit()
    book = Workbook()
    book.active.append(["牵头单位", "配合单位", "问题类别", "问题来源", "存在问题", "整改要求"])
    book.active.append(["甲局", "市乙办、市丙局", "依法行政", "问卷调查", "简称导入", "整改"])
    book.active.append(["市乙办", None, "依法行政", "问卷调查", "别名导入", "整改"])
    buffer = io.BytesIO()
    book.save(buffer)
    committee = login("committee")
    token = csrf_token(committee, "/items/import/")
    response = committee.post("/items/import/", data={
        "csrf_token": token, "campaign_id": world.campaign.id,
        "file": (io.BytesIO(buffer.getvalue()), "问题清单.xlsx")},
        content_type="multipart/form-data")
    assert "已导入 2 项" in response.get_data(as_text=True)
    first = db.session.scalar(select(Item).where(Item.problem == "简称导入"))
    assert first.lead_unit.code == "a" and {u.code for u in first.co_units} == {"b", "c"}
    second = db.session.scalar(select(Item).where(Item.problem == "别名导入"))
    assert second.lead_unit.code == "b"


def test_a_new_unit_without_an_order_number_comes_last(world, login):
    set_official_order(world)
    save_unit(login("admin"), None, code="d", name="市丁局", position="")
    unit = db.session.scalar(select(Unit).where(Unit.code == "d"))
    assert unit.position == 31
    assert db.session.scalars(select(Unit.code).order_by(*Unit.official_order())).all()[-1] == "d"


def test_the_import_template_lists_units_in_the_official_order(world, login):
    set_official_order(world)
    response = login("committee").get("/items/import/template.xlsx")
    values = load_workbook(io.BytesIO(response.data)).worksheets[1]
    offered = [values.cell(r, 1).value for r in range(2, values.max_row + 1)]
    assert values.cell(1, 1).value == "牵头单位"
    assert [v for v in offered if v] == [NAMES[c] for c in OFFICIAL]
