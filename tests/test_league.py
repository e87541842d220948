"""The unit league table: every figure equals the value computed here in Python from the
items, events and ratings; sorting by each column both ways; the Excel export; and who
may see it."""

import io
import re
from datetime import UTC, date, datetime
from statistics import mean
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import select

from conftest import TODAY, move, raise_item
from rectify import workflow
from rectify.extensions import db
from rectify.models import Campaign, Chase, Deliverable, Event, Item, Rating
from rectify.services.documents.league_export import SHEET_COLUMNS
from rectify.services.reads import league
from rectify.services.tracking import chasing, deliverables, followup
from rectify.services.tracking import items as item_service
from rectify.services.tracking.followup import RatingCounts
from rectify.web.league import HEADERS

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(traveller, *moment):
    """Move the frozen clock to a UTC moment."""
    traveller.move_to(datetime(*moment))


@pytest.fixture
def known(world, frozen_today):
    """Items of known history (times in UTC; Shanghai is 8 hours ahead).

    a: a1 closed 23:30 local on its due day (on time), a2 closed 00:30 local the day
       after (late, though on time by the UTC date), a3 returned once, chased twice and
       overdue, a4 open and not yet due; b: b1 returned twice then closed early, b2
       overdue and chased once; c: c1 submitted, not due. Another campaign's closed item
       of unit a must not count. Deliverables (报送材料), the plan due 05-01: a never
       submits it (late) and owes a report not due yet, b's is accepted on time, c's came
       in late.
    """
    committee = world.users["committee"]
    at(frozen_today, 2026, 3, 1, 2)
    a1, a2 = (raise_item(world, "a", due_date=date(2026, 4, 30)) for _ in range(2))
    a3 = raise_item(world, "a", due_date=date(2026, 5, 20))
    raise_item(world, "a", due_date=date(2026, 8, 1))  # a4
    b1 = raise_item(world, "b", co=("a",), due_date=date(2026, 5, 10))
    at(frozen_today, 2026, 3, 2, 9, 15)
    b2 = raise_item(world, "b", due_date=date(2026, 5, 15))
    c1 = raise_item(world, "c", due_date=date(2026, 7, 1))
    for item, unit in ((a1, "a"), (a2, "a"), (a3, "a"), (b1, "b"), (c1, "c")):
        move(world, item, (f"dept-{unit}", "sign_for"), (f"dept-{unit}", "submit"))
    move(world, a3, ("committee", "return_item"))
    move(world, b1, ("committee", "return_item"), ("dept-b", "submit"),
         ("committee", "return_item"), ("dept-b", "submit"))
    at(frozen_today, 2026, 4, 30, 15, 30)
    move(world, a1, ("committee", "close"))
    at(frozen_today, 2026, 4, 30, 16, 30)
    move(world, a2, ("committee", "close"))
    at(frozen_today, 2026, 5, 5, 3, 45)
    move(world, b1, ("committee", "close"))
    at(frozen_today, 2026, 5, 25, 1)
    for item in (a3, a3, b2):
        chasing.chase_item(committee, item, "请抓紧整改")
    for item, counts in ((a1, (3, 1, 1)), (a2, (0, 1, 2)), (b1, (4, 0, 0))):
        followup.record_rating(committee, item, RatingCounts(*counts))
    other = Campaign(title="另一次评议", year=2025, default_due_date=date(2025, 12, 31),
                     code_prefix="O25")
    db.session.add(other)
    db.session.commit()
    old = item_service.raise_item(committee, item_service.ItemFields(
        campaign=other, lead_unit=world.units["a"], category=world.category,
        source="questionnaire", problem="往年问题", requirement="整改"))
    move(world, old, ("dept-a", "sign_for"), ("dept-a", "submit"), ("committee", "close"))
    followup.record_rating(committee, old, RatingCounts(0, 0, 9))
    ask_for_documents(world, frozen_today)
    at(frozen_today, 2026, 6, 1, 2)
    return world


def ask_for_documents(world, frozen_today) -> None:
    committee, units = world.users["committee"], world.units
    at(frozen_today, 2026, 3, 2, 2)
    plans = deliverables.request_deliverables(committee, world.campaign, "rectification_plan",
                                              date(2026, 5, 1), list(units.values())).created
    deliverables.request_deliverables(committee, world.campaign, "rectification_report",
                                      date(2026, 8, 1), [units["a"]])
    by_unit = {d.unit.code: d for d in plans}
    at(frozen_today, 2026, 4, 20, 2)
    deliverables.submit(world.users["dept-b"], by_unit["b"], [("方案.pdf", b"%PDF-1.4")])
    deliverables.decide(committee, by_unit["b"], accept=True)
    at(frozen_today, 2026, 5, 5, 2)
    deliverables.submit(world.users["dept-c"], by_unit["c"], [("方案.pdf", b"%PDF-1.4")])


