"""The working-day calendar's special days (节假日与调休上班), per year (admin role only)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import clock, workflow
from ..services.setup import holidays
from .forms import HolidayImportForm, PlainTextForm, SpecialDayForm
from .guards import role_required

bp = Blueprint("holidays", __name__, url_prefix="/admin/holidays")

MAX_IMPORT_BYTES = 256 * 1024  # a year is some 30 lines; this is hundreds of years


@bp.before_request
@role_required(workflow.ADMIN)
def _admins_only():
    return None


def _shown_year() -> int:
    year = request.args.get("year", type=int) or clock.today().year
    return year if date.min.year < year < date.max.year else abort(404)


def _page(year: int, form: SpecialDayForm | None = None,
          import_form: HolidayImportForm | None = None,
          import_errors: list[str] | None = None) -> str:
    """The year's days with the three forms (a form given back shows its errors)."""
    return render_template(
        "admin/holidays.html", year=year, days=holidays.days_of(year), years=holidays.years(),
        missing_year=holidays.missing_next_year(), library_years=holidays.library_years(),
        form=form or SpecialDayForm(formdata=None, day=date(year, 1, 1)),
        import_form=import_form or HolidayImportForm(formdata=None),
        import_errors=import_errors or [], plain_form=PlainTextForm())


@bp.get("/")
def year_list():
    return _page(_shown_year())


@bp.post("/")
def save_day():
    form = SpecialDayForm()
    if not form.validate_on_submit():
        return _page(form.day.data.year if form.day.data else clock.today().year, form)
    try:
        holidays.save_day(current_user, form.day.data, form.kind.data == "work",
                          form.name.data or "")
    except holidays.HolidayError as error:
        flash(str(holidays.HOLIDAY_ERRORS[error.code]), "danger")
    else:
        flash(_("Saved %(day)s.", day=form.day.data.isoformat()), "success")
    return redirect(url_for(".year_list", year=form.day.data.year))


@bp.post("/<day>/delete")
def delete_day(day: str):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if not PlainTextForm().validate_on_submit():
        abort(400)
    if not holidays.delete_day(current_user, when):
        abort(404)
    flash(_("Deleted %(day)s: it follows the weekday rule again.", day=day), "success")
    return redirect(url_for(".year_list", year=when.year))


def _import_text(form: HolidayImportForm) -> str | None:
    """The pasted lines, or the uploaded CSV's (UTF-8, or GB18030 as Excel saves it)."""
    upload = form.file.data
    if not upload or not upload.filename:
        return form.lines.data or ""
    content = upload.stream.read(MAX_IMPORT_BYTES + 1)
    if len(content) > MAX_IMPORT_BYTES:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


@bp.post("/import")
def import_days():
    form = HolidayImportForm()
    text = _import_text(form) if form.validate_on_submit() else None
    if text is None:
        flash(_("The file could not be read: send a CSV file (UTF-8 or GB18030) under 256 KB."),
              "danger")
        return redirect(url_for(".year_list"))
    try:
        count = holidays.import_days(current_user, text)
    except holidays.HolidayImportError as error:
        flash(_("Nothing was imported: correct the lines and send them again."), "danger")
        problems = [_("Line %(line)d: %(problem)s", line=each.line or 0,
                      problem=holidays.HOLIDAY_ERRORS[each.code]) for each in error.errors]
        return _page(clock.today().year, import_form=form, import_errors=problems)
    flash(_("Imported %(count)d days.", count=count), "success")
    return redirect(url_for(".year_list"))


@bp.post("/seed")
def seed():
    if not PlainTextForm().validate_on_submit():
        abort(400)
    count = holidays.seed_from_library(current_user)
    flash(_("Added %(count)d days from the library (days already entered were kept).",
            count=count), "success")
    return redirect(url_for(".year_list"))
