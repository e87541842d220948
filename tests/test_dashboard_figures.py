"""Every dashboard number equals the database: callbacks are called through the real
``/dashboard/_dash-update-component`` endpoint and compared with counts the test computes
on its own from the items, on a frozen 'today' (2026-06-01)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from conftest import TODAY, make_user, move, raise_item
from dashboards.testing import CallbackClient, find_props, kpis, text_of
from rectify import clock, workflow
from rectify.extensions import db
from rectify.figures import lists
from rectify.hookspecs import CheckType, Field, Panel, hookimpl
from rectify.models import Campaign, Category, CheckRecord, InspectionGroup, Item
from rectify.plugins import registered_plugin

CLOSE = (("dept", "sign_for"), ("dept", "submit"), ("committee", "close"))


def play(world, item, steps):
    """Apply steps; "dept" stands for the lead unit's liaison."""
    lead = next(code for code, unit in world.units.items() if unit.id == item.lead_unit_id)
    move(world, item, *[(f"dept-{lead}" if who == "dept" else who, name) for who, name in steps])


@pytest.fixture
def known(world):
    """Eight items with known numbers (today is 2026-06-01).

    a: overdue in progress, overdue open (b co-operates), submitted due in 4 days
    b: closed (past its due date), in progress due in a month
    c (a town): open due in exactly 7 days, open due in 8 days, closed (category service)
    """
    service = Category(code="service", name="服务质量", name_en="Quality of service", position=1)
    db.session.add(service)
    world.units["c"].kind = "town"
    db.session.commit()
    specs = [
        ("a", (), date(2026, 5, 20), [("dept", "sign_for")], None, 60),
        ("a", ("b",), date(2026, 5, 25), [], None, 50),
        ("a", (), date(2026, 6, 5), [("dept", "sign_for"), ("dept", "submit")], None, 40),
        ("b", (), date(2026, 5, 1), list(CLOSE), None, 30),
        ("b", (), date(2026, 7, 1), [("dept", "sign_for")], None, 20),
        ("c", (), date(2026, 6, 8), [], None, 10),
        ("c", (), date(2026, 6, 9), [], None, 5),
        ("c", (), date(2026, 5, 31), list(CLOSE), service, 2),
    ]
    for lead, co, due, steps, category, days_ago in specs:
        with clock.frozen_at(datetime(2026, 6, 1, 2, 0) - timedelta(days=days_ago)):
            item = raise_item(world, lead=lead, co=co, due_date=due)
            if category is not None:
                item.category = category
                db.session.commit()
            play(world, item, steps)
    return SimpleNamespace(world=world, service=service)


def all_items() -> list[Item]:
    return list(db.session.scalars(select(Item)))


def expected_counts(items: list[Item]) -> dict[str, str]:
    """The KPI cards, computed from the items in Python (not SQL)."""
    status = Counter(item.status for item in items)
    overdue = sum(workflow.is_overdue(i.status, i.due_date, TODAY) for i in items)
    due_soon = sum(i.status != workflow.CLOSED and 0 <= workflow.days_left(i.due_date, TODAY) <= 7
                   for i in items)
    total = len(items)
    return {"total": str(total), "closed": str(status["closed"]),
            "closure_rate": f"{status['closed'] / total:.0%}" if total else "0%",
            "open": str(status["open"]), "in_progress": str(status["in_progress"]),
            "submitted": str(status["submitted"]), "overdue": str(overdue),
            "due_soon": str(due_soon)}


@pytest.fixture
def committee(known, login):
    return CallbackClient(login("committee"))


def test_overview_cards_equal_counts_computed_from_the_items(committee):
    cards = kpis(committee.call("ov-cards.children")["ov-cards"]["children"])
    assert cards == expected_counts(all_items())
    # and the known numbers themselves, so the two computations cannot agree by accident
    assert cards == {"total": "8", "closed": "2", "closure_rate": "25%", "open": "3",
                     "in_progress": "2", "submitted": "1", "overdue": "2", "due_soon": "2"}


