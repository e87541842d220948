"""The plugin manager: loading, validation, isolation of failures, allow/deny, settings."""

from __future__ import annotations

import importlib.metadata
import json
import sys
import textwrap
from dataclasses import replace
from datetime import date

import pluggy
import pytest

from rectify import create_app
from rectify.hookspecs import ActorData, CheckType, Field, ItemData, Reason, hookimpl
from rectify.plugins import (
    CHECK_TYPE_UNAVAILABLE,
    PLUGIN_ERROR,
    answers,
    check_types,
    check_types_by_plugin,
    check_types_for,
    dashboard_panels,
    get_manager,
    init_plugins,
    list_plugins,
    notify_item_event,
    plugin_errors,
    plugin_settings,
    plugins_command,
    register_plugin,
    registered_plugin,
    submission_blockers,
)

TODAY = date(2026, 6, 1)
BUILTIN_TYPES = {
    "speed_camera_sites": "traffic", "plate_enforcement_monthly": "traffic",
    "nonlocal_fines_monthly": "traffic", "river_patrol": "sand_mining",
    "market_inspection": "market",
}
BUILTIN_NAMES = {"traffic", "sand_mining", "market"}
BUILTIN_PANELS = {"traffic_speed_camera_signs", "sand_mining_patrols", "market_complaints"}
# Distributions installed in the environment (such as tests/example_plugin) load too.
INSTALLED = {ep.name for ep in importlib.metadata.entry_points(group="rectify")} - BUILTIN_NAMES


def make_app(**config):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", **config})
    init_plugins(app)
    return app


@pytest.fixture
def app():
    return make_app()


def item(check_type: str | None) -> ItemData:
    return ItemData(id=1, code="T26-A-001", status="in_progress", check_type=check_type,
                    due_date=TODAY, lead_unit="a", problem="问题")


def codes(reasons) -> list[str]:
    return [reason.code for reason in reasons]


def owners(app) -> dict[str, str]:
    """Check type id -> plugin name, for every enabled check type."""
    return {cid: owner for cid, (owner, _) in check_types_by_plugin(app).items()}


def builtin_owners(app) -> dict[str, str]:
    """The built-ins' part of :func:`owners`; every other owner must be installed."""
    found = owners(app)
    assert set(found.values()) <= BUILTIN_NAMES | INSTALLED, found
    return {cid: owner for cid, owner in found.items() if owner in BUILTIN_NAMES}


def probe_blockers(records, today, settings):
    if len(records) < settings["needed"]:
        return [Reason("probe_missing", "缺少记录", "Record missing"), "纯文本理由"]
    return []


def raise_boom(*args):
    raise RuntimeError("boom")


class Probe:
    """A well-formed test plugin with one check type that blocks until a record exists."""

    CHECK = CheckType("probe_check", "探针检查", "Probe check",
                      (Field("done", "bool", "已完成", "Done"),), blockers=probe_blockers)

    def __init__(self):
        self.events: list[tuple[str, dict]] = []

    @hookimpl
    def rectify_plugin_settings(self):
        return {"needed": 1}

    @hookimpl
    def rectify_check_types(self):
        return [self.CHECK]

    @hookimpl
    def rectify_item_event(self, event_kind, payload):
        self.events.append((event_kind, payload))


class Broken:
    """Declares a check type whose rule raises, then raises in every other hook."""

    @hookimpl
    def rectify_check_types(self):
        return [CheckType("broken_check", "坏检查", "Broken check", (), blockers=raise_boom)]

    @hookimpl
    def rectify_item_event(self, item):
        raise RuntimeError("boom")

    @hookimpl
    def rectify_dashboard_panels(self):
        raise RuntimeError("boom")


# Loading ---------------------------------------------------------------------------------

def test_builtins_load_with_their_check_types(app):
    rows = {row["name"]: row for row in list_plugins(app)}
    assert set(rows) == BUILTIN_NAMES | INSTALLED
    for name in BUILTIN_NAMES:
        assert rows[name]["source"] == "built-in" and rows[name]["version"] == "0.1.0"
        assert "rectify_check_types" in rows[name]["hooks"]
    for name in INSTALLED:
        assert rows[name]["source"] != "built-in"
    assert builtin_owners(app) == BUILTIN_TYPES
    assert rows["sand_mining"]["settings"]["min_patrols"] == 8
    assert [ct.id for ct in check_types_for(app, "slj", "law")] == ["river_patrol"]
    assert "market_inspection" in {ct.id for ct in check_types_for(app, "cgj", "service")}
    assert {panel.id for name, panel in dashboard_panels(app)
            if name in BUILTIN_NAMES} == BUILTIN_PANELS


def test_each_app_has_its_own_manager():
    first, second = make_app(), make_app()
    assert get_manager(first) is not get_manager(second)
    with registered_plugin(first, Probe(), "probe"):
        assert "probe_check" in check_types(first)
        assert "probe_check" not in check_types(second)


