"""The holiday calendar (节假日与调休上班) kept by the administrator: seeded from the
library, listed per year, a day added, corrected and deleted, the official list imported
all or nothing with each bad line named, the `flask holidays` commands, and the warning
from November that next year has no days yet."""

import io
from datetime import date, datetime

from sqlalchemy import func, select

from conftest import csrf_token
from rectify.extensions import db
from rectify.models import Event, SpecialDay
from rectify.services.setup import holidays

# Made-up test lines (not the State Council's 2027 list): a header, commas, Chinese commas, tabs.
NATIONAL_DAY_2027 = ("日期,类型,名称\n2027-10-01,休,国庆节\n2027-10-04，休，国庆节\n"
                     "2027-10-09\t班\t调休上班\n")


def count_days() -> int:
    return db.session.scalar(select(func.count()).select_from(SpecialDay))


def test_seeding_adds_the_library_days_once_and_keeps_corrections(app, world):
    holidays.save_day(world.users["admin"], date(2026, 10, 1), False, "国庆节（本地更正）")
    added = holidays.seed_from_library()
    assert added > 500 and count_days() == added + 1
    assert db.session.get(SpecialDay, date(2026, 10, 1)).name == "国庆节（本地更正）"
    worked = db.session.get(SpecialDay, date(2026, 9, 20))
    assert (worked.is_working_day, worked.name, worked.source) == (
        True, "国庆节调休上班", "library")
    assert holidays.seed_from_library() == 0
    assert set(holidays.years()) == set(range(2004, 2027))


def test_the_page_lists_a_year_with_weekdays_and_kinds(app, world, login):
    holidays.seed_from_library()
    page = login("admin").get("/admin/holidays/?year=2026").get_data(as_text=True)
    assert 'data-day="2026-10-10"' in page and "国庆节调休上班" in page
    assert "2026年10月10日" in page and "星期六" in page
    assert 'data-day="2025-10-01"' not in page


