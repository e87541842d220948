"""Registering a plugin for one test (no pytest needed; the fixtures built on it are in
:mod:`rectify.plugins.pytest_plugin`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask

from .manager import get_manager, register_plugin


@contextmanager
def registered_plugin(app: Flask, plugin: Any, name: str | None = None,
                      source: str = "test") -> Iterator[str | None]:
    """Register ``plugin`` on ``app``'s manager inside the block, unregister it after.

    Yields the plugin name (``None`` if the allow or deny lists refuse it); the name
    defaults to the last dotted part of the plugin's canonical name (a module's name)."""
    pm = get_manager(app)
    name = name or pm.get_canonical_name(plugin).rsplit(".", 1)[-1]
    registered = register_plugin(pm, plugin, source, name)
    try:
        yield registered
    finally:
        if registered is not None and pm.has_plugin(registered):
            pm.unregister(name=registered)
