"""Small rules written once: the closure rate (workflow.closure_rate), the choice between a
unit's Chinese and English names (Unit.name_for), and "due soon" (the DUE_SOON_DAYS
setting, which the dashboard's card names and links with)."""

from __future__ import annotations

import inspect
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import raise_item
from dashboards.testing import CallbackClient, find_props, text_of
from rectify import create_app, workflow
from rectify.figures.aggregates import Breakdown, UnitCounts, summary
from rectify.figures.lists import OverdueRow
from rectify.models import Category, Unit
from rectify.services.reads import league
from rectify.services.tracking.deliverables import DeliverableCounts

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("closed, raised, rate", [(0, 0, 0.0), (0, 4, 0.0), (1, 4, 0.25),
                                                  (3, 3, 1.0)])
def test_closure_rate(closed, raised, rate):
    assert workflow.closure_rate(closed, raised) == rate


def league_row(**counts) -> league.LeagueRow:
    fields = dict(unit_id=1, name="市甲局", name_en="Unit A", order_key=(0, "", 1), raised=4,
                  closed=1, on_time=1, avg_days=None, returns=0, chases=0, overdue=0,
                  satisfaction=None, ratings=0, deliverables=DeliverableCounts())
    return league.LeagueRow(**{**fields, **counts})


def test_every_closure_rate_is_the_workflow_formula(world, monkeypatch):
    """Cards, per-unit and per-category rows and the league table all ask
    workflow.closure_rate (a copy of the formula elsewhere would ignore the patch)."""
    raise_item(world)
    calls = []

    def recorded(closed: int, raised: int) -> float:
        calls.append((closed, raised))
        return 0.5

    monkeypatch.setattr(workflow, "closure_rate", recorded)
    assert summary(world.users["committee"], date(2026, 6, 1)).closure_rate == 0.5
    assert UnitCounts(1, "市甲局", "", on_time=2, overdue=1, closed=1).closure_rate == 0.5
    assert Breakdown("1", "依法行政", "", open=3, closed=1).closure_rate == 0.5
    assert league_row().closure_rate == 0.5
    assert calls == [(0, 1), (1, 4), (1, 4), (1, 4)]


def test_the_overview_card_shows_the_closure_rate(world, login, monkeypatch):
    raise_item(world)
    monkeypatch.setattr(workflow, "closure_rate", lambda closed, raised: 0.5)
    tree = CallbackClient(login("committee")).call("ov-cards.children")["ov-cards"]
    rate = next(p for p in find_props(tree, "data-kpi") if p["data-kpi"] == "closure_rate")
    assert text_of(rate["children"][0]) == "50%"


NAMED = [
    lambda name, name_en, locale: UnitCounts(1, name, name_en, 0, 0, 0).label(locale),
    lambda name, name_en, locale: Breakdown("1", name, name_en, 0, 0).label(locale),
    lambda name, name_en, locale: OverdueRow(1, "T1", "", date(2026, 1, 1), "open", name,
                                             name_en, 1).unit_label(locale),
    lambda name, name_en, locale: league_row(name=name, name_en=name_en).label(locale),
    lambda name, name_en, locale: Category(name=name, name_en=name_en).display_name(locale),
    lambda name, name_en, locale: Unit(name=name, name_en=name_en).display_name(locale),
]


@pytest.mark.parametrize("label", NAMED)
def test_every_name_is_chosen_by_unit_name_for(label, monkeypatch):
    assert label("市甲局", "Unit A", "en") == "Unit A"
    assert label("市甲局", "Unit A", "zh_Hans_CN") == "市甲局"
    assert label("市甲局", "", "en") == "市甲局"
    monkeypatch.setattr(Unit, "name_for", staticmethod(lambda name, name_en, locale: "chosen"))
    assert label("市甲局", "Unit A", "en") == "chosen"


HAND_MADE_CHOICE = re.compile(r"name_en\s+if\s+.*\belse\b")


def test_no_code_chooses_between_the_names_by_hand():
    found = [f"{path.relative_to(ROOT)}:{number}"
             for package in ("rectify", "dashboards", "plugins")
             for path in sorted((ROOT / package).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if HAND_MADE_CHOICE.search(line)]
    lines, first = inspect.getsourcelines(Unit.name_for)
    assert len(found) == 1 and found[0].startswith("rectify/models/org.py:")
    assert first <= int(found[0].rsplit(":", 1)[1]) < first + len(lines)  # Unit.name_for itself


def test_due_soon_days_is_a_setting(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path}/x.sqlite"
    assert create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url}).config[
        "DUE_SOON_DAYS"] == workflow.DUE_SOON_DAYS == 7
    monkeypatch.setenv("RECTIFY_DUE_SOON_DAYS", "10")
    assert create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url}).config[
        "DUE_SOON_DAYS"] == 10


def due_soon_card(client) -> dict:
    tree = client.call("ov-cards.children")["ov-cards"]
    return next(p for p in find_props(tree, "data-kpi") if p["data-kpi"] == "due_soon")


@pytest.mark.parametrize("days, due_soon", [(7, 1), (10, 2)])
def test_the_due_soon_card_counts_names_and_links_with_the_setting(app, world, login, days,
                                                                    due_soon):
    app.config["DUE_SOON_DAYS"] = days
    raise_item(world, due_date=date(2026, 6, 8))   # 7 days ahead
    raise_item(world, due_date=date(2026, 6, 11))  # 10 days ahead
    raise_item(world, due_date=date(2026, 6, 20))
    client = CallbackClient(login("committee"))
    card = due_soon_card(client)
    assert text_of(card["children"][0]) == str(due_soon)
    assert text_of(card["children"][1]) == f"{days}日内到期"
    assert card["href"] == f"/items/?due_within={days}"
    page = client.client.get(card["href"]).get_data(as_text=True)
    assert page.count('class="badge due-soon"') == due_soon
