"""Running campaigns (评议活动): creating and editing them, their four stages, inspection
groups, archiving, and starting next year's campaign from last year's. Every change is
recorded in the audit trail as an event naming the campaign.

Who may do what is :mod:`rectify.workflow`'s (``can_manage_campaigns``,
``check_change_campaign``, ``check_advance_stage``, ``check_stage_dates``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select

from ... import clock, workflow
from ...extensions import db
from ...models import Campaign, CampaignStage, Event, InspectionGroup, Unit, User
from ..tracking.audit import record_campaign_event


class CampaignError(Exception):
    """Input a campaign cannot take (a taken title, a unit it does not evaluate...);
    ``code`` keys the message in :data:`rectify.labels.CAMPAIGN_ERRORS`."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass
class CampaignFields:
    """What the committee sets on a campaign. ``stage_dates`` holds each stage's
    (start, end) in ``workflow.STAGES`` order."""

    title: str
    year: int
    code_prefix: str
    default_due_date: date
    theme: str = ""
    units: list[Unit] = field(default_factory=list)
    stage_dates: list[tuple[date, date]] = field(default_factory=list)


@dataclass
class GroupFields:
    """An inspection group (检查组): its name, its 组长, its members, the units it covers."""

    name: str
    leader_name: str = ""
    members: list[User] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


def _require_manager(user: User) -> None:
    if not workflow.can_manage_campaigns(user.actor):
        raise workflow.WorkflowError("forbidden", "Only administrators and the committee "
                                                  "manage campaigns.")


def _check_unique(campaign: Campaign | None, title: str, code_prefix: str) -> None:
    others = select(Campaign.id).where(Campaign.id != (campaign.id if campaign else -1))
    if db.session.scalar(others.where(Campaign.title == title)) is not None:
        raise CampaignError("title_taken")
    if db.session.scalar(others.where(Campaign.code_prefix == code_prefix)) is not None:
        raise CampaignError("prefix_taken")


def _summary(campaign: Campaign) -> dict[str, Any]:
    """A campaign's fields as plain values, for its audit events."""
    return {
        "title": campaign.title, "year": campaign.year, "theme": campaign.theme,
        "code_prefix": campaign.code_prefix, "default_due_date": campaign.default_due_date,
        "units": [unit.name for unit in campaign.units],
        "stage_dates": [[s.starts_on, s.ends_on] for s in campaign.stage_dates],
    }


def _set_stage_dates(campaign: Campaign, dates: list[tuple[date, date]]) -> None:
    by_stage = {s.stage: s for s in campaign.stage_dates}
    for position, (stage, (start, end)) in enumerate(zip(workflow.STAGES, dates, strict=True)):
        row = by_stage.get(stage)
        if row is None:
            row = CampaignStage(stage=stage, position=position)
            campaign.stage_dates.append(row)
        row.starts_on, row.ends_on = start, end


def save_campaign(user: User, campaign: Campaign | None, fields: CampaignFields) -> Campaign:
    """Create a campaign (``campaign`` None; it starts in 自查) or change one."""
    campaign, changed = _write_campaign(user, campaign, fields)
    if changed:
        db.session.commit()
    else:
        db.session.rollback()
    return campaign


def _write_campaign(user: User, campaign: Campaign | None,
                    fields: CampaignFields) -> tuple[Campaign, bool]:
    """Apply ``fields`` with the event, uncommitted; whether anything changed."""
    if campaign is None:
        _require_manager(user)
    else:
        workflow.check_change_campaign(user.actor, campaign.facts)
    workflow.check_stage_dates(fields.stage_dates)
    title, code_prefix = fields.title.strip(), fields.code_prefix.strip().upper()
    _check_unique(campaign, title, code_prefix)
    before = None if campaign is None else _summary(campaign)
    if campaign is None:
        campaign = Campaign(stage=workflow.STAGES[0])
        db.session.add(campaign)
    campaign.title, campaign.year, campaign.theme = title, fields.year, fields.theme.strip()
    campaign.code_prefix, campaign.default_due_date = code_prefix, fields.default_due_date
    campaign.units = list(fields.units)
    _set_stage_dates(campaign, fields.stage_dates)
    db.session.flush()
    after = _summary(campaign)
    if before is None:  # a new campaign
        record_campaign_event(campaign, user, "campaign_created", new=after)
        return campaign, True
    changed = [key for key in after if after[key] != before[key]]
    if changed:
        record_campaign_event(campaign, user, "campaign_changed",
                              old={k: before[k] for k in changed},
                              new={k: after[k] for k in changed})
    return campaign, bool(changed)