def test_cards_open_the_item_list_with_the_matching_filter(committee, known):
    campaign = known.world.campaign.id
    tree = committee.call("ov-cards.children", {"ov-filter-campaign.value": campaign})["ov-cards"]
    hrefs = {props["data-kpi"]: props["href"] for props in find_props(tree, "data-kpi")}
    assert hrefs["total"] == f"/items/?campaign={campaign}"
    assert hrefs["closed"] == f"/items/?campaign={campaign}&status=closed"
    assert hrefs["overdue"] == f"/items/?campaign={campaign}&overdue=y"
    assert hrefs["due_soon"] == f"/items/?campaign={campaign}&due_within=7"
    page = committee.client.get(hrefs["overdue"]).get_data(as_text=True)
    overdue_codes = [i.code for i in all_items() if i.is_overdue(TODAY)]
    assert all(code in page for code in overdue_codes)


def test_per_unit_bars_match_the_items_in_the_official_order(committee, known):
    for position, code in enumerate(("b", "c", "a"), start=1):
        known.world.units[code].position = position
    db.session.commit()
    figure = committee.call("ov-units.figure")["ov-units"]["figure"]
    names = figure["data"][0]["y"]
    by_unit = {}
    for item in all_items():
        row = by_unit.setdefault(item.lead_unit.name, Counter())
        key = ("closed" if item.status == "closed" else
               "overdue" if item.is_overdue(TODAY) else "on_time")
        row[key] += 1
    series = list(figure["data"])
    assert [t["orientation"] for t in series] == ["h", "h", "h"]
    for trace, key in zip(series, ("overdue", "on_time", "closed"), strict=True):
        assert dict(zip(trace["y"], trace["x"], strict=True)) == {n: by_unit[n][key] for n in names}
    assert names == ["市乙局", "市丙局", "市甲局"]  # the official order, not the counts
    assert series[0]["customdata"] == [known.world.units[c].id for c in ("b", "c", "a")]
    assert figure["layout"]["barmode"] == "stack"


def test_breakdowns_and_trend_match_the_items(committee, known):
    response = committee.call("ov-category.figure")
    items = all_items()
    category = response["ov-category"]["figure"]["data"]
    open_by_category = Counter(i.category.name for i in items if i.status != "closed")
    closed_by_category = Counter(i.category.name for i in items if i.status == "closed")
    assert dict(zip(category[0]["x"], category[0]["y"], strict=True)) == {
        name: open_by_category[name] for name in category[0]["x"]}
    assert dict(zip(category[1]["x"], category[1]["y"], strict=True)) == {
        name: closed_by_category[name] for name in category[1]["x"]}
    source = response["ov-source"]["figure"]["data"]
    assert sum(source[0]["y"]) + sum(source[1]["y"]) == len(items)

    trend = response["ov-trend"]["figure"]["data"]
    raised, closed = trend[0], trend[1]
    assert raised["y"][-1] == len(items) and closed["y"][-1] == 2
    first_day = min(clock_day(i.created_at) for i in items)
    assert raised["x"][0] == first_day.isoformat() and raised["y"][0] == 1
    assert raised["y"] == sorted(raised["y"]) and closed["y"] == sorted(closed["y"])


def clock_day(moment: datetime) -> date:
    return (moment + timedelta(hours=8)).date()


def test_filters_category_kind_group_and_dates(committee, known):
    world = known.world
    group = InspectionGroup(campaign_id=world.campaign.id, name="第二检查组")
    group.units = [world.units["b"]]
    db.session.add(group)
    db.session.commit()

    def cards(**values):
        tree = committee.call("ov-cards.children", {f"ov-filter-{k}": v for k, v in values.items()})
        return kpis(tree["ov-cards"]["children"])

    items = all_items()
    assert cards(**{"category.value": known.service.id}) == expected_counts(
        [i for i in items if i.category_id == known.service.id])
    assert cards(**{"kind.value": "town"}) == expected_counts(
        [i for i in items if i.lead_unit.kind == "town"])
    assert cards(**{"group.value": group.id}) == expected_counts(
        [i for i in items if i.lead_unit_id == world.units["b"].id])
    start, end = date(2026, 5, 1), date(2026, 5, 31)
    assert cards(**{"dates.start_date": start.isoformat(), "dates.end_date": end.isoformat()}) == \
        expected_counts([i for i in items if start <= clock_day(i.created_at) <= end])
    units = committee.call("ov-units.figure",
                           {"ov-filter-kind.value": "town"})["ov-units"]["figure"]
    assert units["data"][0]["y"] == ["市丙局"]