def local_date(moment: datetime) -> date:
    return moment.replace(tzinfo=UTC).astimezone(SHANGHAI).date()


def expected_rows(world) -> dict[str, dict]:
    """The league table computed in Python from the rows themselves, by unit name."""
    items = db.session.scalars(select(Item).where(Item.campaign_id == world.campaign.id)).all()
    events = db.session.scalars(select(Event)).all()
    ratings = {r.item_id: r for r in db.session.scalars(select(Rating))}
    chases = db.session.scalars(select(Chase)).all()
    documents = db.session.scalars(select(Deliverable)).all()
    table = {}
    for unit in {item.lead_unit for item in items}:
        ours = [i for i in items if i.lead_unit_id == unit.id]
        ids = {i.id for i in ours}
        closed = [i for i in ours if i.status == workflow.CLOSED]
        rated = [ratings[i.id] for i in ours if i.id in ratings]
        good = sum(r.satisfied + r.basically_satisfied for r in rated)
        total = sum(r.satisfied + r.basically_satisfied + r.dissatisfied for r in rated)
        table[unit.name] = {
            "raised": len(ours),
            "on_time": sum(local_date(i.closed_at) <= i.due_date for i in closed),
            "closure_rate": len(closed) / len(ours),
            "avg_days": mean((i.closed_at - i.created_at).total_seconds() / 86400
                             for i in closed) if closed else None,
            "returns": sum(e.kind == "return_item" and e.item_id in ids for e in events),
            "chases": sum(c.item_id in ids for c in chases),
            "overdue": sum(i.status != workflow.CLOSED and i.due_date < TODAY for i in ours),
            "satisfaction": good / total if total else None,
            "deliverables_late": sum(
                d.due_date < TODAY if d.status in ("requested", "returned")
                else local_date(d.submitted_at) > d.due_date
                for d in documents if d.unit_id == unit.id),
        }
    return table


def as_dict(row: league.LeagueRow) -> dict:
    return {key: getattr(row, key) for key in league.COLUMNS if key != "unit"}


def test_figures_equal_values_computed_from_the_items(known):
    rows = league.league_table(known.users["committee"], known.campaign.id, TODAY)
    got = {row.name: as_dict(row) for row in rows}
    expected = expected_rows(known)
    assert set(got) == set(expected) == {"市甲局", "市乙局", "市丙局"}
    for name, figures in expected.items():
        assert got[name] == pytest.approx(figures), name


def test_the_known_history_gives_these_figures(known):
    """The same fixture, by hand: a guard that the Python computation above is right."""
    rows = {r.name: r for r in league.league_table(known.users["leader"], known.campaign.id,
                                                   TODAY)}
    a, b, c = rows["市甲局"], rows["市乙局"], rows["市丙局"]
    assert (a.raised, a.closed, a.on_time, a.returns, a.chases, a.overdue) == (4, 2, 1, 1, 2, 1)
    assert a.closure_rate == 0.5 and a.satisfaction == pytest.approx(5 / 8) and a.ratings == 8
    # 2026-03-01 02:00 to 04-30 15:30 and 16:30 UTC
    assert a.avg_days == pytest.approx((60 + 13.5 / 24 + 60 + 14.5 / 24) / 2)
    assert (b.raised, b.on_time, b.returns, b.chases, b.overdue, b.satisfaction) == \
        (2, 1, 2, 1, 1, 1.0)
    assert (c.raised, c.on_time, c.avg_days, c.satisfaction, c.ratings) == (1, 0, None, None, 0)
    assert (a.deliverables.owed, a.deliverables.late, a.deliverables.accepted) == (2, 1, 0)
    assert (b.deliverables.accepted, b.deliverables.late) == (1, 0)
    assert (c.deliverables.submitted, c.deliverables.late) == (1, 1)


def page_order(client, **args) -> list[str]:
    response = client.get("/league/", query_string=args)
    assert response.status_code == 200
    return re.findall(r'<tr data-unit="([^"]+)"', response.get_data(as_text=True))


PINYIN = {"市丙局": 0, "市甲局": 1, "市乙局": 2}  # shi bing ju < shi jia ju < shi yi ju


def python_order(expected: dict, column: str, descending: bool) -> list[str]:
    """Sort as the page promises: by the column, ties by unit name (pinyin), and units
    without a figure last whichever the direction."""
    if column == "unit":
        return sorted(PINYIN, key=PINYIN.get, reverse=descending)
    present = [n for n in expected if expected[n][column] is not None]
    missing = sorted((n for n in expected if expected[n][column] is None), key=PINYIN.get)
    sign = -1 if descending else 1
    return sorted(present, key=lambda n: (sign * expected[n][column], PINYIN[n])) + missing


