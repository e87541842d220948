"""Calling hooks through pluggy's own caller, one plugin at a time.

The core asks each implementing plugin through ``pm.subset_hook_caller`` (pluggy's
:class:`~pluggy.HookCaller` restricted to that plugin): pluggy passes the keyword
arguments the implementation declares, and monitoring added with
``pm.add_hookcall_monitoring`` or ``pm.enable_tracing`` sees every call. Asking one
plugin at a time is what keeps failures apart: a plugin that raises is recorded against
that plugin and skipped, and the others still answer. A caller that leaves out an
argument of the spec (or passes one the spec does not have) gets a
:class:`pluggy.HookCallError` before any plugin runs -- it is the caller's mistake, not
a plugin's.
"""

from __future__ import annotations

from typing import Any

import pluggy

from .manager import RectifyPluginManager


def answers(pm: RectifyPluginManager, hook: str, only: str | None = None,
            **kwargs: Any) -> list[tuple[str, Any]]:
    """(plugin name, answer) of each plugin implementing ``hook`` (only the plugin
    ``only`` if given), with the keyword arguments ``kwargs``. ``None`` answers are left
    out, as pluggy does; a plugin that raises is recorded and left out."""
    caller = getattr(pm.hook, hook)
    _check_arguments(caller, kwargs)
    impls = caller.get_hookimpls()
    plugins = {impl.plugin_name: impl.plugin for impl in reversed(impls)}  # call order
    found = []
    for name, plugin in plugins.items():
        if only is not None and name != only:
            continue
        others = [other for other in plugins.values() if other is not plugin]
        try:
            results = pm.subset_hook_caller(hook, remove_plugins=others)(**kwargs)
        except Exception as error:  # a plugin's bug must not reach the caller
            pm.record_error(name, hook, error)
            continue
        found.extend((name, result) for result in results)
    return found


def _check_arguments(caller: pluggy.HookCaller, kwargs: dict[str, Any]) -> None:
    """Raise unless ``kwargs`` are exactly the spec's arguments."""
    expected = set(caller.spec.argnames) if caller.spec else set()
    missing, unknown = sorted(expected - set(kwargs)), sorted(set(kwargs) - expected)
    if missing or unknown:
        raise pluggy.HookCallError(
            f"{caller.name}: missing arguments {missing}, unknown arguments {unknown}")
