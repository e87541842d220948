"""The plugin manager: one per app, built by :func:`init_plugins`.

Plugins come from two places and go through one path, :func:`register_plugin`:

1. the built-in modules listed in ``plugins.BUILTIN`` (source ``"built-in"``);
2. installed distributions' entry points in the group ``rectify`` (source: the
   distribution's name), found the way ``PluginManager.load_setuptools_entrypoints``
   finds them.

``RECTIFY_PLUGINS_ALLOW`` (a list of names, or ``None`` for all) and
``RECTIFY_PLUGINS_DENY`` (a list of names) decide which of them are registered; a denied
entry point is not even imported. ``PLUGIN_SETTINGS = {"name": {...}}`` overrides the
defaults each plugin returns from ``rectify_plugin_settings``.

Hooks are called one plugin at a time, with keyword arguments, so a plugin that raises is
logged, recorded in ``app.extensions["rectify_plugin_errors"]`` for administrators and
skipped -- except for submission checks, which fail closed.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import logging
import tomllib
import traceback
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterator

import click
import pluggy
from flask import Flask, current_app

from . import clock, hookspecs
from .hookspecs import CheckType, Panel, Reason

log = logging.getLogger(__name__)

EXTENSION_KEY = "rectify_plugins"
ERRORS_KEY = "rectify_plugin_errors"
ENTRY_POINT_GROUP = "rectify"
BUILTIN_SOURCE = "built-in"
MAX_ERRORS = 200

PLUGIN_ERROR = Reason("plugin_error", "检查插件出错，请联系系统管理员。",
                      "A check plugin failed; please contact the administrator.")
CHECK_TYPE_UNAVAILABLE = Reason("check_type_unavailable",
                                "该事项的检查类型不可用（插件未启用），请联系系统管理员。",
                                "This item's check type is not available (its plugin is "
                                "not enabled); please contact the administrator.")


@dataclass(frozen=True)
class PluginSource:
    """Where a registered plugin came from."""

    name: str
    source: str
    version: str


class RectifyPluginManager(pluggy.PluginManager):
    """A pluggy manager that also knows each plugin's source and the allow/deny lists."""

    def __init__(self, allow: list[str] | str | None = None,
                 deny: list[str] | str | None = None):
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.allow = None if allow is None else _names(allow)
        self.deny = _names(deny or ())
        self.sources: dict[str, PluginSource] = {}

    def permits(self, name: str) -> bool:
        return name not in self.deny and (self.allow is None or name in self.allow)

    def unregister(self, plugin=None, name=None):
        name = name or self.get_name(plugin)
        removed = super().unregister(plugin=plugin, name=name)
        self.sources.pop(name or "", None)
        return removed


def _names(value: list[str] | tuple[str, ...] | str) -> set[str]:
    """A list of plugin names; a string (e.g. from the environment) is comma-separated."""
    if isinstance(value, str):
        value = value.split(",")
    return {name.strip() for name in value if name.strip()}


# Building the manager -----------------------------------------------------------------

def init_plugins(app: Flask) -> RectifyPluginManager:
    """Build the app's plugin manager, load built-ins then entry points, and validate."""
    pm = RectifyPluginManager(app.config.get("RECTIFY_PLUGINS_ALLOW"),
                              app.config.get("RECTIFY_PLUGINS_DENY"))
    app.extensions[EXTENSION_KEY] = pm
    app.extensions[ERRORS_KEY] = []
    for module in _builtin_modules():
        register_plugin(pm, module, BUILTIN_SOURCE)
    load_entrypoint_plugins(pm, app)
    pm.check_pending()
    return pm


def _builtin_modules() -> list[Any]:
    import plugins

    return [importlib.import_module(name) for name in plugins.BUILTIN]


def plugin_name_of(module: Any) -> str:
    """A built-in module's plugin name: ``PLUGIN_NAME`` or its last dotted part."""
    return getattr(module, "PLUGIN_NAME", None) or module.__name__.rsplit(".", 1)[-1]


def register_plugin(
    pm: RectifyPluginManager, plugin: Any, source: str, name: str | None = None,
    version: str | None = None,
) -> str | None:
    """Register ``plugin`` under ``name`` if the allow/deny lists permit; return the name.

    Raises :class:`pluggy.PluginValidationError` (and registers nothing) when the plugin
    implements a hook that does not exist, has a ``rectify_*`` function without
    ``@hookimpl``, uses a hook wrapper, or a hook's arguments do not match its spec.
    """
    name = name or plugin_name_of(plugin)
    if not pm.permits(name) or pm.is_blocked(name):
        log.info("Plugin %s not enabled (allow/deny lists)", name)
        return None
    _check_shape(pm, plugin, name)
    pm.register(plugin, name=name)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError:
        pm.unregister(name=name)
        raise
    pm.sources[name] = PluginSource(name, source, version or _version_of(plugin))
    return name


