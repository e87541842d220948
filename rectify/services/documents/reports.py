"""The committee's Word documents: a feedback letter per unit (反馈意见书) and the
progress report of a campaign (整改情况报告), in the layout of the reference report.

Figures come from the SQL aggregates the dashboards draw too (:mod:`rectify.figures`),
scoped to the reader like every other view; texts are in the reader's language.
"""

from __future__ import annotations

import io
import operator
import zipfile
from collections.abc import Sequence
from datetime import date
from typing import cast

from flask import current_app
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ... import workflow
from ...extensions import db
from ...figures import aggregates
from ...formats.docx_layout import FormalDocument
from ...labels import SOURCE_LABELS, STATUS_LABELS
from ...models import Campaign, Category, Item, Unit
from ...permissions import Reader, may_read_unit, unit_subtree_ids, visible_items_clause
from ...plugins import check_types
from ...text import safe_file_name
from ...web.i18n import language
from ..reads import satisfaction
from ..setup import hierarchy, organisation
from ..tracking.checks import rule_results

OVERDUE_LISTED = 200  # the progress report lists this many overdue items, then counts


def feedback_letter(reader: Reader, campaign: Campaign, unit: Unit, today: date) -> bytes:
    """The problems found at ``unit`` and what it must do, by when (反馈意见书): the items
    it leads and those its sub-units lead (a town's letter holds its stations' items,
    each point naming the station)."""
    lang = language()
    items = db.session.scalars(
        select(Item).join(Category)
        .where(Item.campaign_id == campaign.id,
               Item.lead_unit_id.in_(sorted(unit_subtree_ids(unit.id))),
               visible_items_clause(reader))
        .order_by(Category.position, Item.code)
        .options(selectinload(Item.category), selectinload(Item.co_units),
                 selectinload(Item.lead_unit))).all()
    org = organisation.current()
    doc = FormalDocument()
    doc.document_number(org.document_number(today.year))
    doc.title(_("Feedback on the evaluation of %(unit)s", unit=unit.display_name(lang)),
              campaign.title)
    doc.paragraph(_("To %(unit)s:", unit=unit.display_name(lang)), indent=False)
    doc.paragraph(_("In the campaign %(campaign)s, the work of your unit was evaluated by "
                    "%(committee)s. The problems found and the rectification requirements "
                    "are fed back as follows.", campaign=campaign.title,
                    committee=org.name(lang)))
    if not items:
        doc.paragraph(_("No problem of your unit was recorded in this evaluation."))
    else:
        _problems_section(doc, items, unit, lang)
        _requirements_section(doc, items, lang)
    doc.heading(_("Further requirements"))
    doc.paragraph(_("Please study the problems above, set out measures item by item, finish "
                    "each by its deadline, and log the measures and evidence in Rectify so "
                    "that each item can be verified and closed. The rectification will be "
                    "followed up by %(committee)s.", committee=org.short(lang)))
    doc.signature(org.sender(lang), format_date(today, "long"))
    return doc.to_bytes()


def units_with_items(reader: Reader, campaign: Campaign) -> list[tuple[Unit, int]]:
    """The units whose feedback letter holds items of ``campaign`` that ``reader`` may read,
    with how many: a unit's own and its sub-units' (a town's letter holds its stations'),
    in the official order."""
    led = db.session.execute(select(Item.lead_unit_id, func.count(Item.id))
                             .where(Item.campaign_id == campaign.id, visible_items_clause(reader))
                             .group_by(Item.lead_unit_id))
    counts = hierarchy.roll_up(dict(led.all()), operator.add)
    listed = db.session.scalars(select(Unit).where(Unit.id.in_(counts))
                                .order_by(*Unit.official_order()))
    return [(unit, counts[unit.id]) for unit in listed if may_read_unit(reader, unit.id)]


def feedback_letter_name(unit: Unit) -> str:
    return safe_file_name(_("Feedback letter") + f"-{unit.name}") + ".docx"