def test_builtin_rules_run_through_the_manager(app):
    reasons = submission_blockers(app, "speed_camera_sites", [], TODAY)
    assert codes(reasons) == ["no_sites"]
    assert [r.text("en") for r in reasons] == ["No speed-camera site is recorded."]
    assert submission_blockers(app, None, [], TODAY) == []


# Validation ------------------------------------------------------------------------------

class Misspelled:
    @hookimpl
    def rectify_check_typs(self):
        return []


class Unmarked:
    def rectify_check_types(self):
        return []


class WrongArgument:
    @hookimpl
    def rectify_item_event(self, item, evnet_kind):
        pass


class OldStyleWrapper:
    @hookimpl(hookwrapper=True)
    def rectify_check_types(self):
        yield


class AnswersAndWraps:
    @hookimpl
    def rectify_check_types(self):
        return []

    @hookimpl(wrapper=True, specname="rectify_check_types")
    def around_check_types(self):
        return (yield)


@pytest.mark.parametrize("plugin", [Misspelled(), Unmarked(), WrongArgument(),
                                    OldStyleWrapper(), AnswersAndWraps()],
                         ids=["misspelled", "unmarked", "wrong-argument", "old-style-wrapper",
                              "answers-and-wraps"])
def test_malformed_plugins_are_refused_and_not_left_registered(app, plugin):
    pm = get_manager(app)
    before = owners(app)
    with pytest.raises(pluggy.PluginValidationError):
        register_plugin(pm, plugin, "test", name="bad")
    assert pm.get_plugin("bad") is None and "bad" not in pm.sources
    pm.check_pending()  # nothing half-registered remains
    assert owners(app) == before and builtin_owners(app) == BUILTIN_TYPES


def test_misspelled_hook_fails_check_pending_at_startup(fake_distribution):
    fake_distribution("typo_dist", "typo", "typo_plugin", """
        from rectify.hookspecs import hookimpl

        @hookimpl
        def rectify_item_evnet(item):
            pass
    """)
    with pytest.raises(pluggy.PluginValidationError, match="rectify_item_evnet"):
        make_app()


# Failures are isolated ----------------------------------------------------------------------

def test_a_plugin_that_raises_fails_closed_and_others_keep_working(app):
    probe = Probe()
    panels = len(dashboard_panels(app))
    with registered_plugin(app, Broken(), "broken"), registered_plugin(app, probe, "probe"):
        assert submission_blockers(app, "broken_check", [], TODAY) == [PLUGIN_ERROR]
        assert PLUGIN_ERROR.zh.startswith("检查插件出错")
        errors = plugin_errors(app)
        assert [(e["plugin"], e["hook"]) for e in errors] == \
            [("broken", "check type broken_check")]
        assert "boom" in errors[0]["error"] and "RuntimeError" in errors[0]["traceback"]
        # other plugins, other items and other hooks still work
        assert codes(submission_blockers(app, "river_patrol", [], TODAY)) == \
            ["too_few_patrols"]
        assert codes(submission_blockers(app, "probe_check", [], TODAY)) == \
            ["probe_missing", "plugin"]
        assert submission_blockers(app, "probe_check", [{"done": True}], TODAY) == []
        notify_item_event(app, item("probe_check"), "submit", None, {"status": "submitted"})
        assert probe.events == [("submit", {"status": "submitted"})]
        assert len(dashboard_panels(app)) == panels
        assert {e["hook"] for e in plugin_errors(app)} == {
            "check type broken_check", "rectify_item_event", "rectify_dashboard_panels"}


def test_a_caller_s_missing_or_unknown_argument_is_the_caller_s_error(app):
    """pluggy checks the keyword arguments against the spec: a wrong call raises to the
    caller before any plugin runs, and no plugin is blamed."""
    probe = Probe()
    with registered_plugin(app, probe, "probe"):
        pm = get_manager(app)
        with pytest.raises(pluggy.HookCallError, match="payload"):
            answers(pm, "rectify_item_event", item=item("probe_check"), event_kind="submit",
                    actor=None)
        with pytest.raises(pluggy.HookCallError, match="colour"):
            answers(pm, "rectify_check_types", colour="red")
        with pytest.warns(UserWarning), pytest.raises(pluggy.HookCallError, match="payload"):
            pm.hook.rectify_item_event(item=item("probe_check"), event_kind="submit", actor=None)
    assert probe.events == [] and plugin_errors(app) == []


