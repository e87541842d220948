"""Hook specifications of Rectify's plugins, and the plain data they exchange.

A plugin is a module (or any object) with functions marked ``@hookimpl`` whose names are
the hook names below::

    from rectify.hookspecs import CheckType, Field, Reason, hookimpl

    def patrol_blockers(records, today, settings):
        return [] if records else [Reason("no_patrol", "尚无巡查记录。", "No patrol yet.")]

    @hookimpl
    def rectify_check_types():
        return [CheckType(id="river_patrol", title_zh="河道巡查", title_en="River patrol",
                          fields=(Field("date", "date", "巡查日期", "Patrol date"),),
                          blockers=patrol_blockers)]

Built-in plugins live in the top-level ``plugins`` package and are listed in
``plugins.BUILTIN``; third-party packages declare an entry point in the group ``rectify``::

    [project.entry-points.rectify]
    my_plugin = "my_package.rectify_plugin"

Both kinds are loaded by :mod:`rectify.plugins.discovery` and registered under the plugin
name (the entry point's name, or the built-in's key in ``plugins.BUILTIN``).

Rules for implementations:

- The core calls every hook through pluggy with keyword arguments; an implementation may
  accept only the arguments it needs, in any order, but must not accept names the spec
  does not list.
- The core asks each plugin on its own (so it knows which plugin said what, and one
  plugin that raises does not stop the others), in pluggy's order: ``tryfirst`` ones
  first, then the last registered first. None of the hooks below is ``firstresult``; a
  hook specified ``firstresult=True`` would stop at the first answer that is not
  ``None`` (see :mod:`rectify.plugins.calls`).
- Wrappers (``@hookimpl(wrapper=True)``) of any plugin wrap each plugin's answer, e.g. to
  time or trace it. An error a wrapper raises is the wrapper's plugin's; an error the
  answering plugin raises stays that plugin's, and its answer is left out, even if a
  wrapper catches it. Old-style ``hookwrapper=True`` is refused, and so is a plugin
  that both answers and wraps the same hook.
- An answer of ``None`` is left out, as pluggy does: a plugin with nothing to say for a
  hook may return ``None`` (the return types say so).
- Hooks receive plain data (:class:`ItemData`, :class:`ActorData`, dicts of values), never
  the core's database objects. Return plain data. Hooks must not write to the database or
  keep state between calls: the app runs in several worker processes.
- A check type's rule is the ``blockers`` function of its :class:`CheckType`, and a
  panel's figure the ``compute`` function of its :class:`Panel`: the core calls the one
  that belongs to the item or panel, so a plugin never dispatches on check type ids.

This module imports nothing from Flask, so plugins' rules stay testable as pure functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pluggy

from .text import has_control_characters

PROJECT_NAME = "rectify"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)

FIELD_TYPES = ("int", "float", "bool", "date", "text", "choice")


# Plain data exchanged through the hooks ----------------------------------------------

@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` field, with its labels."""

    value: str
    title_zh: str
    title_en: str


@dataclass(frozen=True)
class Field:
    """One field of a check record.

    ``type`` is one of :data:`FIELD_TYPES`. ``min``/``max`` bound ``int`` and ``float``
    values; ``choices`` lists the values of a ``choice`` field; ``unit`` is a display unit
    (e.g. ``"km/h"``, ``"件"``). Values reach the rules as Python ``int``, ``float``,
    ``bool``, :class:`datetime.date` or ``str``.
    """

    name: str
    type: str
    title_zh: str
    title_en: str
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: tuple[Choice, ...] = ()
    unit: str = ""

    def __post_init__(self) -> None:
        if self.type not in FIELD_TYPES:
            raise ValueError(f"Field {self.name!r}: unknown type {self.type!r}")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"Field {self.name!r}: a choice field needs choices")


# blockers(records, today, settings) -> reasons an item may not be submitted or closed yet.
CheckRule = Callable[[list[dict[str, Any]], date, dict[str, Any]], "list[Reason | str] | None"]


@dataclass(frozen=True)
class CheckType:
    """A kind of structured check record (a patrol, a speed-camera site, ...).

    ``unit_codes`` and ``category_codes`` say which units and problem categories the check
    type suits (the item form offers it there first); empty means any.

    ``blockers(records, today, settings)`` is the check type's rule: it receives the
    item's check records of this type that count (dicts of field name to Python value, in
    the order they were entered), the committee's date and the plugin's settings in
    force, and returns why the item may not be submitted for verification (申请销号) or
    closed (销号) yet -- a list of :class:`Reason` (or plain strings, used for both
    languages); an empty list or ``None`` allows it. ``None`` instead of a function: the
    records are kept, nothing is required. If the rule raises or returns something that
    is not reasons, the item is blocked ("检查插件出错"): checks fail closed.
    """

    id: str
    title_zh: str
    title_en: str
    fields: tuple[Field, ...]
    unit_codes: tuple[str, ...] = ()
    category_codes: tuple[str, ...] = ()
    description_zh: str = ""
    description_en: str = ""
    blockers: CheckRule | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def title(self, locale: str) -> str:
        return self.title_en if locale.startswith("en") else self.title_zh


@dataclass(frozen=True)
class Reason:
    """Why an item may not be submitted yet, in Chinese and English.

    ``code`` is a stable identifier for tests and integrations.
    """

    code: str
    zh: str
    en: str

    def text(self, locale: str) -> str:
        return self.en if locale.startswith("en") else self.zh


@dataclass(frozen=True)
class ActorData:
    """A user as plugins see them: ``username``, ``role`` and their unit's code
    (``unit``, ``None`` for a user without a unit)."""

    username: str
    role: str
    unit: str | None