def test_a_campaign_without_items_says_so(committee, known):
    empty = Campaign(title="空的评议", year=2027, default_due_date=date(2027, 8, 1),
                     code_prefix="E27")
    db.session.add(empty)
    db.session.commit()
    response = committee.call("ov-cards.children", {"ov-filter-campaign.value": empty.id})
    assert kpis(response["ov-cards"]["children"])["total"] == "0"
    notes = [p for p in find_props(response["ov-cards"], "className")
             if p["className"] == "dash-empty"]
    assert notes and "没有符合条件的整改事项" in text_of(notes[0]["children"])
    for key in ("ov-units", "ov-category", "ov-source", "ov-trend"):
        layout = response[key]["figure"]["layout"]
        assert layout["xaxis"]["visible"] is False and layout["annotations"]


def test_overdue_table_lists_every_overdue_item_with_days_and_links(committee, known,
                                                                     monkeypatch):
    monkeypatch.setattr(lists, "OVERDUE_PAGE_SIZE", 1)
    overdue = sorted((i for i in all_items() if i.is_overdue(TODAY)), key=lambda i: i.due_date)
    seen = []
    page = None
    for turn in range(len(overdue)):
        values = {"od-sort.value": "days", "od-page.data": page}
        response = committee.call("od-table.children", values,
                                  triggered="od-next.n_clicks" if turn else None)
        page = response["od-page"]["data"]
        table = response["od-table"]["children"]
        links = find_props(table, "href")
        assert len(links) == 1
        seen.append(links[0]["href"])
        assert str((TODAY - overdue[turn].due_date).days) in text_of(table)
    assert seen == [f"/items/{i.id}" for i in overdue]
    assert "2" in text_of(response["od-pager"]["children"])
    chart = committee.call("od-units.figure")["od-units"]["figure"]["data"][0]
    assert dict(zip(chart["y"], chart["x"], strict=True)) == dict(
        Counter(i.lead_unit.name for i in overdue))


def test_overdue_sorting_reverses(committee, known):
    response = committee.call("od-table.children", {"od-sort.value": "days",
                                                    "od-desc.value": ["desc"]})
    hrefs = [p["href"] for p in find_props(response["od-table"]["children"], "href")]
    overdue = sorted((i for i in all_items() if i.is_overdue(TODAY)), key=lambda i: i.due_date)
    assert hrefs == [f"/items/{i.id}" for i in reversed(overdue)]


def test_unit_page_counts_the_units_items(committee, known):
    unit = known.world.units["b"]
    response = committee.call("un-cards.children", {"un-unit.data": unit.id})
    involved = [i for i in all_items()
                if i.lead_unit_id == unit.id or unit.id in {u.id for u in i.co_units}]
    assert kpis(response["un-cards"]["children"]) == expected_counts(involved)
    assert "2" in response["un-roles"]["children"] and "1" in response["un-roles"]["children"]
    status = response["un-status"]["figure"]["data"][0]
    assert status["y"] == [sum(i.status == s for i in involved) for s in workflow.STATUSES]
    table = committee.call("un-table.children", {"un-unit.data": unit.id, "un-sort.value": "days"})
    hrefs = [p["href"] for p in find_props(table["un-table"]["children"], "href")]
    assert hrefs == [f"/items/{i.id}" for i in involved if i.is_overdue(TODAY)]


class CountingPlugin:
    """A plugin with one check type and a panel counting the records it is given."""

    check_type = CheckType("site_visit", "现场检查", "Site visit",
                           (Field("date", "date", "日期", "Date"),))

    @hookimpl
    def rectify_check_types(self):
        return [self.check_type]

    @hookimpl
    def rectify_dashboard_panels(self):
        def compute(records, today, settings):
            assert all(isinstance(r["date"], date) for r in records)
            return {"kind": "number", "value": len(records)}

        return [Panel("site_visits", "现场检查次数", "Site visits", "site_visit", compute)]