def advance_stage(user: User, campaign: Campaign) -> Campaign:
    """Move the campaign to its next stage (e.g. 检查 → 反馈整改), recorded with who and when."""
    following = workflow.check_advance_stage(user.actor, campaign.facts)
    previous, campaign.stage = campaign.stage, following
    record_campaign_event(campaign, user, "stage_advanced", old={"stage": previous},
                          new={"stage": following})
    db.session.commit()
    return campaign


def archive_campaign(user: User, campaign: Campaign) -> Campaign:
    """Close the campaign for good: it and its items become read-only."""
    workflow.check_change_campaign(user.actor, campaign.facts)
    campaign.archived_at = clock.now()
    record_campaign_event(campaign, user, "campaign_archived", new={"stage": campaign.stage})
    db.session.commit()
    return campaign


def _check_group(campaign: Campaign, group: InspectionGroup | None, fields: GroupFields) -> None:
    others = select(InspectionGroup.id).where(
        InspectionGroup.campaign_id == campaign.id, InspectionGroup.name == fields.name.strip(),
        InspectionGroup.id != (group.id if group else -1))
    if db.session.scalar(others) is not None:
        raise CampaignError("group_name_taken")
    if any(not workflow.may_join_group(member.actor) for member in fields.members):
        raise CampaignError("member_not_committee")
    evaluated = {unit.id for unit in campaign.units}
    if any(unit.id not in evaluated for unit in fields.units):
        raise CampaignError("unit_not_evaluated")


def _group_summary(group: InspectionGroup) -> dict[str, Any]:
    return {"group": group.name, "leader_name": group.leader_name,
            "members": [member.name for member in group.members],
            "units": [unit.name for unit in group.units]}


def save_group(user: User, campaign: Campaign, group: InspectionGroup | None,
               fields: GroupFields) -> InspectionGroup:
    """Create (``group`` None) or change one of the campaign's inspection groups. Members
    are committee users; the units are among those the campaign evaluates."""
    workflow.check_change_campaign(user.actor, campaign.facts)
    _check_group(campaign, group, fields)
    created = group is None
    before = None if group is None else _group_summary(group)
    group = group or InspectionGroup(campaign=campaign)
    group.name, group.leader_name = fields.name.strip(), fields.leader_name.strip()
    group.members, group.units = list(fields.members), list(fields.units)
    db.session.add(group)
    record_campaign_event(campaign, user, "group_created" if created else "group_changed",
                          old=before, new=_group_summary(group))
    db.session.commit()
    return group


def years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _quarters(year: int) -> list[tuple[date, date]]:
    """Placeholder stage dates, one quarter of ``year`` each, for the committee to edit."""
    starts = [date(year, month, 1) for month in (1, 4, 7, 10)]
    ends = [date(year, month, day) for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))]
    return list(zip(starts, ends, strict=True))


@dataclass
class NextCampaign:
    """What differs in the campaign started from another: the rest is copied."""

    title: str
    year: int
    code_prefix: str
    default_due_date: date


def start_from(user: User, source: Campaign, wanted: NextCampaign) -> Campaign:
    """Next year's campaign from ``source`` (archived or not): its evaluated units, its
    stage dates moved on by the years between (a source without stage dates gives the
    new year's quarters), its groups with their members and units. Items are not copied;
    categories are global and need no copy. Starts in 自查."""
    years = wanted.year - source.year
    fields = CampaignFields(
        title=wanted.title, year=wanted.year, code_prefix=wanted.code_prefix,
        default_due_date=wanted.default_due_date, theme=source.theme, units=list(source.units),
        stage_dates=[(years_later(s.starts_on, years), years_later(s.ends_on, years))
                     for s in source.stage_dates])
    if not fields.stage_dates:  # a campaign from before stage dates were kept
        fields.stage_dates = _quarters(wanted.year)
    campaign, _created = _write_campaign(user, None, fields)
    groups = groups_of(source)
    for group in groups:
        db.session.add(InspectionGroup(campaign=campaign, name=group.name,
                                       leader_name=group.leader_name,
                                       members=list(group.members), units=list(group.units)))
    record_campaign_event(campaign, user, "campaign_started_from",
                          new={"from": source.title, "groups": [g.name for g in groups]})
    db.session.commit()
    return campaign


def groups_of(campaign: Campaign) -> list[InspectionGroup]:
    return list(db.session.scalars(select(InspectionGroup).where(
        InspectionGroup.campaign_id == campaign.id).order_by(InspectionGroup.id)))


def campaign_history(campaign: Campaign) -> list[Event]:
    """The campaign's own events (not its items'), newest first."""
    return list(db.session.scalars(select(Event).where(Event.campaign_id == campaign.id)
                                   .order_by(Event.at.desc(), Event.id.desc())))


def raisable_campaigns() -> list[Campaign]:
    """The campaigns that accept new items now, newest year first."""
    return list(db.session.scalars(select(Campaign).where(Campaign.raisable_clause())
                                   .order_by(Campaign.year.desc(), Campaign.id)))