def _check_shape(pm: RectifyPluginManager, plugin: Any, name: str) -> None:
    """Refuse ``rectify_*`` functions without ``@hookimpl`` (a forgotten marker would
    silently do nothing) and wrappers (each plugin is called on its own, see
    :func:`call_plugin`)."""
    for attr in dir(plugin):
        if not attr.startswith("rectify_") or not callable(getattr(plugin, attr, None)):
            continue
        opts = pm.parse_hookimpl_opts(plugin, attr)
        if opts is None:
            raise pluggy.PluginValidationError(
                plugin, f"Plugin {name!r}: {attr} looks like a hook but lacks @hookimpl")
        if opts.get("wrapper") or opts.get("hookwrapper"):
            raise pluggy.PluginValidationError(
                plugin, f"Plugin {name!r}: {attr} is a wrapper; Rectify hooks take none")


def _version_of(plugin: Any) -> str:
    version = getattr(plugin, "__version__", None)
    if version:
        return str(version)
    return rectify_version()


def rectify_version() -> str:
    """The core's version (built-ins share it): installed metadata, else pyproject.toml."""
    try:
        return importlib.metadata.version("rectify")
    except importlib.metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def load_entrypoint_plugins(pm: RectifyPluginManager, app: Flask | None = None) -> int:
    """Register installed distributions' entry points in the group ``rectify``.

    Same discovery as ``pm.load_setuptools_entrypoints("rectify")``, but denied plugins
    are not imported and one that fails to import is reported, not fatal.
    """
    count = 0
    for dist in list(importlib.metadata.distributions()):
        for ep in dist.entry_points:
            if ep.group != ENTRY_POINT_GROUP or pm.get_plugin(ep.name) or \
                    pm.is_blocked(ep.name) or not pm.permits(ep.name):
                continue
            try:
                plugin = ep.load()
            except Exception as error:  # a broken third-party package must not stop the app
                _record_error(app, ep.name, "load", error)
                continue
            if register_plugin(pm, plugin, dist.metadata["name"], ep.name, dist.version):
                count += 1
    return count


# Calling hooks safely -----------------------------------------------------------------

def get_manager(app: Flask | None = None) -> RectifyPluginManager:
    return (app or current_app).extensions[EXTENSION_KEY]


def plugin_errors(app: Flask | None = None) -> list[dict[str, Any]]:
    """Errors plugins raised in this worker process, newest last (for administrators)."""
    return (app or current_app).extensions.setdefault(ERRORS_KEY, [])


def _record_error(app: Flask | None, plugin: str, hook: str, error: BaseException) -> None:
    log.error("Plugin %s failed in %s", plugin, hook, exc_info=error)
    if app is None:
        return
    errors = plugin_errors(app)
    errors.append({"plugin": plugin, "hook": hook, "error": repr(error),
                   "traceback": "".join(traceback.format_exception(error)),
                   "at": clock.now().isoformat(timespec="seconds")})
    del errors[:-MAX_ERRORS]


class PluginCallError(Exception):
    """A plugin's hook implementation raised; the original is the ``__cause__``."""


def call_plugin(app: Flask, name: str, hook: str, **kwargs: Any) -> list[Any]:
    """Call one plugin's implementation of ``hook``; return its results (0 or 1 items).

    Arguments are matched by name, exactly as pluggy does (an implementation receives
    only the arguments it declares). Raises :class:`PluginCallError` (after recording
    the error) when the plugin raises.
    """
    impls = [impl for impl in getattr(get_manager(app).hook, hook).get_hookimpls()
             if impl.plugin_name == name]
    results = []
    for impl in impls:
        try:
            result = impl.function(*[kwargs[arg] for arg in impl.argnames])
        except Exception as error:
            _record_error(app, name, hook, error)
            raise PluginCallError(f"{name}.{hook}") from error
        if result is not None:
            results.append(result)
    return results


def _implementers(app: Flask, hook: str) -> list[str]:
    """Names of plugins implementing ``hook``, in pluggy's call order."""
    impls = getattr(get_manager(app).hook, hook).get_hookimpls()
    return [impl.plugin_name for impl in reversed(impls)]


def _collect(app: Flask, hook: str, **kwargs: Any) -> list[tuple[str, Any]]:
    """(plugin name, result) of every implementation; plugins that raise are skipped."""
    results = []
    for name in _implementers(app, hook):
        try:
            results.extend((name, r) for r in call_plugin(app, name, hook, **kwargs))
        except PluginCallError:
            continue
    return results


# What the core asks of plugins ----------------------------------------------------------

