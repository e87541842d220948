"""The plugin manager: a pluggy manager that also knows where each plugin came from, the
allow and deny lists, and the errors plugins raised."""

from __future__ import annotations

import importlib.metadata
import logging
import tomllib
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy
from flask import Flask, current_app

from .. import clock, hookspecs

log = logging.getLogger("rectify.plugins")

EXTENSION_KEY = "rectify_plugins"
MAX_ERRORS = 200


@dataclass(frozen=True)
class PluginSource:
    """Where a registered plugin came from."""

    name: str
    source: str
    version: str


class RectifyPluginManager(pluggy.PluginManager):
    """A pluggy manager that also knows each plugin's source, the allow/deny lists and
    the errors plugins raised in this process (newest last, the latest ``MAX_ERRORS``)."""

    def __init__(self, allow: list[str] | str | None = None,
                 deny: list[str] | str | None = None):
        super().__init__(hookspecs.PROJECT_NAME)
        self.add_hookspecs(hookspecs)
        self.allow = None if allow is None else _names(allow)
        self.deny = _names(deny or ())
        self.sources: dict[str, PluginSource] = {}
        self.errors: list[dict[str, Any]] = []

    def permits(self, name: str) -> bool:
        return name not in self.deny and (self.allow is None or name in self.allow)

    def unregister(self, plugin: object | None = None, name: str | None = None) -> Any | None:
        name = name or self.get_name(plugin)
        removed = super().unregister(plugin=plugin, name=name)
        self.sources.pop(name or "", None)
        return removed

    def record_error(self, plugin: str, where: str, error: BaseException) -> None:
        """Log what ``plugin`` raised in ``where`` (a hook, ``load``, a check type's
        rule, a panel) and keep it for the administrators."""
        log.error("Plugin %s failed in %s", plugin, where, exc_info=error)
        self.errors.append({"plugin": plugin, "hook": where, "error": repr(error),
                            "traceback": "".join(traceback.format_exception(error)),
                            "at": clock.now().isoformat(timespec="seconds")})
        del self.errors[:-MAX_ERRORS]


def _names(value: list[str] | tuple[str, ...] | str) -> set[str]:
    """A list of plugin names; a string (e.g. from the environment) is comma-separated."""
    if isinstance(value, str):
        value = value.split(",")
    return {name.strip() for name in value if name.strip()}


def get_manager(app: Flask | None = None) -> RectifyPluginManager:
    manager: RectifyPluginManager = (app or current_app).extensions[EXTENSION_KEY]
    return manager


def plugin_errors(app: Flask | None = None) -> list[dict[str, Any]]:
    """Errors plugins raised in this worker process, newest last (for administrators)."""
    return get_manager(app).errors


def register_plugin(
    pm: RectifyPluginManager, plugin: Any, source: str, name: str, version: str | None = None,
) -> str | None:
    """Register ``plugin`` under ``name`` if the allow/deny lists permit; return the name.

    Raises :class:`pluggy.PluginValidationError` (and registers nothing) when the plugin
    implements a hook that does not exist, has a ``rectify_*`` function without
    ``@hookimpl``, a hook's arguments do not match its spec, or it has a wrapper the
    core cannot call (see :func:`_check_wrappers`).
    """
    if not pm.permits(name) or pm.is_blocked(name):
        log.info("Plugin %s not enabled (allow/deny lists)", name)
        return None
    _check_marked(pm, plugin, name)
    pm.register(plugin, name=name)
    try:
        pm.check_pending()
        _check_wrappers(pm, plugin, name)
    except pluggy.PluginValidationError:
        pm.unregister(name=name)
        raise
    pm.sources[name] = PluginSource(name, source, version or version_of(plugin))
    return name


def _check_marked(pm: RectifyPluginManager, plugin: Any, name: str) -> None:
    """Refuse ``rectify_*`` functions without ``@hookimpl``: a forgotten marker would
    silently do nothing."""
    for attr in dir(plugin):
        if not attr.startswith("rectify_") or not callable(getattr(plugin, attr, None)):
            continue
        if pm.parse_hookimpl_opts(plugin, attr) is None:
            raise pluggy.PluginValidationError(
                plugin, f"Plugin {name!r}: {attr} looks like a hook but lacks @hookimpl")


def _check_wrappers(pm: RectifyPluginManager, plugin: Any, name: str) -> None:
    """Refuse the wrappers :mod:`rectify.plugins.calls` does not call: old-style
    ``hookwrapper=True`` ones (pluggy keeps them for compatibility; an error raised after
    their ``yield`` comes out as a warning first) -- write ``wrapper=True`` -- and a
    plugin that both answers and wraps one hook (each answer is asked for without the
    other answering plugins, which would leave its wrapper out)."""
    for caller in pm.get_hookcallers(plugin) or ():
        mine = [impl for impl in caller.get_hookimpls() if impl.plugin is plugin]
        if any(impl.hookwrapper for impl in mine):
            raise pluggy.PluginValidationError(
                plugin, f"Plugin {name!r}: {caller.name} is an old-style hookwrapper; "
                        "use @hookimpl(wrapper=True)")
        if any(impl.wrapper for impl in mine) and not all(impl.wrapper for impl in mine):
            raise pluggy.PluginValidationError(
                plugin, f"Plugin {name!r}: both answers and wraps {caller.name}; "
                        "put the wrapper in a plugin of its own")


def version_of(plugin: Any) -> str:
    """A plugin's ``__version__``, else the core's (built-ins share it)."""
    version = getattr(plugin, "__version__", None)
    return str(version) if version else rectify_version()


def rectify_version() -> str:
    """The core's version: installed metadata, else pyproject.toml."""
    try:
        return importlib.metadata.version("rectify")
    except importlib.metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
