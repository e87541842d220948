"""``flask plugins``: the enabled plugins, their check types and settings in force."""

from __future__ import annotations

import json

import click
from flask import current_app

from .manager import plugin_errors
from .queries import list_plugins


@click.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def plugins_command(as_json: bool) -> None:
    """List the enabled plugins, their check types and settings in force."""
    rows = list_plugins(current_app)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    for row in rows:
        click.echo(f"{row['name']} {row['version']} ({row['source']})")
        click.echo(f"  hooks:       {', '.join(row['hooks'])}")
        click.echo(f"  check types: {', '.join(row['check_types']) or '-'}")
        click.echo(f"  settings:    {json.dumps(row['settings'], ensure_ascii=False)}")
    for error in plugin_errors(current_app):
        click.echo(f"error: {error['plugin']} in {error['hook']}: {error['error']}", err=True)