@pytest.mark.parametrize("column", list(league.COLUMNS))
def test_sorting_by_each_column_both_ways(known, login, column):
    client = login("committee")
    expected = expected_rows(known)
    for direction in ("asc", "desc"):
        assert page_order(client, campaign=known.campaign.id, sort=column, dir=direction) == \
            python_order(expected, column, direction == "desc"), direction


def test_default_order_is_best_closure_rate_first_and_bad_arguments_fall_back(known, login):
    client = login("committee")
    expected = python_order(expected_rows(known), "closure_rate", True)
    assert page_order(client) == expected  # the latest campaign, closure rate, best first
    assert page_order(client, sort="id; drop table item", dir="sideways") == expected
    assert page_order(client, campaign="nonsense") == expected


def test_page_shows_the_figures(known, login):
    page = login("leader").get(f"/league/?campaign={known.campaign.id}").get_data(as_text=True)
    row = page.split('<tr data-unit="市甲局">')[1].split("</tr>")[0]
    cells = dict(re.findall(r'data-col="(\w+)">([^<]*)', row))
    assert cells["raised"] == "4" and cells["closure_rate"] == "50.0%"
    assert cells["satisfaction"].strip() == "62.5%" and cells["chases"] == "2"
    assert cells["deliverables_late"].strip() == "1"
    assert f'href="/dashboard/unit/{known.units["a"].id}"' in row


def test_another_campaign_has_its_own_table(known, login):
    other = db.session.scalar(select(Campaign).where(Campaign.code_prefix == "O25"))
    client = login("committee")
    assert page_order(client, campaign=other.id) == ["市甲局"]
    rows = league.league_table(known.users["committee"], other.id, TODAY)
    assert (rows[0].raised, rows[0].satisfaction) == (1, 0.0)


# Who may see it -----------------------------------------------------------------------

@pytest.mark.parametrize("username", ["committee", "leader", "admin"])
def test_committee_leaders_and_admins_see_it(known, login, username):
    client = login(username)
    assert client.get("/league/").status_code == 200
    assert client.get("/league/export.xlsx").status_code == 200
    assert 'href="/league/"' in client.get("/items/").get_data(as_text=True)


def test_departments_get_403(known, login):
    client = login("dept-a")
    assert client.get("/league/").status_code == 403
    assert client.get("/league/export.xlsx").status_code == 403
    assert 'href="/league/"' not in client.get("/items/").get_data(as_text=True)


def test_anonymous_users_are_sent_to_sign_in(known, app):
    response = app.test_client().get("/league/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# The Excel export ---------------------------------------------------------------------

def workbook(client, **args):
    response = client.get("/league/export.xlsx", query_string=args)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return load_workbook(io.BytesIO(response.data)).active


def test_export_has_the_figures_as_real_numbers_in_the_pages_order(known, login):
    sheet = workbook(login("committee"), campaign=known.campaign.id, sort="returns", dir="desc")
    header, *body = [[c.value for c in row] for row in sheet.iter_rows()]
    with force_locale("zh_Hans_CN"):
        assert header == [str(HEADERS[k]) for k in SHEET_COLUMNS]
    assert header[1] == "单位" and header[4] == "销号率"
    assert sheet.freeze_panes == "A2"
    expected = expected_rows(known)
    order = python_order(expected, "returns", True)
    assert [row[1] for row in body] == order and [row[0] for row in body] == [1, 2, 3]
    for row in body:
        figures = dict(zip(header[2:11], row[2:11], strict=True))
        wanted = expected[row[1]]
        assert list(figures.values()) == pytest.approx(
            [wanted[k] for k in league.COLUMNS if k != "unit"])
    a = body[order.index("市甲局")]
    assert a[11] == 8  # ratings behind the rate
    assert a[10:15] == [1, 8, 2, 0, 0]  # documents late, ratings, owed, awaiting review, accepted
    formats = {sheet.cell(row=1, column=i + 1).value: sheet.cell(row=2 + order.index("市甲局"),
                                                                  column=i + 1).number_format
               for i in range(len(header))}
    assert formats[header[4]] == "0.0%" and formats[header[9]] == "0.0%"
    assert formats[header[5]] == "0.0" and formats[header[2]] == "0"


def test_english_users_get_english_headers(known, login):
    known.users["leader"].locale = "en"
    db.session.commit()
    sheet = workbook(login("leader"))
    assert [c.value for c in sheet[1]] == [
        "Rank", "Unit", "Items raised", "Closed on time", "Closure rate",
        "Average days to close", "Returns", "Chases", "Overdue now", "Satisfaction rate",
        "Documents late", "Ratings", "Documents owed", "Documents awaiting review",
        "Documents accepted"]
    assert sheet.title == "League table"
    assert {sheet.cell(row=r, column=2).value for r in (2, 3, 4)} == {"Unit A", "Unit B", "Unit C"}
