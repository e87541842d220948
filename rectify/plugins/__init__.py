"""Rectify's plugins: one pluggy manager per app, built by :func:`init_plugins`.

- :mod:`.manager`: the manager (sources, allow/deny lists, recorded errors) and
  :func:`register_plugin`, the one way a plugin is registered;
- :mod:`.discovery`: the built-ins of ``plugins.BUILTIN`` and installed distributions'
  entry points in the group ``rectify``, loaded the same way;
- :mod:`.calls`: hooks called through pluggy's caller one answering plugin at a time,
  within every plugin's wrappers, so each failure is that plugin's own (``firstresult``
  hooks stop at the first answer);
- :mod:`.queries`: what the core asks of plugins (settings, check types and their
  rules, panels, item events);
- :mod:`.cli`: ``flask plugins``; :mod:`.testing`: :func:`registered_plugin`;
  :mod:`.pytest_plugin`: fixtures for plugin authors' tests.

``RECTIFY_PLUGINS_ALLOW`` (a list of names, or ``None`` for all) and
``RECTIFY_PLUGINS_DENY`` (a list of names) decide which plugins are registered; a denied
plugin is not even imported. ``PLUGIN_SETTINGS = {"name": {...}}`` overrides the
defaults each plugin returns from ``rectify_plugin_settings``.
"""

from .calls import answers
from .cli import plugins_command
from .discovery import (
    BUILTIN_SOURCE,
    ENTRY_POINT_GROUP,
    builtin_entry_points,
    init_plugins,
    load_entry_point,
    load_installed_plugins,
)
from .manager import (
    PluginSource,
    RectifyPluginManager,
    get_manager,
    plugin_errors,
    rectify_version,
    register_plugin,
)
from .queries import (
    CHECK_TYPE_UNAVAILABLE,
    PLUGIN_ERROR,
    actor_data,
    as_reason,
    check_types,
    check_types_by_plugin,
    check_types_for,
    dashboard_panels,
    item_data,
    list_plugins,
    notify_item_event,
    panel_data,
    plugin_settings,
    submission_blockers,
)
from .testing import registered_plugin

__all__ = [
    "BUILTIN_SOURCE", "CHECK_TYPE_UNAVAILABLE", "ENTRY_POINT_GROUP", "PLUGIN_ERROR",
    "PluginSource", "RectifyPluginManager", "actor_data", "answers", "as_reason",
    "builtin_entry_points", "check_types", "check_types_by_plugin", "check_types_for",
    "dashboard_panels", "get_manager", "init_plugins", "item_data",
    "list_plugins", "load_entry_point", "load_installed_plugins", "notify_item_event",
    "panel_data", "plugin_errors", "plugin_settings", "plugins_command", "rectify_version",
    "register_plugin", "registered_plugin", "submission_blockers",
]
