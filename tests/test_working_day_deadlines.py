"""Deadlines given in working days ("N 个工作日内"), raised on Monday 2026-09-28 before the
National Day holiday (10-01 to 10-07 off, Saturday 10-10 worked): stored as the computed
date, remembered on the item, and shown as working days left or overdue on the item page,
in the list and in the API; calendar-day deadlines keep their calendar days."""

from datetime import date, datetime

import pytest
from test_items_web import item_form

from conftest import csrf_token, raise_item
from rectify.extensions import db
from rectify.models import Item
from rectify.services.setup import holidays
from rectify.services.tracking import items as item_service
from rectify.services.tracking.item_fields import ItemFields, ItemFieldsInvalid

MONDAY = datetime(2026, 9, 28, 2)  # 10:00 in Shanghai


@pytest.fixture
def before_national_day(world, frozen_today):
    holidays.seed_from_library()
    frozen_today.move_to(MONDAY)
    return frozen_today


def test_five_working_days_from_monday_end_on_the_worked_saturday(world, before_national_day):
    item = raise_item(world, due_working_days=5)
    # 09-29, 09-30, (holiday), 10-08, 10-09 and Saturday 10-10 (调休上班)
    assert (item.due_date, item.due_in_working_days) == (date(2026, 10, 10), True)
    assert item.days_left(date(2026, 9, 30), holidays.special_days()) == 3
    assert item.days_left(date(2026, 10, 12), holidays.special_days()) == -1


def test_a_date_deadline_counts_calendar_days(world, before_national_day):
    item = raise_item(world, due_date=date(2026, 10, 10))
    assert item.due_in_working_days is False
    assert item.days_left(date(2026, 9, 30), holidays.special_days()) == 10


def test_an_administrators_correction_moves_the_computed_deadline(world, before_national_day):
    holidays.save_day(world.users["admin"], date(2026, 10, 9), False, "本地更正")
    assert raise_item(world, due_working_days=5).due_date == date(2026, 10, 12)


@pytest.mark.parametrize(("changes", "field", "code"), [
    ({"due_working_days": 0}, "due_working_days", "working_days_range"),
    ({"due_working_days": 2501}, "due_working_days", "working_days_range"),
    ({"due_working_days": 3, "due_date": date(2026, 12, 1)}, "due_working_days",
     "date_and_working_days"),
])
def test_bad_working_days_are_refused(world, before_national_day, changes, field, code):
    with pytest.raises(ItemFieldsInvalid) as refused:
        raise_item(world, **changes)
    assert refused.value.errors[field].code == code
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 0


def test_editing_keeps_the_working_days_until_a_new_date_is_given(world, before_national_day):
    item = raise_item(world, due_working_days=5)
    fields = ItemFields(campaign=world.campaign, lead_unit=item.lead_unit,
                        category=item.category, source=item.source, problem="改过的问题",
                        requirement=item.requirement, due_date=item.due_date)
    item_service.update_item(world.users["committee"], item, fields, item.version)
    assert item.due_in_working_days is True
    fields.due_date = date(2026, 11, 30)
    item_service.update_item(world.users["committee"], item, fields, item.version)
    assert (item.due_date, item.due_in_working_days) == (date(2026, 11, 30), False)
    fields.due_date, fields.due_working_days = None, 10
    item_service.update_item(world.users["committee"], item, fields, item.version)
    assert (item.due_date, item.due_in_working_days) == (date(2026, 10, 16), True)


def test_the_web_form_raises_in_working_days_and_the_pages_count_them(world, login,
                                                                      before_national_day):
    client = login("committee")
    response = client.post("/items/new", data=item_form(
        world, csrf_token=csrf_token(client, "/items/new"), due_working_days="5"))
    assert response.status_code == 302
    item = db.session.scalar(db.select(Item))
    assert (item.due_date, item.due_in_working_days) == (date(2026, 10, 10), True)
    before_national_day.move_to(datetime(2026, 9, 30, 2))
    client = login("committee")
    page = client.get(f"/items/{item.id}").get_data(as_text=True)
    assert "剩余 3 个工作日" in page and "data-working-days" in page
    before_national_day.move_to(datetime(2026, 10, 8, 2))  # due soon: the list says so too
    assert "剩余 2 个工作日" in login("committee").get("/items/").get_data(as_text=True)
    before_national_day.move_to(datetime(2026, 10, 13, 2))
    page = login("committee").get(f"/items/{item.id}").get_data(as_text=True)
    assert "已逾期 2 个工作日" in page


def test_the_web_form_shows_a_refusal_at_the_field(world, login, before_national_day):
    client = login("committee")
    response = client.post("/items/new", data=item_form(
        world, csrf_token=csrf_token(client, "/items/new"), due_working_days="3",
        due_date="2026-12-01"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "二者选一" in page
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 0


def test_the_problem_list_takes_working_days_in_the_due_date_cell(world, login,
                                                                  before_national_day):
    from test_problem_import import row, upload, workbook

    client = login("committee")
    response = upload(client, world, workbook(
        row(**{"整改期限": "5个工作日"}),
        row(problem="第二个问题", **{"整改期限": " 10 个工作日内"})))
    assert "已导入 2 项" in response.get_data(as_text=True)
    due = dict(db.session.execute(db.select(Item.problem, Item.due_date)).all())
    assert due == {"早市管理不到位": date(2026, 10, 10), "第二个问题": date(2026, 10, 16)}
    assert all(db.session.scalars(db.select(Item.due_in_working_days)))
    response = upload(client, world, workbook(
        row(problem="第三个问题", **{"整改期限": "0个工作日"})))
    page = response.get_data(as_text=True)
    assert "工作日数应在 1 至 2500 之间" in page and "整改期限" in page
    assert db.session.scalar(db.select(db.func.count(Item.id))) == 2


def test_an_extension_in_working_days_counts_from_the_current_deadline(world, login,
                                                                       before_national_day):
    from conftest import move

    item = move(world, raise_item(world, due_date=date(2026, 9, 30)), ("dept-a", "sign_for"))
    client = login("dept-a")
    token = csrf_token(client, f"/items/{item.id}")
    response = client.post(f"/items/{item.id}/extension", data={
        "csrf_token": token, "new_due_date": "", "working_days": "3", "reason": "国庆假期"})
    assert response.status_code == 302
    request = item_service.pending_extension(item)
    assert (request.old_due_date, request.new_due_date) == (date(2026, 9, 30), date(2026, 10, 10))
    db.session.delete(request)
    db.session.commit()
    for data, message in (({"new_due_date": "", "working_days": ""}, "延长的工作日数"),
                          ({"new_due_date": "2026-12-01", "working_days": "3"}, "二者选一"),
                          ({"new_due_date": "", "working_days": "0"}, "1 至 2500")):
        page = client.post(f"/items/{item.id}/extension", data={
            "csrf_token": token, "reason": "理由", **data}, follow_redirects=True)
        assert message in page.get_data(as_text=True), data
        assert item_service.pending_extension(item) is None
