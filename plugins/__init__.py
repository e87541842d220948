"""Rectify's built-in plugins.

Each module is an ordinary plugin: ``rectify.plugins.register_plugin`` registers the
modules listed in :data:`BUILTIN` exactly as it registers a third-party entry point in
the group ``rectify``. The plugin name is the module's last dotted part.
"""

BUILTIN: list[str] = [
    "plugins.traffic",
    "plugins.sand_mining",
    "plugins.market",
]
