"""Wrappers and firstresult hooks through rectify.plugins.calls, on a real manager with
hooks of the tests' own: every wrapper wraps each plugin's answer, a failure is recorded
against the plugin that raised it and never vanishes, and a firstresult hook stops at
the first answer."""

from __future__ import annotations

import pytest

from rectify.hookspecs import hookimpl, hookspec
from rectify.plugins import RectifyPluginManager, answers, register_plugin


class Specs:
    @hookspec
    def rectify_test_greet(self, name: str) -> str | None:
        """Greet ``name``."""

    @hookspec(firstresult=True)
    def rectify_test_pick(self, name: str) -> str | None:
        """The first plugin that knows ``name`` answers."""


class Greeter:
    def __init__(self, word: str | None):
        self.word = word
        self.asked = 0

    @hookimpl
    def rectify_test_greet(self, name):
        self.asked += 1
        return f"{self.word} {name}"

    @hookimpl
    def rectify_test_pick(self, name):
        self.asked += 1
        return self.word


class Broken:
    @hookimpl
    def rectify_test_greet(self, name):
        raise RuntimeError("greeting broke")

    @hookimpl
    def rectify_test_pick(self, name):
        raise RuntimeError("picking broke")


class Timer:
    """A wrapper as a timing or tracing plugin writes one: it sees each plugin's answer
    (as pluggy gives it: in a list, but for a firstresult hook)."""

    def __init__(self):
        self.seen = []

    @hookimpl(wrapper=True)
    def rectify_test_greet(self, name):
        answer = yield
        self.seen.append(answer)
        return [greeting.upper() for greeting in answer]

    @hookimpl(wrapper=True)
    def rectify_test_pick(self, name):
        answer = yield
        self.seen.append(answer)
        return answer


class FailingWrapper:
    def __init__(self, when: str):
        self.when = when

    @hookimpl(wrapper=True)
    def rectify_test_greet(self, name):
        if self.when == "before":
            raise RuntimeError("wrapper broke before")
        yield
        raise RuntimeError("wrapper broke after")


class Hider:
    """A wrapper that catches what the plugin raised and answers instead."""

    @hookimpl(wrapper=True, tryfirst=True)
    def rectify_test_greet(self, name):
        try:
            return (yield)
        except RuntimeError:
            return "all is well"


class Replacer:
    """A wrapper that raises an error of its own in place of the plugin's."""

    @hookimpl(wrapper=True)
    def rectify_test_greet(self, name):
        try:
            return (yield)
        except RuntimeError as error:
            raise ValueError("wrapped") from error


@pytest.fixture
def pm():
    manager = RectifyPluginManager()
    manager.add_hookspecs(Specs)
    return manager


def register(pm, **plugins):
    for name, plugin in plugins.items():
        register_plugin(pm, plugin, "test", name=name)


def failures(pm) -> list[tuple[str, str]]:
    return [(error["plugin"], error["error"]) for error in pm.errors]


def test_a_wrapper_wraps_each_plugin_s_answer(pm):
    timer = Timer()
    register(pm, a=Greeter("hello"), b=Greeter("hi"), timer=timer)
    assert answers(pm, "rectify_test_greet", name="ann") == [("b", "HI ANN"),
                                                               ("a", "HELLO ANN")]
    assert timer.seen == [["hi ann"], ["hello ann"]]  # one plugin's answer per call
    assert answers(pm, "rectify_test_greet", only="a", name="bo") == [("a", "HELLO BO")]
    assert pm.errors == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_wrapper_that_raises_is_recorded_against_its_own_plugin(pm, when):
    greeter = Greeter("hi")
    register(pm, greeter=greeter, timer=Timer(), tracer=FailingWrapper(when))
    assert answers(pm, "rectify_test_greet", name="ann") == []  # fails closed
    assert failures(pm) == [("tracer", f"RuntimeError('wrapper broke {when}')")]
    assert greeter.asked == (1 if when == "after" else 0)


def test_the_raising_wrapper_is_blamed_not_the_ones_its_error_passes_through(pm):
    register(pm, greeter=Greeter("hi"), tracer=FailingWrapper("after"), timer=Timer())
    assert answers(pm, "rectify_test_greet", name="ann") == []
    assert failures(pm) == [("tracer", "RuntimeError('wrapper broke after')")]


def test_a_wrapper_replacing_another_wrapper_s_error_is_recorded_with_it(pm):
    register(pm, greeter=Greeter("hi"), tracer=FailingWrapper("after"), outer=Replacer())
    assert answers(pm, "rectify_test_greet", name="ann") == []
    assert failures(pm) == [("tracer", "RuntimeError('wrapper broke after')"),
                            ("outer", "ValueError('wrapped')")]


def test_a_plugin_s_failure_stays_its_own_when_a_wrapper_hides_it(pm):
    register(pm, greeter=Greeter("hi"), broken=Broken(), hider=Hider())
    assert answers(pm, "rectify_test_greet", name="ann") == [("greeter", "hi ann")]
    assert failures(pm) == [("broken", "RuntimeError('greeting broke')")]


def test_a_wrapper_replacing_a_plugin_s_error_is_recorded_with_it(pm):
    register(pm, broken=Broken(), replacer=Replacer())
    assert answers(pm, "rectify_test_greet", name="ann") == []
    assert failures(pm) == [("broken", "RuntimeError('greeting broke')"),
                            ("replacer", "ValueError('wrapped')")]


def test_a_firstresult_hook_stops_at_the_first_answer_in_pluggy_s_order(pm):
    unasked, knows, silent = Greeter("first"), Greeter("second"), Greeter(None)
    register(pm, unasked=unasked, knows=knows, broken=Broken(), silent=silent)
    assert answers(pm, "rectify_test_pick", name="ann") == [("knows", "second")]
    assert (silent.asked, knows.asked, unasked.asked) == (1, 1, 0)  # last registered first
    assert failures(pm) == [("broken", "RuntimeError('picking broke')")]


def test_a_firstresult_hook_honours_tryfirst_and_wrappers(pm):
    class Eager(Greeter):
        @hookimpl(tryfirst=True)
        def rectify_test_pick(self, name):
            return "eager"

    timer = Timer()
    register(pm, eager=Eager("x"), late=Greeter("late"), timer=timer)
    assert answers(pm, "rectify_test_pick", name="ann") == [("eager", "eager")]
    assert timer.seen == ["eager"]


def test_a_firstresult_hook_answers_nothing_when_no_plugin_does(pm):
    register(pm, silent=Greeter(None), broken=Broken())
    assert answers(pm, "rectify_test_pick", name="ann") == []
    assert [plugin for plugin, _ in failures(pm)] == ["broken"]