def plugin_settings(app: Flask, name: str) -> dict[str, Any]:
    """A plugin's defaults merged with ``PLUGIN_SETTINGS[name]`` from the app config."""
    settings: dict[str, Any] = {}
    if name in _implementers(app, "rectify_plugin_settings"):
        try:
            for defaults in call_plugin(app, name, "rectify_plugin_settings"):
                settings.update(defaults or {})
        except PluginCallError:
            pass
    overrides = (app.config.get("PLUGIN_SETTINGS") or {}).get(name, {})
    unknown = set(overrides) - set(settings)
    if unknown:
        log.warning("PLUGIN_SETTINGS[%r] has unknown keys: %s", name, sorted(unknown))
    return {**settings, **overrides}


def check_types_by_plugin(app: Flask) -> dict[str, tuple[str, CheckType]]:
    """Check type id -> (plugin name, declaration). A duplicate id keeps the first plugin
    registered and is recorded as an error of the later one."""
    found: dict[str, tuple[str, CheckType]] = {}
    for name, declared in reversed(_collect(app, "rectify_check_types")):
        for check_type in declared or ():
            if check_type.id in found:
                _record_error(app, name, "rectify_check_types", ValueError(
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


def submission_blockers(app: Flask, item: Any, records: list[dict[str, Any]],
                        today: date) -> list[Reason]:
    """Why ``item`` may not be submitted, from the plugin owning its check type.

    No check type: no reasons. Unknown check type, or a plugin that raises: a blocking
    reason (fail closed); the error is logged and recorded for administrators.
    """
    if not getattr(item, "check_type", None):
        return []
    owner = check_types_by_plugin(app).get(item.check_type)
    if owner is None:
        return [CHECK_TYPE_UNAVAILABLE]
    name, check_type = owner
    if name not in _implementers(app, "rectify_submission_blockers"):
        return []
    try:
        results = call_plugin(app, name, "rectify_submission_blockers", item=item,
                              check_type=check_type, records=records, today=today,
                              settings=plugin_settings(app, name))
        return [as_reason(r) for result in results for r in (result or ())]
    except Exception as error:  # includes a malformed return value
        if not isinstance(error, PluginCallError):
            _record_error(app, name, "rectify_submission_blockers", error)
        return [PLUGIN_ERROR]


def as_reason(value: Reason | str | dict) -> Reason:
    """Normalise what a plugin returned into a :class:`Reason`."""
    if isinstance(value, Reason):
        return value
    if isinstance(value, str):
        return Reason("plugin", value, value)
    if isinstance(value, dict) and "zh" in value:
        return Reason(value.get("code", "plugin"), value["zh"], value.get("en", value["zh"]))
    raise TypeError(f"Not a reason: {value!r}")


def dashboard_panels(app: Flask) -> list[tuple[str, Panel]]:
    """(plugin name, panel) of every enabled plugin; a plugin that raises is skipped."""
    return [(name, panel) for name, panels in _collect(app, "rectify_dashboard_panels")
            for panel in panels or ()]


def notify_item_event(app: Flask, item: Any, event_kind: str, actor: Any,
                      payload: dict[str, Any]) -> None:
    """Tell every plugin about an item event; failures are logged, never raised."""
    _collect(app, "rectify_item_event", item=item, event_kind=event_kind, actor=actor,
             payload=payload)


def list_plugins(app: Flask) -> list[dict[str, Any]]:
    """What the admin page and the ``plugins`` command show, one dict per plugin."""
    pm = get_manager(app)
    types = check_types_by_plugin(app)
    rows = []
    for name, plugin in sorted(pm.list_name_plugin()):
        if plugin is None:
            continue
        source = pm.sources.get(name) or PluginSource(name, "unknown", _version_of(plugin))
        rows.append({
            "name": name,
            "version": source.version,
            "source": source.source,
            "hooks": sorted(caller.name for caller in pm.get_hookcallers(plugin) or ()),
            "check_types": sorted(cid for cid, (owner, _) in types.items() if owner == name),
            "settings": plugin_settings(app, name),
        })
    return rows


# Tests ------------------------------------------------------------------------------------

@contextmanager
def registered_plugin(app: Flask, plugin: Any, name: str | None = None,
                      source: str = "test") -> Iterator[str | None]:
    """Register ``plugin`` on ``app``'s manager inside the block, unregister it after."""
    pm = get_manager(app)
    registered = register_plugin(pm, plugin, source, name=name)
    try:
        yield registered
    finally:
        if registered is not None and pm.has_plugin(registered):
            pm.unregister(name=registered)


# Command line -------------------------------------------------------------------------------

@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins_command(as_json: bool) -> None:
    """List the enabled plugins, their check types and settings in force."""
    rows = list_plugins(current_app)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']} ({row['source']})")
        click.echo(f"  hooks:       {', '.join(row['hooks'])}")
        click.echo(f"  check types: {', '.join(row['check_types']) or '-'}")
        click.echo(f"  settings:    {json.dumps(row['settings'], ensure_ascii=False)}")
    for error in plugin_errors(current_app):
        click.echo(f"error: {error['plugin']} in {error['hook']}: {error['error']}", err=True)