def feedback_letters_zip(reader: Reader, campaign: Campaign, today: date) -> bytes:
    """Every unit's feedback letter of ``campaign`` (the units with items), one .docx per
    unit, in one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for unit, _count in units_with_items(reader, campaign):
            archive.writestr(feedback_letter_name(unit),
                             feedback_letter(reader, campaign, unit, today))
    return buffer.getvalue()


def _problems_section(doc: FormalDocument, items: Sequence[Item], unit: Unit, lang: str) -> None:
    doc.heading(_("Problems found"))
    for item in items:
        source = str(SOURCE_LABELS[item.source])
        problem = _("%(problem)s (item %(code)s, from: %(source)s)", problem=item.problem,
                    code=item.code, source=source)
        if item.lead_unit_id != unit.id:
            problem = f"{item.lead_unit.display_name(lang)}：{problem}"
        doc.point(f"{item.category.display_name(lang)}：", problem)


def _requirements_section(doc: FormalDocument, items: Sequence[Item], lang: str) -> None:
    doc.heading(_("Rectification requirements"))
    for item in items:
        text = item.requirement or _("Rectify the problem above.")
        partners = "、".join(u.display_name(lang) for u in item.co_units)
        extra = _(" Co-operating units: %(units)s.", units=partners) if partners else ""
        doc.point(f"{item.code}：", _("%(requirement)s Deadline: %(date)s.%(extra)s",
                                      requirement=text, date=format_date(item.due_date, "long"),
                                      extra=extra))


def progress_report(reader: Reader, campaign: Campaign, today: date) -> bytes:
    """Where the campaign's rectification stands: totals, units, overdue items,
    categories and the plugins' check results (整改情况报告)."""
    lang = language()
    org = organisation.current()
    scope = aggregates.Filters(campaign_id=campaign.id)
    doc = FormalDocument()
    doc.title(_("Report on the rectification of %(campaign)s", campaign=campaign.title),
              _("As of %(date)s", date=format_date(today, "long")))
    counts = aggregates.breakdowns(reader, today, scope)
    _totals_section(doc, counts.summary)
    _units_section(doc, aggregates.per_unit(reader, today, scope),
                   satisfaction.by_unit(reader, campaign.id), lang)
    _overdue_section(doc, reader, campaign, today, lang)
    _categories_section(doc, counts.categories, lang)
    _checks_section(doc, reader, campaign, today, lang)
    doc.heading(_("Next steps"))
    doc.paragraph(_("The overdue items will be chased, the submitted ones verified and the "
                    "closed ones re-checked by %(committee)s, to make sure the "
                    "rectification lasts.", committee=org.short(lang)))
    doc.signature(org.sender(lang), format_date(today, "long"))
    return doc.to_bytes()


def _percent(rate: float) -> str:
    return cast(str, format_percent(rate, "#0.0%"))  # flask_babel ships no types


def _totals_section(doc: FormalDocument, totals: aggregates.Summary) -> None:
    doc.heading(_("Overall"))
    doc.paragraph(_(
        "%(total)s items were raised in this campaign; %(closed)s have been verified and "
        "closed, a closure rate of %(rate)s. %(in_progress)s are being rectified, "
        "%(submitted)s await verification and %(open)s have not been signed for; "
        "%(overdue)s are overdue.", total=totals.total, closed=totals.closed,
        rate=_percent(totals.closure_rate), in_progress=totals.in_progress,
        submitted=totals.submitted, open=totals.open, overdue=totals.overdue))