@dataclass(frozen=True)
class ItemData:
    """An item as plugins see it, read when the event is announced (after the commit).

    ``lead_unit`` is the lead unit's code; ``check_type`` the id of its check type or
    ``None``; ``status`` its workflow state (``open``, ``in_progress``, ``submitted``,
    ``closed``, ...).
    """

    id: int
    code: str
    status: str
    check_type: str | None
    due_date: date
    lead_unit: str
    problem: str


_PYTHON_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,), "float": (int, float), "bool": (bool,), "date": (date,), "text": (str,),
    "choice": (str,),
}


def validate_record(check_type: CheckType, values: dict[str, Any]) -> list[Reason]:
    """Check typed ``values`` against the check type's fields; return what is wrong.

    The core calls this before storing a check record (forms convert text to the field's
    Python type first). Unknown field names are refused.
    """
    known = {f.name for f in check_type.fields}
    problems = [Reason("unknown_field", f"未知字段：{name}", f"Unknown field: {name}")
                for name in values if name not in known]
    for spec in check_type.fields:
        problems += field_problems(spec, values.get(spec.name))
    return problems


def field_problems(spec: Field, value: Any) -> list[Reason]:
    """What is wrong with ``value`` (typed) for the field ``spec``; empty when it is fine."""
    if value is None or value == "":
        if spec.required and spec.type != "bool":
            return [Reason("required", f"{spec.title_zh}：必填", f"{spec.title_en}: required")]
        return []
    wrong_type = not isinstance(value, _PYTHON_TYPES[spec.type]) or (
        spec.type in ("int", "float") and isinstance(value, bool))
    if wrong_type:
        return [Reason("wrong_type", f"{spec.title_zh}：格式不正确",
                       f"{spec.title_en}: not a valid {spec.type}")]
    if spec.min is not None and spec.type in ("int", "float") and value < spec.min:
        return [Reason("too_small", f"{spec.title_zh}：不能小于{spec.min:g}",
                       f"{spec.title_en}: at least {spec.min:g}")]
    if spec.max is not None and spec.type in ("int", "float") and value > spec.max:
        return [Reason("too_large", f"{spec.title_zh}：不能大于{spec.max:g}",
                       f"{spec.title_en}: at most {spec.max:g}")]
    if spec.type == "text" and has_control_characters(value):
        return [Reason("control_characters", f"{spec.title_zh}：不能包含控制字符",
                       f"{spec.title_en}: control characters are not allowed")]
    if spec.type == "choice" and value not in {c.value for c in spec.choices}:
        return [Reason("bad_choice", f"{spec.title_zh}：无效选项",
                       f"{spec.title_en}: invalid choice")]
    return []


# compute(records, today, settings) -> figure data (plain, JSON-serialisable dict).
PanelCompute = Callable[[list[dict[str, Any]], date, dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    """A dashboard panel a plugin contributes.

    ``compute(records, today, settings)`` receives the check records of ``check_type``
    that the viewer may see (plain dicts, as for a check type's ``blockers``), today's date and
    the plugin's settings, and returns JSON-serialisable figure data::

        {"kind": "bar" | "line" | "number" | "table",
         "x": [...], "y": [...],            # bar and line
         "series": {"key": [...], ...},     # optional, several y series over x
         "labels_zh": [...], "labels_en": [...],          # optional, x as shown
         "series_labels_zh": {"key": "名称"}, "series_labels_en": {...},  # optional
         "value": 12,                       # number
         "columns": [...], "rows": [[...]]} # table

    The dashboards turn that data into a figure; plugins never build Plotly objects.
    """

    id: str
    title_zh: str
    title_en: str
    check_type: str
    compute: PanelCompute


# Hook specifications ---------------------------------------------------------------

@hookspec
def rectify_plugin_settings() -> dict[str, Any] | None:
    """Return the plugin's default settings (thresholds), a flat dict of plain values.

    Called for each plugin when its settings are needed. The administrator overrides them
    per plugin with the app config ``PLUGIN_SETTINGS = {"plugin_name": {"key": value}}``;
    the merged dict is what the plugin's check type rules (``CheckType.blockers``) and
    panels (``Panel.compute``) receive. Not firstresult.
    """


@hookspec
def rectify_check_types() -> list[CheckType] | None:
    """Return the check types this plugin defines (a list of :class:`CheckType`, each
    with its rule in ``blockers``).

    Called whenever the core needs the list (item form, record form, submit, close, the
    item page, the ``plugins`` command). Ids must be unique across plugins; a duplicate
    is refused and reported to administrators. If it raises, the plugin's check types are
    unavailable and items that use them are blocked. Not firstresult.
    """


@hookspec
def rectify_dashboard_panels() -> list[Panel] | None:
    """Return the dashboard panels this plugin contributes (a list of :class:`Panel`).

    Called when the dashboards are built; panel ``compute`` functions are called per
    request with records already scoped to the viewer. Not firstresult.
    """


@hookspec
def rectify_item_event(item: ItemData, event_kind: str, actor: ActorData | None,
                       payload: dict[str, Any]) -> None:
    """Hear something that happened to an item, for notifications and integrations.

    ``item`` is the item's :class:`ItemData` as committed; ``event_kind`` is a workflow
    transition (``sign_for``, ``submit``, ``return_item``, ``close``, ``reopen``),
    ``overdue``, ``chased``, or another audit event kind; ``actor`` is the
    :class:`ActorData` of the user who acted (``None`` for the system, e.g. the overdue
    sweep); ``payload`` holds the event's plain values (old/new status, reason). Called
    after the change is committed, on every plugin. The return value is ignored; an
    exception is logged and never undoes or blocks the change. Not firstresult.
    """
