"""The categories page: listed in order, added, edited, retired; duplicates refused; a
retired category is no longer offered for new items (form, import) while items that
have it keep and show it."""

import io
import re

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Category, Event, Item


def save(client, url: str, **fields):
    token = csrf_token(client, url)
    data = {"csrf_token": token, "name_en": "", "position": "0", "active": "y", **fields}
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def add_categories(world) -> dict[str, Category]:
    extra = {code: Category(code=code, name=name, position=position) for code, name, position in
             (("service", "服务质量", 2), ("conduct", "作风建设", 1), ("overall", "大局意识", 3))}
    world.category.position = 4
    db.session.add_all(extra.values())
    db.session.commit()
    return extra


def option_labels(page: str, name: str) -> list[str]:
    select_html = re.search(f'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select_html)


def test_the_list_shows_every_category_in_order(world, login):
    add_categories(world)
    world.category.active = False
    db.session.commit()
    page = login("admin").get("/admin/categories").get_data(as_text=True)
    names = re.findall(r"<td>(作风建设|服务质量|大局意识|依法行政)</td>", page)
    assert names == ["作风建设", "服务质量", "大局意识", "依法行政"]
    assert page.count('class="inactive"') == 1


def test_admin_adds_and_edits_a_category_audited(world, login):
    admin = login("admin")
    response = save(admin, "/admin/categories/new", code="Safety", name="安全生产",
                    name_en="Work safety", position="5")
    assert response.status_code == 302
    category = db.session.scalar(select(Category).where(Category.code == "safety"))
    assert (category.name, category.name_en, category.position, category.active) == (
        "安全生产", "Work safety", 5, True)
    response = save(admin, f"/admin/categories/{category.id}", code="safety", name="安全生产监管",
                    name_en="Work safety", position="1", active=None)  # unticked: retired
    assert response.status_code == 302
    db.session.refresh(category)
    assert (category.name, category.position, category.active) == ("安全生产监管", 1, False)
    events = db.session.scalars(select(Event).where(Event.kind.like("category_%"))
                                .order_by(Event.id)).all()
    assert [e.kind for e in events] == ["category_created", "category_changed"]
    assert events[1].old["name"] == "安全生产" and events[1].new["active"] is False
    assert all(e.item_id is None and e.actor_id == world.users["admin"].id for e in events)


def test_duplicate_code_or_name_is_refused_with_a_message(world, login):
    admin = login("admin")
    before = db.session.scalar(select(func.count(Category.id)))
    page = save(admin, "/admin/categories/new", code="LAW", name="新类别").get_data(as_text=True)
    assert "已有其他问题类别使用此代码" in page
    page = save(admin, "/admin/categories/new", code="new", name="依法行政").get_data(as_text=True)
    assert "已有其他问题类别使用此名称" in page
    assert db.session.scalar(select(func.count(Category.id))) == before
    other = Category(code="service", name="服务质量")
    db.session.add(other)
    db.session.commit()
    page = save(admin, f"/admin/categories/{other.id}", code="service",
                name="依法行政").get_data(as_text=True)
    assert "已有其他问题类别使用此名称" in page
    db.session.refresh(other)
    assert other.name == "服务质量"


def test_bad_input_is_refused_at_the_field(world, login):
    admin = login("admin")
    for fields, field in (({"code": "有 空格", "name": "甲"}, "code"),
                          ({"code": "x", "name": "甲\x07"}, "name"),
                          ({"code": "x", "name": "甲", "position": "-1"}, "position")):
        page = save(admin, "/admin/categories/new", **fields).get_data(as_text=True)
        assert re.search(f'has-error">\\s*<label for="{field}"', page), fields
    assert db.session.scalar(select(func.count(Category.id))) == 1


def test_a_retired_category_is_not_offered_for_new_items(world, login):
    extra = add_categories(world)
    extra["service"].active = False
    db.session.commit()
    committee = login("committee")
    offered = option_labels(committee.get("/items/new").get_data(as_text=True), "category_id")
    assert offered == ["作风建设", "大局意识", "依法行政"]
    token = csrf_token(committee, "/items/new")
    response = committee.post("/items/new", data={
        "csrf_token": token, "campaign_id": world.campaign.id, "lead_unit_id": world.units["a"].id,
        "category_id": extra["service"].id, "source": "questionnaire", "priority": "normal",
        "problem": "停用类别", "requirement": "整改", "due_date": ""})
    assert response.status_code == 200
    assert db.session.scalar(select(func.count(Item.id))) == 0
    # The list can still be filtered by it: items keep retired categories.
    filters = option_labels(committee.get("/items/").get_data(as_text=True), "category")
    assert "服务质量" in filters


def test_an_item_keeps_and_shows_its_retired_category(world, login):
    add_categories(world)
    item = raise_item(world)
    world.category.active = False
    db.session.commit()
    committee = login("committee")
    assert "依法行政" in committee.get(f"/items/{item.id}").get_data(as_text=True)
    form = committee.get(f"/items/{item.id}/edit").get_data(as_text=True)
    assert option_labels(form, "category_id") == ["作风建设", "服务质量", "大局意识", "依法行政"]
    token = csrf_token(committee, f"/items/{item.id}/edit")
    data = {"csrf_token": token, "campaign_id": world.campaign.id,
            "lead_unit_id": world.units["a"].id, "category_id": world.category.id,
            "source": "questionnaire", "priority": "high", "problem": item.problem,
            "requirement": item.requirement, "due_date": "", "version": item.version}
    assert committee.post(f"/items/{item.id}/edit", data=data).status_code == 302
    db.session.refresh(item)
    assert item.priority == "high" and item.category_id == world.category.id


def test_the_import_refuses_a_retired_category(world, login):
    world.category.active = False
    db.session.add(Category(code="service", name="服务质量"))
    db.session.commit()
    book = Workbook()
    book.active.append(["牵头单位", "问题类别", "问题来源", "存在问题", "整改要求"])
    book.active.append(["市甲局", "依法行政", "问卷调查", "停用类别的问题", "整改"])
    book.active.append(["市甲局", "服务质量", "问卷调查", "在用类别的问题", "整改"])
    buffer = io.BytesIO()
    book.save(buffer)
    committee = login("committee")
    token = csrf_token(committee, "/items/import/")
    response = committee.post("/items/import/", data={
        "csrf_token": token, "campaign_id": world.campaign.id,
        "file": (io.BytesIO(buffer.getvalue()), "问题清单.xlsx")},
        content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "问题类别“依法行政”已停用" in page
    assert db.session.scalar(select(func.count(Item.id))) == 0  # all or nothing


def test_the_import_template_offers_active_categories_only(world, login):
    add_categories(world)["service"].active = False
    db.session.commit()
    response = login("committee").get("/items/import/template.xlsx")
    values = load_workbook(io.BytesIO(response.data)).worksheets[1]
    column = next(c for c in range(1, values.max_column + 1)
                  if values.cell(1, c).value == "问题类别")
    offered = [values.cell(r, column).value for r in range(2, values.max_row + 1)]
    assert [v for v in offered if v] == ["作风建设", "大局意识", "依法行政"]