def test_admin_adds_corrects_and_deletes_a_day_audited(app, world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/holidays/")
    response = admin.post("/admin/holidays/", data={
        "csrf_token": token, "day": "2027-10-09", "kind": "work", "name": "调休上班"})
    assert response.status_code == 302 and response.location.endswith("year=2027")
    assert db.session.get(SpecialDay, date(2027, 10, 9)).is_working_day is True
    admin.post("/admin/holidays/", data={
        "csrf_token": token, "day": "2027-10-09", "kind": "off", "name": "国庆节"})
    row = db.session.get(SpecialDay, date(2027, 10, 9))
    db.session.refresh(row)
    assert (row.is_working_day, row.name) == (False, "国庆节")
    assert admin.post("/admin/holidays/2027-10-09/delete",
                      data={"csrf_token": token}).status_code == 302
    assert db.session.get(SpecialDay, date(2027, 10, 9)) is None
    kinds = db.session.scalars(select(Event.kind).where(Event.kind.like("special_day%"))
                               .order_by(Event.id)).all()
    assert kinds == ["special_day_saved", "special_day_saved", "special_day_deleted"]
    assert admin.post("/admin/holidays/2027-10-09/delete",
                      data={"csrf_token": token}).status_code == 404
    assert admin.post("/admin/holidays/not-a-date/delete",
                      data={"csrf_token": token}).status_code == 404


def test_a_bad_name_changes_nothing(app, world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/holidays/")
    response = admin.post("/admin/holidays/", data={
        "csrf_token": token, "day": "2027-10-09", "kind": "work", "name": "调休\x07上班"})
    assert "不允许包含控制字符" in response.get_data(as_text=True)
    response = admin.post("/admin/holidays/", data={
        "csrf_token": token, "day": "", "kind": "work", "name": "调休上班"})
    assert "has-error" in response.get_data(as_text=True)
    assert count_days() == 0


def test_pasted_lines_are_imported(app, world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/holidays/")
    response = admin.post("/admin/holidays/import", data={
        "csrf_token": token, "lines": NATIONAL_DAY_2027})
    assert response.status_code == 302
    assert {row.day: (row.is_working_day, row.name) for row in
            db.session.scalars(select(SpecialDay))} == {
        date(2027, 10, 1): (False, "国庆节"), date(2027, 10, 4): (False, "国庆节"),
        date(2027, 10, 9): (True, "调休上班")}


def test_a_csv_file_in_gb18030_is_imported(app, world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/holidays/")
    upload = (io.BytesIO(NATIONAL_DAY_2027.encode("gb18030")), "2027.csv")
    response = admin.post("/admin/holidays/import", data={
        "csrf_token": token, "lines": "", "file": upload}, content_type="multipart/form-data")
    assert response.status_code == 302
    assert db.session.get(SpecialDay, date(2027, 10, 9)).name == "调休上班"


def test_an_import_with_bad_lines_imports_nothing_and_names_each_line(app, world, login):
    admin = login("admin")
    token = csrf_token(admin, "/admin/holidays/")
    lines = "2027-10-01,休,国庆节\n2027-13-01,休,国庆节\n2027-10-02,放,国庆节\n2027-10-01,休,重复\n"
    response = admin.post("/admin/holidays/import", data={"csrf_token": token, "lines": lines})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("data-import-error") == 3
    assert "第 2 行" in page and "第 3 行" in page and "第 4 行" in page
    assert "2027-13-01" in page  # the pasted text is kept to correct
    assert count_days() == 0


def test_the_parser_refuses_what_is_not_a_day():
    for text, code in (("2027-10-01", "bad_line"), ("10/01/2027,休,国庆节", "bad_date"),
                       ("2027-10-01,半,国庆节", "bad_kind"), ("", "empty"),
                       ("2027-10-01,休," + "长" * 41, "name_too_long")):
        try:
            holidays.parse_lines(text)
        except holidays.HolidayImportError as error:
            assert [each.code for each in error.errors] == [code], text
        else:
            raise AssertionError(f"{text!r} was accepted")


def test_the_warning_shows_from_november_when_next_year_is_missing(app, world, login,
                                                                   frozen_today):
    assert holidays.missing_next_year() is None  # June: not yet
    assert 'data-warning="missing-year"' not in login("admin").get(
        "/admin/holidays/").get_data(as_text=True)
    frozen_today.move_to(datetime(2026, 11, 2, 2))
    admin = login("admin")
    page = admin.get("/admin/holidays/").get_data(as_text=True)
    assert 'data-warning="missing-year"' in page and "2027" in page
    holidays.import_days(None, "2027-01-01,休,元旦")
    assert 'data-warning="missing-year"' not in admin.get("/admin/holidays/").get_data(
        as_text=True)


def test_the_cli_imports_lists_and_seeds(app, world, tmp_path):
    runner = app.test_cli_runner()
    path = tmp_path / "2027.csv"
    path.write_text(NATIONAL_DAY_2027, encoding="utf-8-sig")
    result = runner.invoke(args=["holidays", "import", str(path)])
    assert result.exit_code == 0 and "Imported 3 days" in result.output
    result = runner.invoke(args=["holidays", "list", "--year", "2027"])
    assert result.output.splitlines() == [
        "2027-10-01,休,国庆节", "2027-10-04,休,国庆节", "2027-10-09,班,调休上班"]
    path.write_text("2027-10-05,休,国庆节\n2027-10-06,x,国庆节\n", encoding="utf-8")
    result = runner.invoke(args=["holidays", "import", str(path)])
    assert result.exit_code == 1 and "line 2" in result.output
    assert db.session.get(SpecialDay, date(2027, 10, 5)) is None
    result = runner.invoke(args=["holidays", "seed-from-library"])
    assert result.exit_code == 0 and "the library knows 2004 to 2026" in result.output
    result = runner.invoke(args=["holidays", "list"])
    assert "2026\t" in result.output and "2027\t3" in result.output
