"""Calling hooks through pluggy's own caller, one answering plugin at a time.

For each plugin implementing a hook the core makes one pluggy call: the hook's caller
restricted to its wrappers (``pm.subset_hook_caller`` without the answering plugins),
which that plugin's implementation joins through :meth:`pluggy.HookCaller.call_extra`.
So pluggy passes the keyword arguments the implementation declares, every plugin's
wrapper (``@hookimpl(wrapper=True)``, e.g. a timing or tracing plugin) wraps each
plugin's answer, and monitoring added with ``pm.add_hookcall_monitoring`` or
``pm.enable_tracing`` sees every call (the answering implementation shows there as
pluggy's ``<temp>`` one, whose ``function.__wrapped__`` is the plugin's).

Asking one plugin at a time is what keeps failures apart, failing closed:

- the answering plugin raises: recorded against that plugin and its answer left out,
  whatever the wrappers then do -- a wrapper that catches the exception and returns
  something instead cannot turn the failure into an answer, or hide it;
- a wrapper raises (before or after the answer): recorded against the wrapper's plugin,
  that answer left out, and the answering plugin not blamed;
- the other plugins still answer.

A hook specified ``firstresult=True`` asks the plugins in pluggy's order (``tryfirst``
ones first, then the last registered first) and stops at the first answer that is not
``None``; a plugin that fails is recorded and the next one asked.

A caller that leaves out an argument of the spec (or passes one the spec does not have)
gets a :class:`pluggy.HookCallError` before any plugin runs -- it is the caller's mistake,
not a plugin's.
"""

from __future__ import annotations

import functools
import traceback
from typing import Any

import pluggy

from .manager import RectifyPluginManager


def answers(pm: RectifyPluginManager, hook: str, only: str | None = None,
            **kwargs: Any) -> list[tuple[str, Any]]:
    """(plugin name, answer) of each plugin implementing ``hook`` (only the plugin
    ``only`` if given), with the keyword arguments ``kwargs``, in pluggy's call order.
    ``None`` answers are left out, as pluggy does; a plugin that raises is recorded and
    left out. For a ``firstresult`` hook, at most one: the first answer given."""
    caller: pluggy.HookCaller = getattr(pm.hook, hook)
    _check_arguments(caller, kwargs)
    answering = [impl for impl in reversed(caller.get_hookimpls()) if not impl.wrapper]
    wrappers = pm.subset_hook_caller(hook, remove_plugins={impl.plugin for impl in answering})
    first_only = bool(caller.spec and caller.spec.opts.get("firstresult"))
    found: list[tuple[str, Any]] = []
    for impl in answering:
        if only is not None and impl.plugin_name != only:
            continue
        found.extend((impl.plugin_name, result)
                     for result in _ask(pm, wrappers, impl, kwargs, first_only))
        if first_only and found:
            break
    return found


def _ask(pm: RectifyPluginManager, wrappers: pluggy.HookCaller, impl: pluggy.HookImpl,
         kwargs: dict[str, Any], first_only: bool) -> list[Any]:
    """The answers of ``impl``'s plugin, asked within ``wrappers``; failures recorded."""
    raised: list[Exception] = []

    @functools.wraps(impl.function)  # pluggy reads the plugin's own argument names
    def answer(*args: Any) -> Any:
        try:
            return impl.function(*args)
        except Exception as error:
            raised.append(error)
            raise

    try:
        result = wrappers.call_extra([answer], kwargs)
    except Exception as error:  # a plugin's bug must not reach the caller
        wrapper_errors = _wrapper_errors(wrappers, error, raised[0] if raised else None)
        result = None
    else:
        wrapper_errors = []
    if raised:
        pm.record_error(impl.plugin_name, wrappers.name, raised[0])
    for name, wrapper_error in wrapper_errors:
        pm.record_error(name, wrappers.name, wrapper_error)
    if raised or wrapper_errors:
        return []
    if first_only:
        return [] if result is None else [result]
    return list(result or [])


def _wrapper_errors(wrappers: pluggy.HookCaller, error: Exception,
                    answers_own: Exception | None) -> list[tuple[str, BaseException]]:
    """(wrapper's plugin, what it raised) for each error of the chain ``error`` ends
    (raised from or while handling the one before), oldest first, back to the answering
    plugin's own ``answers_own``. Each is blamed on the innermost wrapper whose frame its
    traceback holds (an exception thrown into the outer wrappers passes through theirs
    too); ``error`` itself, if no frame is a wrapper's, on every wrapper of the call. With
    no wrapper at all it is not a plugin's error, and is raised again."""
    impls = [impl for impl in wrappers.get_hookimpls() if impl.wrapper]
    if error is answers_own:
        return []
    if not impls:
        raise error
    owners = {_code_of(impl.function): impl.plugin_name for impl in impls}
    found: list[tuple[str, BaseException]] = []
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current is not answers_own and not _among(current, seen):
        seen.append(current)
        blamed = _innermost_wrapper(owners, current)
        if blamed is not None:
            found.insert(0, (blamed, current))
        elif current is error:
            found[:0] = [(name, current) for name in sorted(set(owners.values()))]
        current = current.__cause__ or current.__context__
    return found


def _innermost_wrapper(owners: dict[Any, str], error: BaseException) -> str | None:
    passed = [owners[frame.f_code] for frame, _ in traceback.walk_tb(error.__traceback__)
              if frame.f_code in owners]
    return passed[-1] if passed else None


def _among(error: BaseException, errors: list[BaseException]) -> bool:
    return any(error is other for other in errors)


def _code_of(function: Any) -> Any:
    return getattr(function, "__func__", function).__code__


def _check_arguments(caller: pluggy.HookCaller, kwargs: dict[str, Any]) -> None:
    """Raise unless ``kwargs`` are exactly the spec's arguments."""
    expected = set(caller.spec.argnames) if caller.spec else set()
    missing, unknown = sorted(expected - set(kwargs)), sorted(set(kwargs) - expected)
    if missing or unknown:
        raise pluggy.HookCallError(
            f"{caller.name}: missing arguments {missing}, unknown arguments {unknown}")