def add_records(world, lead: str, count: int) -> None:
    item = raise_item(world, lead=lead, check_type="site_visit")
    for day in range(count):
        db.session.add(CheckRecord(item_id=item.id, check_type="site_visit",
                                   values={"date": f"2026-05-{day + 1:02d}"},
                                   author_id=world.users["committee"].id))
    db.session.commit()


def test_plugin_panels_get_only_the_viewers_records(app, known, login):
    with registered_plugin(app, CountingPlugin(), name="counting"):
        add_records(known.world, "a", 2)
        add_records(known.world, "c", 3)
        for username, expected in (("committee", "5"), ("dept-a", "2"), ("dept-c", "3")):
            client = CallbackClient(login(username))
            page = client.call("page.children", {"url.pathname": "/dashboard/plugins"})["page"]
            panel = next(p for p in find_props(page, "data-panel")
                         if p["data-panel"] == "site_visits")
            assert text_of(panel["children"][1]) == expected, username


def test_meeting_mode_shows_a_closure_on_the_next_tick(committee, known):
    before = kpis(committee.call("mt-kpis.children", {"mt-tick.n_intervals": 0})["mt-kpis"])
    item = next(i for i in all_items() if i.status == "submitted")
    move(known.world, item, ("committee", "close"))
    after = committee.call("mt-kpis.children", {"mt-tick.n_intervals": 1})
    assert int(kpis(after["mt-kpis"])["closed"]) == int(before["closed"]) + 1
    assert after["mt-slide"]["children"]["props"]["data-slide"] == "1"


def test_english_users_get_english_labels(app, known, login):
    user = make_user("committee-en", "committee")
    user.locale = "en"
    db.session.commit()
    client = CallbackClient(login("committee-en"))
    page = client.call("page.children", {"url.pathname": "/dashboard/"})["page"]["children"]
    assert "Overview" in text_of(page)
    figure = client.call("ov-units.figure")["ov-units"]["figure"]
    assert [t["name"] for t in figure["data"]][0] == "Overdue"
    assert "Unit A" in figure["data"][0]["y"]


def test_a_province_shows_the_units_with_most_open_items(world, login):
    """Past MAX_UNIT_BARS units the chart keeps the most burdened ones and says so, so the
    browser gets a bounded payload however many units there are."""
    from dashboards.pages.overview import MAX_UNIT_BARS
    from rectify.models import Unit

    extra = [Unit(code=f"t{n:03d}", name=f"第{n}镇", kind="town") for n in range(MAX_UNIT_BARS + 5)]
    db.session.add_all(extra)
    db.session.commit()
    for unit in extra[:MAX_UNIT_BARS + 2]:
        world.units[unit.code] = unit
        raise_item(world, lead=unit.code)
    busiest = [raise_item(world, lead="t010").lead_unit for _ in range(2)][0]
    figure = CallbackClient(login("committee")).call("ov-units.figure")["ov-units"]["figure"]
    names = figure["data"][0]["y"]
    official = db.session.scalars(select(Unit.name).order_by(*Unit.official_order())).all()
    assert len(names) == MAX_UNIT_BARS and busiest.name in names
    assert names == [name for name in official if name in names]
    assert not set(names) & {unit.name for unit in extra[MAX_UNIT_BARS + 2:]}  # no items
    total = MAX_UNIT_BARS + 5 + 3  # the new towns and the world's three units
    assert figure["layout"]["title"]["text"] == (
        f"显示未销号事项最多的 {MAX_UNIT_BARS} 个单位（共 {total} 个）。")


@pytest.mark.parametrize("least, step", [(0, 1), (1, 1), (1.2, 2), (3, 5), (5.1, 10), (11, 20),
                                         (188, 200), (1504 / 8, 200), (12_500, 20_000)])
def test_count_axes_step_in_round_numbers(least, step):
    from dashboards.figures import round_step

    assert round_step(least) == step
