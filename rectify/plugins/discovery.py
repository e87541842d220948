"""Finding and loading plugins: the built-ins of ``plugins.BUILTIN`` and installed
distributions' entry points in the group ``rectify`` go through the same path.

Both are :class:`importlib.metadata.EntryPoint` objects, loaded by :func:`load_entry_point`
(the way ``PluginManager.load_setuptools_entrypoints`` loads them) except that a denied
plugin is not even imported and one that fails to import is recorded, not fatal.
"""

from __future__ import annotations

import importlib.metadata
from importlib.metadata import EntryPoint

from flask import Flask

from .manager import EXTENSION_KEY, RectifyPluginManager, register_plugin

ENTRY_POINT_GROUP = "rectify"
BUILTIN_SOURCE = "built-in"


def init_plugins(app: Flask) -> RectifyPluginManager:
    """Build the app's plugin manager, load built-ins then entry points, and validate."""
    pm = RectifyPluginManager(app.config.get("RECTIFY_PLUGINS_ALLOW"),
                              app.config.get("RECTIFY_PLUGINS_DENY"))
    app.extensions[EXTENSION_KEY] = pm
    for entry_point in builtin_entry_points():
        load_entry_point(pm, entry_point, BUILTIN_SOURCE)
    load_installed_plugins(pm)
    pm.check_pending()
    return pm


def builtin_entry_points() -> list[EntryPoint]:
    """``plugins.BUILTIN`` (plugin name -> module) as entry points of the group."""
    import plugins

    return [EntryPoint(name, value, ENTRY_POINT_GROUP) for name, value in plugins.BUILTIN.items()]


def load_installed_plugins(pm: RectifyPluginManager) -> int:
    """Register installed distributions' entry points in the group ``rectify``; return
    how many were registered."""
    count = 0
    for dist in list(importlib.metadata.distributions()):
        for entry_point in dist.entry_points:
            if entry_point.group == ENTRY_POINT_GROUP and load_entry_point(
                    pm, entry_point, dist.metadata["name"], dist.version):
                count += 1
    return count


def load_entry_point(pm: RectifyPluginManager, entry_point: EntryPoint, source: str,
                     version: str | None = None) -> str | None:
    """Import and register one plugin under the entry point's name, unless that name is
    taken (a distribution cannot replace a built-in), blocked or not permitted."""
    name = entry_point.name
    if pm.get_plugin(name) or pm.is_blocked(name) or not pm.permits(name):
        return None
    try:
        plugin = entry_point.load()
    except Exception as error:  # a broken package must not stop the app
        pm.record_error(name, "load", error)
        return None
    return register_plugin(pm, plugin, source, name, version)
