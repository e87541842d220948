"""The lock files (requirements/*.txt, written by ``make lock``) pin every dependency that
pyproject.toml names, at a version its range admits: `make` installs from them, so a
dependency added to pyproject.toml without re-locking would otherwise be missing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def pinned(lock: Path) -> dict[str, str]:
    """``{name: version}`` of a pip-compile output (``name==version`` lines)."""
    pins = {}
    for line in lock.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[canonicalize_name(name.split("[", 1)[0])] = version.strip()
    return pins


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = list(project["dependencies"])
    if extra:
        names += project["optional-dependencies"][extra]
    return [Requirement(name) for name in names]


@pytest.mark.parametrize(("lock", "extra"), [("run.txt", None), ("test.txt", "test")])
def test_the_lock_pins_every_declared_dependency_within_its_range(lock, extra):
    pins = pinned(ROOT / "requirements" / lock)
    problems = []
    for requirement in declared(extra):
        version = pins.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name} is not in requirements/{lock}")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}=={version} is outside {requirement.specifier}")
    assert problems == [], "run `make lock`: " + "; ".join(problems)


def test_the_test_lock_agrees_with_the_run_lock():
    """Installing the test extra on top of the app must not change the app's versions."""
    run, test = pinned(ROOT / "requirements/run.txt"), pinned(ROOT / "requirements/test.txt")
    differing = {name: (version, test.get(name)) for name, version in run.items()
                 if test.get(name) != version}
    assert differing == {}