def test_hooks_go_through_pluggy_s_caller_so_monitoring_sees_them(app):
    calls = []
    pm = get_manager(app)

    def answering(impls):
        """The plugins answering: each joins the call as pluggy's ``<temp>``
        implementation, wrapping the plugin's own function."""
        owner = {impl.function: impl.plugin_name
                 for caller in (pm.hook.rectify_check_types, pm.hook.rectify_item_event)
                 for impl in caller.get_hookimpls()}
        return [owner[impl.function.__wrapped__] for impl in impls
                if impl.plugin_name == "<temp>"]

    undo = pm.add_hookcall_monitoring(
        lambda hook, impls, kwargs: calls.append((hook, answering(impls), kwargs)),
        lambda outcome, hook, impls, kwargs: None)
    try:
        with registered_plugin(app, Probe(), "probe"):
            check_types(app)
            notify_item_event(app, item("probe_check"), "submit", None, {})
    finally:
        undo()
    asked = [plugins for hook, plugins, _ in calls if hook == "rectify_check_types"]
    assert sorted(p for plugins in asked for p in plugins) == sorted(BUILTIN_NAMES | INSTALLED
                                                                     | {"probe"})
    assert all(len(plugins) == 1 for plugins in asked)  # one plugin per call: its own failure
    heard = [kwargs for hook, plugins, kwargs in calls if hook == "rectify_item_event"
             and plugins == ["probe"]]
    assert heard == [{"item": item("probe_check"), "event_kind": "submit", "actor": None,
                      "payload": {}}]


def test_plugins_hear_plain_data(app):
    probe = Probe()
    actor = ActorData("dept-a", "department", "a")
    with registered_plugin(app, probe, "probe"):
        notify_item_event(app, item("probe_check"), "close", actor, {"new": {"status": "closed"}})
    assert probe.events == [("close", {"new": {"status": "closed"}})]


def test_check_types_of_a_failing_plugin_are_unavailable_and_block(app):
    class BadTypes:
        @hookimpl
        def rectify_check_types(self):
            raise ValueError("cannot declare")

    before = owners(app)
    with registered_plugin(app, BadTypes(), "bad_types"):
        assert owners(app) == before and builtin_owners(app) == BUILTIN_TYPES
        assert plugin_errors(app)[-1]["plugin"] == "bad_types"
    assert submission_blockers(app, "no_such_type", [], TODAY) == [CHECK_TYPE_UNAVAILABLE]


def test_a_malformed_answer_fails_closed(app):
    class Garbage(Probe):
        CHECK = replace(Probe.CHECK, blockers=lambda records, today, settings: [42])

    with registered_plugin(app, Garbage(), "garbage"):
        assert submission_blockers(app, "probe_check", [], TODAY) == [PLUGIN_ERROR]
        assert plugin_errors(app)[-1]["plugin"] == "garbage"


def test_a_duplicate_check_type_keeps_the_first_plugin(app):
    class Impostor:
        @hookimpl
        def rectify_check_types(self):
            return [CheckType("river_patrol", "冒名", "Impostor", (), blockers=lambda *a: [])]

    with registered_plugin(app, Impostor(), "impostor"):
        assert check_types_by_plugin(app)["river_patrol"][0] == "sand_mining"
        assert codes(submission_blockers(app, "river_patrol", [], TODAY)) == \
            ["too_few_patrols"]
        assert "already declared" in plugin_errors(app)[-1]["error"]


# The test helper leaks nothing ---------------------------------------------------------------

LEAK_PROBE = Probe()


def test_helper_registers_for_the_block_only(app):
    pm = get_manager(app)
    with pytest.raises(RuntimeError):
        with registered_plugin(app, LEAK_PROBE, "leaky") as name:
            assert name == "leaky" and pm.has_plugin("leaky")
            assert "probe_check" in check_types(app)
            raise RuntimeError("test body fails")
    assert not pm.has_plugin("leaky") and "leaky" not in pm.sources
    assert "probe_check" not in check_types(app)
    # registered again outside the helper, on purpose, to check the next test's app
    register_plugin(pm, LEAK_PROBE, "test", name="leaky")


def test_a_plugin_registered_in_a_previous_test_is_gone(app):
    assert not get_manager(app).has_plugin("leaky")
    assert get_manager(app).get_name(LEAK_PROBE) is None
    assert "probe_check" not in check_types(app)


# Configuration ----------------------------------------------------------------------------

def test_deny_list_disables_a_builtin():
    app = make_app(RECTIFY_PLUGINS_DENY=["market"])
    assert {row["name"] for row in list_plugins(app)} == {"traffic", "sand_mining"} | INSTALLED
    assert "market_inspection" not in check_types(app)
    assert submission_blockers(app, "market_inspection", [], TODAY) == \
        [CHECK_TYPE_UNAVAILABLE]
    with registered_plugin(app, Probe(), "market") as name:
        assert name is None  # denied names stay denied, whatever registers them


def test_a_denied_builtin_is_not_imported(monkeypatch):
    """Built-ins load through the entry point path: denied, they are never imported."""
    monkeypatch.delitem(sys.modules, "plugins.market", raising=False)
    make_app(RECTIFY_PLUGINS_DENY=["market"])
    assert "plugins.market" not in sys.modules
    make_app()
    assert "plugins.market" in sys.modules


