"""Command-line tools: ``flask --app app <command>``."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from . import clock, workflow
from .backup import backup_command, restore_command, sweep_uploads_command
from .extensions import db
from .models import Campaign, Unit, User
from .permissions import CommandLineReader
from .plugins import plugins_command
from .services.accounts import accounts
from .services.setup import holidays, organisation
from .synth import synth_command


def register(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(demo_logins_command)
    app.cli.add_command(plugins_command)
    app.cli.add_command(sweep_overdue_command)
    app.cli.add_command(remind_command)
    app.cli.add_command(report_group)
    app.cli.add_command(synth_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(sweep_uploads_command)
    app.cli.add_command(holidays_group)


MIN_PASSWORD_LENGTH = 8  # as the admin pages ask


def _existing_users() -> int:
    try:
        return db.session.execute(select(func.count(User.id))).scalar_one()
    except (OperationalError, ProgrammingError) as error:
        raise click.ClickException(
            "The database has no tables yet: run `flask --app app db upgrade` first.") from error


def _admin_password(given: str | None, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif given is None:
        password = click.prompt("Administrator password", hide_input=True,
                                confirmation_prompt=True)
    else:
        password = given
    if len(password) < MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    return password


@click.command("init")
@click.option("--admin-username", help="The first administrator's username (asked if not given).")
@click.option("--admin-password", help="Their password (asked, hidden, if not given).")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of stdin.")
@click.option("--full-name", help="The committee's full name, e.g. 某某市人大常委会.")
@click.option("--short-name", help="Its short name, e.g. 市人大常委会.")
@click.option("--city", help="The city.")
@click.option("--sender", help="The sender (落款) the documents are signed with.")
@click.option("--doc-prefix", help="The document number (文号) prefix, e.g. 某人大常函.")
def init_command(admin_username, admin_password, password_stdin, full_name, short_name, city,
                 sender, doc_prefix):
    """First run on an empty database: the first administrator and the organisation.

    Asks for what is not given. Once --full-name is given, the other settings not given
    stay empty (an administrator can set them later under /admin/organisation).
    """
    if _existing_users():
        raise click.ClickException(
            "The database already has users: init only sets up an empty database. "
            "Use `flask create-user` and the page /admin/organisation instead.")
    if password_stdin and admin_password is not None:
        raise click.UsageError("Give --admin-password or --password-stdin, not both.")
    username = admin_username or click.prompt("Administrator username", default="admin")
    password = _admin_password(admin_password, password_stdin)
    interactive = full_name is None
    if interactive:
        full_name = click.prompt("Committee full name (e.g. 某某市人大常委会)")

    def optional(value: str | None, question: str) -> str:
        if value is not None or not interactive:
            return value or ""
        return click.prompt(question, default="", show_default=False)

    settings = {
        "full_name": full_name,
        "short_name": optional(short_name, "Short name (e.g. 市人大常委会)"),
        "city": optional(city, "City"),
        "sender_name": optional(sender, "Sender (落款) of documents (empty: the full name)"),
        "doc_prefix": optional(doc_prefix, "Document number (文号) prefix (empty: none)"),
    }
    try:
        organisation.save_organisation(None, commit=False, **settings)
        holidays.seed_from_library(commit=False)
        user = accounts.create_user(username, password, workflow.ADMIN)
    except organisation.OrganisationError as error:
        db.session.rollback()
        raise click.ClickException(str(organisation.ORGANISATION_ERRORS[error.code])) from error
    except accounts.AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(accounts.ACCOUNT_ERRORS[error.code])) from error
    click.echo(f"Created administrator {user.username} and the organisation {full_name}.")
    click.echo("Sign in and set up the units and categories under /admin.")


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(workflow.ROLES), required=True)
@click.option("--unit", "unit_code", help="Unit code, required for department users.")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user_command(username, role, unit_code, display_name, password):
    """Create a user account."""
    unit_id = None
    if unit_code:
        unit_id = db.session.scalar(select(Unit.id).where(Unit.code == unit_code.lower()))
        if unit_id is None:
            raise click.ClickException(f"No unit with code {unit_code!r}.")
    try:
        user = accounts.create_user(username, password, role, unit_id=unit_id,
                                    display_name=display_name)
    except accounts.AccountError as error:
        raise click.ClickException(str(accounts.ACCOUNT_ERRORS[error.code])) from error
    click.echo(f"Created {user.username} ({user.role}).")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when there are no users yet.")
def demo_command(if_empty):
    """Load the demo campaign from the evaluation report (safe to run twice)."""
    from .demo import load_demo

    if if_empty and db.session.scalar(select(func.count(User.id))):
        click.echo("Database already has data; demo not loaded.")
        return
    summary = load_demo(current_app.config["DEMO_PASSWORD"])
    click.echo(f"Demo data: {summary}")


@click.command("demo-logins")
def demo_logins_command():
    """Print the demo accounts and their password."""
    from .demo import demo_logins

    password = current_app.config["DEMO_PASSWORD"]
    click.echo(f"Demo logins (password: {password}):")
    for username, role, unit in demo_logins():
        click.echo(f"  {username:<14} {role:<11} {unit}")


@click.command("sweep-overdue")
def sweep_overdue_command():
    """Record items that became overdue and tell plugins (run daily; safe to repeat)."""
    from .services.tracking.overdue import record_newly_overdue

    codes = record_newly_overdue(clock.today())
    click.echo(f"{len(codes)} item(s) newly overdue" + (": " + ", ".join(codes) if codes else "."))


@click.command("remind")
def remind_command():
    """Notify users of items and deliverables due soon and overdue (run daily; a second run
    sends nothing)."""
    from .services.notices.reminders import remind

    counts = remind(clock.today())
    click.echo(f"{counts['due_soon']} due-soon and {counts['overdue']} overdue notice(s) sent.")
    click.echo(f"Deliverables: {counts['deliverable_due_soon']} due-soon and "
               f"{counts['deliverable_overdue']} overdue notice(s) sent.")


@click.group("report")
def report_group():
    """Write the committee's Word documents."""


