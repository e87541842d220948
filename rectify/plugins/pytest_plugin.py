"""Fixtures for the tests of a Rectify plugin, as a pytest plugin.

A plugin's repository enables them in its top-level ``conftest.py``::

    pytest_plugins = ["rectify.plugins.pytest_plugin"]

- ``rectify_config``: extra app config for ``rectify_app``, empty by default; override
  the fixture to set ``PLUGIN_SETTINGS``, ``CHECK_TYPE_UNITS`` or the allow/deny lists.
- ``rectify_app``: a Rectify app on an empty SQLite database of its own, with every
  built-in and installed plugin loaded, inside an app context.
- ``rectify_plugin``: ``rectify_plugin(plugin, name=None)`` registers a plugin (a module
  or an object) on ``rectify_app`` until the test ends and returns its name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from .. import create_app
from ..extensions import db
from .testing import registered_plugin


@pytest.fixture
def rectify_config() -> dict[str, Any]:
    return {}


@pytest.fixture
def rectify_app(rectify_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'rectify.sqlite'}",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads"), **rectify_config})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()


@pytest.fixture
def rectify_plugin(rectify_app: Flask) -> Iterator[Callable[..., str | None]]:
    with ExitStack() as registered:
        def register(plugin: Any, name: str | None = None) -> str | None:
            return registered.enter_context(registered_plugin(rectify_app, plugin, name))

        yield register
