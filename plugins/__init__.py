"""Rectify's built-in plugins.

Each module is an ordinary plugin: :data:`BUILTIN` lists them the way a distribution's
``[project.entry-points.rectify]`` table lists its plugins (plugin name = module), and
``rectify.plugins.discovery`` loads and registers them through the same path as a
third-party entry point (so a denied built-in is not even imported).
"""

BUILTIN: dict[str, str] = {
    "traffic": "plugins.traffic",
    "sand_mining": "plugins.sand_mining",
    "market": "plugins.market",
}
