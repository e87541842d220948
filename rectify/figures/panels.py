"""Plugin panels' figure data: what each enabled plugin contributes through
``rectify_dashboard_panels``, computed on the viewer's records.

A panel's ``compute(records, today, settings)`` gets only the check records of items the
viewer may see, and returns plain figure data (kind ``bar``, ``line``, ``number`` or
``table``); the dashboards draw it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask

from rectify.hookspecs import Panel
from rectify.models import User
from rectify.plugins import dashboard_panels, plugin_errors, plugin_settings

from .aggregates import Filters
from .lists import visible_records

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PanelResult:
    plugin: str
    panel: Panel
    data: dict[str, Any] | None  # None when the plugin raised

    def title(self, locale: str) -> str:
        return panel_title(self.panel, locale)


def panel_title(panel: Panel, locale: str) -> str:
    return panel.title_en if locale == "en" else panel.title_zh


def compute_panel(app: Flask, user: User, today: date, plugin: str, panel: Panel,
                  filters: Filters = Filters(), *extra) -> PanelResult:
    """One panel's figure data for ``user``; a panel that raises is recorded for the
    administrators and shown as failed."""
    records = visible_records(app, user, panel.check_type, filters, *extra)
    try:
        data = panel.compute(records, today, plugin_settings(app, plugin))
    except Exception as error:  # a plugin's bug must not take the dashboard down
        log.exception("Dashboard panel %s of %s failed", panel.id, plugin)
        plugin_errors(app).append({"plugin": plugin, "hook": f"panel {panel.id}",
                                   "error": repr(error), "traceback": "", "at": str(today)})
        data = None
    return PanelResult(plugin, panel, data)


def compute_panels(app: Flask, user: User, today: date, filters: Filters = Filters(),
                   *extra) -> list[PanelResult]:
    """Every enabled plugin's panels, computed for ``user``."""
    return [compute_panel(app, user, today, plugin, panel, filters, *extra)
            for plugin, panel in dashboard_panels(app)]
