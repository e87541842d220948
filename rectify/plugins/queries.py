"""What the core asks of plugins: settings, check types and their rules, panels, and
telling them about item events -- each answer known by its plugin, each failure the
plugin's own (see :mod:`rectify.plugins.calls`)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date
from typing import Any

from flask import Flask

from ..hookspecs import ActorData, CheckType, ItemData, Panel, Reason
from .calls import answers
from .manager import PluginSource, get_manager, version_of

log = logging.getLogger("rectify.plugins")

PLUGIN_ERROR = Reason("plugin_error", "检查插件出错，请联系系统管理员。",
                      "A check plugin failed; please contact the administrator.")
CHECK_TYPE_UNAVAILABLE = Reason("check_type_unavailable",
                                "该事项的检查类型不可用（插件未启用），请联系系统管理员。",
                                "This item's check type is not available (its plugin is "
                                "not enabled); please contact the administrator.")


def plugin_settings(app: Flask, name: str) -> dict[str, Any]:
    """A plugin's defaults merged with ``PLUGIN_SETTINGS[name]`` from the app config
    (only the overrides if its ``rectify_plugin_settings`` raised)."""
    settings: dict[str, Any] = {}
    for _, defaults in answers(get_manager(app), "rectify_plugin_settings", only=name):
        settings.update(defaults)
    overrides = (app.config.get("PLUGIN_SETTINGS") or {}).get(name, {})
    unknown = set(overrides) - set(settings)
    if unknown:
        log.warning("PLUGIN_SETTINGS[%r] has unknown keys: %s", name, sorted(unknown))
    return {**settings, **overrides}


def check_types_by_plugin(app: Flask) -> dict[str, tuple[str, CheckType]]:
    """Check type id -> (plugin name, declaration). A duplicate id keeps the first plugin
    registered and is recorded as an error of the later one."""
    pm = get_manager(app)
    found: dict[str, tuple[str, CheckType]] = {}
    for name, declared in reversed(answers(pm, "rectify_check_types")):
        for check_type in declared:
            if check_type.id in found:
                pm.record_error(name, "rectify_check_types", ValueError(
                    f"check type {check_type.id!r} already declared by {found[check_type.id][0]}"))
                continue
            found[check_type.id] = (name, check_type)
    return found


def check_types(app: Flask) -> dict[str, CheckType]:
    """Every enabled check type, by id, with the units that use it (适用单位) as the
    ``CHECK_TYPE_UNITS`` setting names them where it does (a committee's own unit codes),
    else as its plugin declares them."""
    units = app.config.get("CHECK_TYPE_UNITS") or {}
    return {cid: replace(ct, unit_codes=tuple(units[cid])) if cid in units else ct
            for cid, (_, ct) in check_types_by_plugin(app).items()}


def check_types_for(app: Flask, unit_code: str | None = None,
                    category_code: str | None = None) -> list[CheckType]:
    """Check types that suit a unit and category (empty suit lists match anything)."""
    return [ct for ct in check_types(app).values()
            if (not ct.unit_codes or unit_code in ct.unit_codes)
            and (not ct.category_codes or category_code in ct.category_codes)]


def submission_blockers(app: Flask, check_type_id: str | None,
                        records: list[dict[str, Any]], today: date) -> list[Reason]:
    """Why an item of check type ``check_type_id`` may not be submitted or closed, from
    the rule (``CheckType.blockers``) of that check type, given the item's records.

    No check type: no reasons. An unknown check type, a rule that raises or answers
    something that is not reasons: a blocking reason (fail closed), the error recorded
    against the plugin that declared the check type.
    """
    if not check_type_id:
        return []
    owner = check_types_by_plugin(app).get(check_type_id)
    if owner is None:
        return [CHECK_TYPE_UNAVAILABLE]
    name, check_type = owner
    if check_type.blockers is None:
        return []
    try:
        found = check_type.blockers(records, today, plugin_settings(app, name))
        return [as_reason(reason) for reason in found or ()]
    except Exception as error:  # includes a malformed answer
        get_manager(app).record_error(name, f"check type {check_type_id}", error)
        return [PLUGIN_ERROR]


def as_reason(value: Reason | str | dict[str, Any]) -> Reason:
    """Normalise what a rule returned into a :class:`Reason`."""
    if isinstance(value, Reason):
        return value
    if isinstance(value, str):
        return Reason("plugin", value, value)
    if isinstance(value, dict) and "zh" in value:
        return Reason(value.get("code", "plugin"), value["zh"], value.get("en", value["zh"]))
    raise TypeError(f"Not a reason: {value!r}")


def dashboard_panels(app: Flask) -> list[tuple[str, Panel]]:
    """(plugin name, panel) of every enabled plugin; a plugin that raises is skipped."""
    return [(name, panel) for name, panels in answers(get_manager(app), "rectify_dashboard_panels")
            for panel in panels]


def panel_data(app: Flask, plugin: str, panel: Panel, records: list[dict[str, Any]],
               today: date) -> dict[str, Any] | None:
    """The panel's figure data from its ``compute``; ``None`` (recorded against the
    plugin) when it raises."""
    try:
        return panel.compute(records, today, plugin_settings(app, plugin))
    except Exception as error:  # a plugin's bug must not take the dashboard down
        get_manager(app).record_error(plugin, f"panel {panel.id}", error)
        return None


def item_data(item: Any) -> ItemData:
    """The plain values of a core item that plugins receive."""
    return ItemData(id=item.id, code=item.code, status=item.status, check_type=item.check_type,
                    due_date=item.due_date, lead_unit=item.lead_unit.code, problem=item.problem)


def actor_data(user: Any) -> ActorData | None:
    """The plain values of a user that plugins receive (``None`` for the system)."""
    if user is None:
        return None
    return ActorData(username=user.username, role=user.role,
                     unit=user.unit.code if user.unit is not None else None)


def notify_item_event(app: Flask, item: ItemData, event_kind: str, actor: ActorData | None,
                      payload: dict[str, Any]) -> None:
    """Tell every plugin about an item event; failures are recorded, never raised."""
    answers(get_manager(app), "rectify_item_event", item=item, event_kind=event_kind,
            actor=actor, payload=payload)


def list_plugins(app: Flask) -> list[dict[str, Any]]:
    """What the admin page and the ``plugins`` command show, one dict per plugin."""
    pm = get_manager(app)
    types = check_types_by_plugin(app)
    rows = []
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is None:
            continue
        source = pm.sources.get(name) or PluginSource(name, "unknown", version_of(plugin))
        rows.append({
            "name": name,
            "version": source.version,
            "source": source.source,
            "hooks": sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()),
            "check_types": sorted(cid for cid, (owner, _) in types.items() if owner == name),
            "settings": plugin_settings(app, name),
        })
    return rows