def _units_section(doc: FormalDocument, units: list[aggregates.UnitCounts],
                   ratings: dict[int, satisfaction.Tally], lang: str) -> None:
    """Per unit: counts, closure rate and the deputies' satisfaction rate (满意率, "—"
    while none of its items is rated)."""
    doc.heading(_("Rectification by unit"))
    rows = [[u.label(lang), u.open + u.closed, u.closed, u.open, u.overdue,
             _percent(u.closure_rate), _satisfaction(ratings.get(u.unit_id))]
            for u in units if u.open + u.closed]
    if not rows:
        doc.paragraph(_("No item has been raised in this campaign yet."))
        return
    doc.table([_("Unit"), _("Raised"), _("Closed"), _("Not closed"), _("Overdue"),
               _("Closure rate"), _("Satisfaction rate")], rows, [4.4, 1.8, 1.8, 1.8, 1.8, 2, 2])


def _satisfaction(tally: satisfaction.Tally | None) -> str:
    if tally is None or tally.rate is None:
        return "—"
    return _percent(tally.rate)


def _overdue_section(doc: FormalDocument, reader: Reader, campaign: Campaign, today: date,
                     lang: str) -> None:
    doc.heading(_("Overdue items"))
    overdue = db.session.scalars(
        select(Item).where(Item.campaign_id == campaign.id, Item.overdue_clause(today),
                           visible_items_clause(reader))
        .order_by(Item.due_date, Item.code).limit(OVERDUE_LISTED + 1)
        .options(selectinload(Item.lead_unit))).all()
    if not overdue:
        doc.paragraph(_("No item is overdue."))
        return
    rows = [[item.code, item.lead_unit.display_name(lang), item.problem,
             format_date(item.due_date, "medium"), -workflow.days_left(item.due_date, today),
             str(STATUS_LABELS[item.status])] for item in overdue[:OVERDUE_LISTED]]
    doc.table([_("Code"), _("Unit"), _("Problem"), _("Due date"), _("Days overdue"),
               _("Status")], rows, [2.6, 2.8, 5.2, 2.2, 1.4, 1.4])
    if len(overdue) > OVERDUE_LISTED:
        doc.paragraph(_("Only the %(n)s longest overdue items are listed.", n=OVERDUE_LISTED))


def _categories_section(doc: FormalDocument, categories: list[aggregates.Breakdown],
                        lang: str) -> None:
    doc.heading(_("Results by category"))
    rows = [[c.label(lang), c.open + c.closed, c.closed, _percent(c.closure_rate)]
            for c in categories]
    if rows:
        doc.table([_("Category"), _("Raised"), _("Closed"), _("Closure rate")], rows,
                  [6.6, 3, 3, 3])
    else:
        doc.paragraph(_("No item has been raised in this campaign yet."))


def _checks_section(doc: FormalDocument, reader: Reader, campaign: Campaign, today: date,
                    lang: str) -> None:
    doc.heading(_("Plugin check results"))
    items = db.session.scalars(
        select(Item).where(Item.campaign_id == campaign.id, Item.check_type.is_not(None),
                           Item.status != workflow.CLOSED, visible_items_clause(reader))
        .order_by(Item.check_type, Item.code).options(selectinload(Item.lead_unit))).all()
    if not items:
        doc.paragraph(_("No open item carries a plugin check."))
        return
    results = rule_results(list(items), today)
    types = check_types(current_app)
    failing = []
    for type_id in dict.fromkeys(item.check_type for item in items):
        ours = [item for item in items if item.check_type == type_id]
        passed = sum(1 for item in ours if not results[item.id])
        title = types[type_id].title(lang) if type_id in types else type_id
        doc.paragraph(_("%(check)s: %(n)s items, %(passed)s meet the rules, %(failed)s do not.",
                        check=title, n=len(ours), passed=passed, failed=len(ours) - passed))
        failing += [[item.code, item.lead_unit.display_name(lang), title,
                     "；".join(reason.text(lang) for reason in results[item.id])]
                    for item in ours if results[item.id]]
    if failing:
        doc.table([_("Code"), _("Unit"), _("Check type"), _("Rules not yet met")], failing,
                  [2.6, 3, 2.6, 7.4])