def _campaign(campaign_id: int | None) -> Campaign:
    query = select(Campaign).order_by(Campaign.year.desc(), Campaign.id.desc())
    if campaign_id is not None:
        query = select(Campaign).where(Campaign.id == campaign_id)
    campaign = db.session.scalar(query)
    if campaign is None:
        raise click.ClickException("No such campaign.")
    return campaign


@report_group.command("feedback")
@click.option("--campaign", "campaign_id", type=int, help="Campaign id (default: the latest).")
@click.option("--unit", "unit_code", required=True, help="Unit code, e.g. cgj.")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True)
def report_feedback_command(campaign_id, unit_code, out):
    """A unit's feedback letter (反馈意见书) as .docx."""
    from .services.documents.reports import feedback_letter

    unit = db.session.scalar(select(Unit).where(Unit.code == unit_code.lower()))
    if unit is None:
        raise click.ClickException(f"No unit with code {unit_code!r}.")
    with open(out, "wb") as handle:
        handle.write(feedback_letter(CommandLineReader(), _campaign(campaign_id), unit,
                                     clock.today()))
    click.echo(f"Wrote {out}")


@report_group.command("progress")
@click.option("--campaign", "campaign_id", type=int, help="Campaign id (default: the latest).")
@click.option("--out", "out", type=click.Path(dir_okay=False), required=True)
def report_progress_command(campaign_id, out):
    """A campaign's progress report (整改情况报告) as .docx."""
    from .services.documents.reports import progress_report

    with open(out, "wb") as handle:
        handle.write(progress_report(CommandLineReader(), _campaign(campaign_id), clock.today()))
    click.echo(f"Wrote {out}")


@click.group("holidays")
def holidays_group():
    """The working-day calendar: holidays and 调休上班 days (also under /admin/holidays)."""


@holidays_group.command("list")
@click.option("--year", type=int, help="One year (default: how many days each year has).")
def holidays_list_command(year):
    """Each year's number of special days, or one year's days."""
    if year is None:
        for each, count in holidays.years().items():
            click.echo(f"{each}\t{count}")
        missing = holidays.missing_next_year()
        if missing:
            click.echo(f"Warning: {missing} has no holidays yet.", err=True)
        return
    for day in holidays.days_of(year):
        kind = "班" if day.is_working_day else "休"
        click.echo(f"{day.day.isoformat()},{kind},{day.name}")


@holidays_group.command("import")
@click.argument("path", type=click.File("r", encoding="utf-8-sig"))
def holidays_import_command(path):
    """Import the official list, lines like 2027-10-01,休,国庆节 (all or nothing)."""
    try:
        count = holidays.import_days(None, path.read())
    except holidays.HolidayImportError as error:
        for each in error.errors:
            click.echo(f"line {each.line}: {holidays.HOLIDAY_ERRORS[each.code]}", err=True)
        raise click.ClickException("Nothing was imported.") from error
    click.echo(f"Imported {count} days.")


@holidays_group.command("seed-from-library")
def holidays_seed_command():
    """Add the chinesecalendar library's days that are not entered yet (keeps the rest)."""
    first, last = holidays.library_years()
    count = holidays.seed_from_library()
    click.echo(f"Added {count} days (the library knows {first} to {last}).")