@pytest.mark.parametrize("allow", [["traffic"], "traffic, ", ("traffic",)])
def test_allow_list_enables_only_the_named_plugins(allow):
    app = make_app(RECTIFY_PLUGINS_ALLOW=allow)
    assert [row["name"] for row in list_plugins(app)] == ["traffic"]
    assert set(check_types(app)) == {"speed_camera_sites", "plate_enforcement_monthly",
                                     "nonlocal_fines_monthly"}


def test_settings_from_config_override_plugin_defaults():
    recent = [{"date": date(2026, 5, d), "market": "早市", "enforcement_mode": "education",
               "violent_complaints": 0} for d in (20, 27)]
    default_app = make_app()
    assert codes(submission_blockers(default_app, "market_inspection", recent, TODAY)) \
        == ["week_without_inspection"]
    app = make_app(PLUGIN_SETTINGS={"market": {"weeks": 2}})
    assert plugin_settings(app, "market") == {"weeks": 2, "min_education_share": 0.8,
                                              "complaint_free_days": 30}
    assert submission_blockers(app, "market_inspection", recent, TODAY) == []
    row = next(r for r in list_plugins(app) if r["name"] == "market")
    assert row["settings"]["weeks"] == 2


# Entry points -------------------------------------------------------------------------------

@pytest.fixture
def fake_distribution(tmp_path, monkeypatch):
    """fake_distribution(dist, entry_point, module, source): an installed distribution
    with an entry point in the group ``rectify``, visible to importlib.metadata."""
    modules = []

    def install(dist: str, entry_point: str, module: str, source: str) -> None:
        info = tmp_path / f"{dist}-1.2.3.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2.3\n")
        (info / "entry_points.txt").write_text(f"[rectify]\n{entry_point} = {module}\n")
        (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        modules.append(module)

    monkeypatch.syspath_prepend(str(tmp_path))
    yield install
    for module in modules:
        sys.modules.pop(module, None)


EXTRA_PLUGIN = """
    from rectify.hookspecs import CheckType, hookimpl

    @hookimpl
    def rectify_check_types():
        return [CheckType("extra_check", "额外检查", "Extra check", ())]

    @hookimpl
    def rectify_plugin_settings():
        return {"level": 1}
"""


def test_entry_point_plugins_load_like_builtins(fake_distribution):
    fake_distribution("rectify_extra", "extra", "rectify_extra_plugin", EXTRA_PLUGIN)
    app = make_app(PLUGIN_SETTINGS={"extra": {"level": 2}})
    row = next(r for r in list_plugins(app) if r["name"] == "extra")
    assert row["source"] == "rectify_extra" and row["version"] == "1.2.3"
    assert row["check_types"] == ["extra_check"] and row["settings"] == {"level": 2}
    assert check_types_by_plugin(app)["extra_check"][0] == "extra"


def test_denied_entry_points_are_not_imported(fake_distribution):
    fake_distribution("rectify_denied", "denied", "rectify_denied_plugin", EXTRA_PLUGIN)
    app = make_app(RECTIFY_PLUGINS_DENY=["denied"])
    assert "rectify_denied_plugin" not in sys.modules
    assert "extra_check" not in check_types(app)


def test_an_entry_point_cannot_replace_a_builtin(fake_distribution):
    fake_distribution("rectify_fake_traffic", "traffic", "rectify_fake_traffic", EXTRA_PLUGIN)
    app = make_app()
    assert next(r for r in list_plugins(app) if r["name"] == "traffic")["source"] == "built-in"
    assert "extra_check" not in check_types(app)


def test_an_entry_point_that_fails_to_import_is_reported(fake_distribution):
    before = owners(make_app())
    fake_distribution("rectify_crash", "crash", "rectify_crash_plugin", "raise ImportError('x')")
    app = make_app()
    assert "crash" not in {row["name"] for row in list_plugins(app)}
    assert plugin_errors(app)[0]["plugin"] == "crash" and plugin_errors(app)[0]["hook"] == "load"
    assert owners(app) == before and builtin_owners(app) == BUILTIN_TYPES


# Command line -----------------------------------------------------------------------------

def test_plugins_command_lists_plugins(app):
    app.cli.add_command(plugins_command)
    runner = app.test_cli_runner()
    with app.app_context():
        result = runner.invoke(args=["plugins", "--json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.output)
        assert {r["name"] for r in rows} == BUILTIN_NAMES | INSTALLED
        text = runner.invoke(args=["plugins"]).output
    for name in BUILTIN_NAMES:
        assert f"{name} 0.1.0 (built-in)" in text
    for check_type in BUILTIN_TYPES:
        assert check_type in text
