"""Plugin panels' figure data: what each enabled plugin contributes through
``rectify_dashboard_panels``, computed on the viewer's records.

A panel's ``compute(records, today, settings)`` gets only the check records of items the
viewer may see, and returns plain figure data (kind ``bar``, ``line``, ``number`` or
``table``); the dashboards draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import Flask

from rectify.hookspecs import Panel
from rectify.models import User
from rectify.plugins import dashboard_panels, panel_data

from .aggregates import NO_FILTERS, Filters
from .lists import visible_records


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
                  filters: Filters = NO_FILTERS, *extra) -> PanelResult:
    """One panel's figure data for ``user``; a panel that raises is recorded for the
    administrators and shown as failed."""
    records = visible_records(app, user, panel.check_type, filters, *extra)
    return PanelResult(plugin, panel, panel_data(app, plugin, panel, records, today))


def compute_panels(app: Flask, user: User, today: date, filters: Filters = NO_FILTERS,
                   *extra) -> list[PanelResult]:
    """Every enabled plugin's panels, computed for ``user``."""
    return [compute_panel(app, user, today, plugin, panel, filters, *extra)
            for plugin, panel in dashboard_panels(app)]
