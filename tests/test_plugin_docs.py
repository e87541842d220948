"""docs/plugins.md stays true: every hook spec has its reference section naming each of its
arguments, the data classes' attributes are all described, the worked example is the
installed example plugin's source, and the testing examples run as a plugin author's
project would run them: in a directory of their own, with only Rectify's pytest plugin."""

from __future__ import annotations

import dataclasses
import inspect
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rectify import hookspecs

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "plugins.md"
EXAMPLE = ROOT / "tests" / "example_plugin"
EXAMPLE_FILES = ("pyproject.toml", "rectify_example_plugin/__init__.py")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def doc_text() -> str:
    return DOC.read_text("utf-8")


def hook_specs() -> dict[str, Callable[..., Any]]:
    """Every function of rectify.hookspecs marked ``@hookspec``."""
    marker = f"{hookspecs.PROJECT_NAME}_spec"
    return {name: obj for name, obj in vars(hookspecs).items()
            if inspect.isfunction(obj) and hasattr(obj, marker)}


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level
    (a ``#`` comment inside a code block is no heading)."""
    level = len(heading) - len(heading.lstrip("#"))
    start = text.index(heading + "\n") + len(heading) + 1
    fences = [match.span() for match in FENCE.finditer(text)]
    for following in re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).finditer(text, start):
        if not any(a <= following.start() < b for a, b in fences):
            return text[start:following.start()]
    return text[start:]


def hook_sections(text: str) -> dict[str, str]:
    reference = section(text, "## Hook reference")
    names = re.findall(r"^### `(\w+)`$", reference, re.MULTILINE)
    return {name: section(reference, f"### `{name}`") for name in names}


def code_blocks(text: str, language: str | None = None) -> list[str]:
    return [body for lang, body in FENCE.findall(text) if language in (None, lang)]


def test_there_are_hook_specs_to_document():
    assert {"rectify_check_types", "rectify_item_event"} <= set(hook_specs())


@pytest.mark.parametrize("name", sorted(hook_specs()))
def test_each_hook_has_a_reference_section_naming_its_arguments(name):
    sections = hook_sections(doc_text())
    assert name in sections, f"docs/plugins.md lacks a '### `{name}`' section"
    body = sections[name]
    arguments = list(inspect.signature(hook_specs()[name]).parameters)
    missing = [arg for arg in arguments if f"`{arg}`" not in body]
    assert not missing, f"the section of {name} does not mention {missing}"
    if not arguments:
        assert "**Arguments:** none." in body
    assert "**Returns:**" in body and "**Called:**" in body
    firstresult = hook_specs()[name].rectify_spec.get("firstresult", False)
    assert not firstresult and "**firstresult:** no" in body


def test_the_reference_documents_no_hook_that_does_not_exist():
    assert set(hook_sections(doc_text())) == set(hook_specs())


@pytest.mark.parametrize("cls", [hookspecs.CheckType, hookspecs.Field, hookspecs.Choice,
                                 hookspecs.Reason, hookspecs.Panel, hookspecs.ItemData,
                                 hookspecs.ActorData], ids=lambda c: c.__name__)
def test_each_data_class_attribute_is_described(cls):
    body = section(doc_text(), f"### `{cls.__name__}`")
    missing = [f.name for f in dataclasses.fields(cls) if f"`{f.name}`" not in body]
    assert not missing, f"docs/plugins.md, {cls.__name__}: {missing} not described"


def test_every_field_type_is_described():
    body = section(doc_text(), "### `Field`")
    assert all(f"`{kind}`" in body for kind in hookspecs.FIELD_TYPES)


@pytest.mark.parametrize("path", EXAMPLE_FILES)
def test_the_worked_example_is_the_example_plugin(path):
    example = section(doc_text(), "## A complete example: garbage sorting inspections")
    source = (EXAMPLE / path).read_text("utf-8")
    assert source in code_blocks(example), \
        f"the code block for {path} in docs/plugins.md differs from tests/example_plugin/{path}"


def test_the_documented_entry_point_is_the_example_s():
    pyproject = (EXAMPLE / "pyproject.toml").read_text("utf-8")
    declared = re.search(r"^\[project\.entry-points\.rectify\]\n(.+)$", pyproject, re.MULTILINE)
    assert declared and declared.group(1) in section(doc_text(), "## How plugins are found")


def author_files() -> dict[str, str]:
    """The python blocks of "Testing a plugin", by the file name each starts with."""
    files = {}
    for block in code_blocks(section(doc_text(), "## Testing a plugin"), "python"):
        first, _, body = block.partition("\n")
        assert re.fullmatch(r"# \w+\.py", first), f"a testing example lacks its file name: {first}"
        files[first[2:]] = body
    return files


def test_the_testing_examples_need_only_the_pytest_plugin():
    files = author_files()
    assert files["conftest.py"].strip() == 'pytest_plugins = ["rectify.plugins.pytest_plugin"]'
    assert "from conftest" not in doc_text()


def test_the_testing_examples_pass_in_an_author_s_own_directory(tmp_path):
    """Run the documented files with pytest in an empty directory, as a subprocess: no
    conftest of Rectify's, only the pytest plugin that Rectify ships."""
    files = author_files()
    for name, body in files.items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    tests = sum(len(re.findall(r"^def test_", body, re.MULTILINE)) for body in files.values())
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"{tests} passed" in run.stdout, run.stdout
