"""First run: ``flask init`` on an empty database creates the first administrator and
the organisation (and seeds the holiday calendar), asking for what is not given, and
refuses a database with users."""

from datetime import date

from sqlalchemy import func, select

from conftest import sign_in
from rectify import create_app
from rectify.extensions import db
from rectify.models import Event, Organisation, SpecialDay, User

PASSWORD = "first admin pass"


def run(app, *args, stdin: str | None = None):
    return app.test_cli_runner().invoke(args=["init", *args], input=stdin)


def test_non_interactive_init_with_the_password_on_stdin(app):
    result = run(app, "--admin-username", "root", "--password-stdin",
                 "--full-name", "青州市人民代表大会常务委员会",
                 "--short-name", "青州市人大常委会",
                 "--city", "青州市", "--sender", "青州市人大常委会办公室",
                 "--doc-prefix", "青人常函",
                 stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created administrator root" in result.output
    user = db.session.scalar(select(User))
    assert (user.username, user.role, user.active) == ("root", "admin", True)
    row = db.session.scalar(select(Organisation))
    assert (row.full_name, row.short_name, row.city, row.sender_name, row.doc_prefix) == (
        "青州市人民代表大会常务委员会", "青州市人大常委会", "青州市", "青州市人大常委会办公室",
        "青人常函")
    kinds = set(db.session.scalars(select(Event.kind)))
    assert kinds == {"organisation_changed", "special_days_seeded", "user_created"}
    assert db.session.get(SpecialDay, date(2026, 10, 10)).is_working_day  # 调休上班
    client = app.test_client()
    assert sign_in(client, "root", PASSWORD).status_code == 302
    assert client.get("/admin/organisation").status_code == 200


def test_options_leave_unasked_settings_empty(app):
    result = run(app, "--admin-username", "admin", "--admin-password", PASSWORD,
                 "--full-name", "某某市人大常委会")
    assert result.exit_code == 0, result.output
    row = db.session.scalar(select(Organisation))
    assert (row.full_name, row.short_name, row.sender_name, row.doc_prefix) == (
        "某某市人大常委会", "", "", "")


def test_interactive_init_asks_for_everything(app):
    answers = ["", PASSWORD, PASSWORD, "某某市人大常委会", "市人大常委会", "某某市", "",
               "某人大常函"]
    result = run(app, stdin="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Administrator username [admin]" in result.output
    assert "Committee full name" in result.output
    assert db.session.scalar(select(User.username)) == "admin"
    row = db.session.scalar(select(Organisation))
    assert (row.full_name, row.short_name, row.city, row.sender_name, row.doc_prefix) == (
        "某某市人大常委会", "市人大常委会", "某某市", "", "某人大常函")


def test_refuses_when_users_exist(app, world):
    users = db.session.scalar(select(func.count(User.id)))
    result = run(app, "--admin-username", "second", "--admin-password", PASSWORD,
                 "--full-name", "某某市人大常委会")
    assert result.exit_code != 0
    assert "already has users" in result.output
    assert db.session.scalar(select(func.count(User.id))) == users
    assert db.session.scalar(select(Organisation)) is None


def test_a_short_password_or_both_password_options_are_refused(app):
    result = run(app, "--admin-username", "admin", "--admin-password", "short",
                 "--full-name", "某某市人大常委会")
    assert result.exit_code != 0 and "at least 8 characters" in result.output
    result = run(app, "--admin-password", PASSWORD, "--password-stdin",
                 "--full-name", "某某市人大常委会", stdin=PASSWORD + "\n")
    assert result.exit_code != 0 and "not both" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(Organisation)) is None


def test_an_empty_full_name_writes_nothing(app):
    result = run(app, "--admin-username", "admin", "--admin-password", PASSWORD,
                 "--full-name", "  ")
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count(User.id))) == 0
    assert db.session.scalar(select(Organisation)) is None


def test_a_database_without_tables_is_told_to_upgrade_first(tmp_path):
    app = create_app({"TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite'}"})
    with app.app_context():
        result = run(app, "--admin-username", "admin", "--admin-password", PASSWORD,
                     "--full-name", "某某市人大常委会")
        db.engine.dispose()
    assert result.exit_code != 0 and "db upgrade" in result.output
