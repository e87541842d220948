"""Traffic lights (亮灯): green on track or closed, yellow within the setting's working days
of the deadline (holiday calendar, 调休 included), red overdue, dark red past the
severe-overdue days; the SQL twin agrees with the rule on random dates across 2025-2027;
the list and the item page show the light."""

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from conftest import move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Item
from rectify.services.setup.holidays import library_days

LIBRARY = {each.day: each.is_working_day for each in library_days()}
# The library knows no 2027 yet: a made-up National Day week for the property test.
WITH_2027 = {**LIBRARY, **{date(2027, 10, day): False for day in range(1, 8)},
             date(2027, 9, 26): True, date(2027, 10, 9): True}


def test_yellow_until_counts_working_days_over_national_day():
    # From Wednesday 09-30: 10-08, 10-09, 10-10 (worked Saturday), 10-12, 10-13 are the
    # five working days; 10-14 is the sixth.
    assert workflow.yellow_until(date(2026, 9, 30), 5, LIBRARY) == date(2026, 10, 13)
    assert workflow.yellow_until(date(2026, 9, 30), 5, {}) == date(2026, 10, 7)


def test_the_four_lights():
    today, until = date(2026, 9, 30), date(2026, 10, 13)
    lights = {due: workflow.light("in_progress", due, today, until, 30) for due in (
        date(2026, 10, 14), date(2026, 10, 13), today, date(2026, 9, 29), date(2026, 8, 31),
        date(2026, 8, 30))}
    assert list(lights.values()) == ["green", "yellow", "yellow", "red", "red", "severe"]
    assert workflow.light("closed", date(2026, 8, 1), today, until, 30) == "green"


STATUSES = st.sampled_from(workflow.STATUSES)
DAYS = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(today=DAYS, yellow_days=st.integers(0, 15), severe_days=st.integers(0, 60),
       rows=st.lists(st.tuples(st.integers(-120, 120), STATUSES), min_size=1, max_size=30))
def test_the_sql_twin_agrees_with_the_rule(world, today, yellow_days, severe_days, rows):
    until = workflow.yellow_until(today, yellow_days, WITH_2027)
    db.session.execute(insert(Item), [{
        "code": f"L-{n}", "campaign_id": world.campaign.id, "category_id": world.category.id,
        "lead_unit_id": world.units["a"].id, "source": "questionnaire", "problem": "灯",
        "due_date": today + timedelta(days=offset), "status": status,
        "created_at": datetime(2025, 1, 1)} for n, (offset, status) in enumerate(rows)])
    in_sql = dict(db.session.execute(select(
        Item.code, Item.light_clause(today, until, severe_days))).all())
    by_rule = {item.code: item.light(today, until, severe_days)
               for item in db.session.scalars(select(Item))}
    db.session.execute(delete(Item))
    db.session.commit()
    assert in_sql == by_rule


def test_the_list_and_the_item_page_show_the_light(world, login):
    on_track = raise_item(world, due_date=date(2026, 12, 1), problem="按期推进")
    near = raise_item(world, due_date=date(2026, 6, 3), problem="临近期限")
    late = move(world, raise_item(world, due_date=date(2026, 5, 20), problem="逾期"),
                ("dept-a", "sign_for"))
    very_late = raise_item(world, due_date=date(2026, 3, 1), problem="严重逾期")
    client = login("committee")
    page = client.get("/items/").get_data(as_text=True)
    for item, light in ((on_track, "green"), (near, "yellow"), (late, "red"),
                        (very_late, "severe")):
        row = page.split(f">{item.code}</a>")[1].split("</tr>")[0]
        assert f'data-light="{light}"' in row, (item.code, light)
        detail = client.get(f"/items/{item.id}").get_data(as_text=True)
        assert f'data-light="{light}"' in detail.split("</h1>")[0]
