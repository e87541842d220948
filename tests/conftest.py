"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL when
RECTIFY_TEST_DATABASE_URL is set), a small known world, and signed-in clients."""

from __future__ import annotations

import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from jinja2 import BytecodeCache
from sqlalchemy import event
from werkzeug.routing import Rule
from werkzeug.serving import make_server

from rectify import clock, create_app
from rectify.extensions import db
from rectify.models import Campaign, Category, Item, Unit, User
from rectify.services.tracking import items as item_service

PASSWORD = "correct horse battery"
TODAY = date(2026, 6, 1)
BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items) -> None:
    """Every test under tests/browser drives Chromium, so it carries the ``browser``
    marker (``make test-fast`` leaves those out) even if its module forgets to say so."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("RECTIFY_TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory):
    url = database_url(tmp_path_factory)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.drop_all()
        db.create_all()
    return url


def empty_all_tables() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context, as in a real server (so ``g`` and the
    database session are per request), and the test's own session is refreshed after.
    Responses are read whole and closed (``buffered``), so a downloaded file is closed
    as a real server closes it, not left to the garbage collector (a ResourceWarning)."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("buffered", True)
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.rollback()
        return response


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run: every test builds its own
    app, and without this each app parses and compiles every template it renders again
    (most of a page test's time). Jinja checks each template's source checksum before
    using the cached code, so an edited template is still recompiled."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = SharedBytecodeCache()


def _shared_url_builders():
    """Every test builds its own app, and werkzeug compiles Python source for each of its
    rules' URL builders (about three quarters of building an app). The builder's code
    depends only on the rule's text, its defaults and whether unknown arguments are
    appended (it reaches the rule's converters through its ``self`` argument when called),
    so the compiled builders are kept for the whole run and shared by equal rules."""
    compile_builder = Rule._compile_builder
    built: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):
        key = (self.rule, tuple(self._trace), repr(sorted((self.defaults or {}).items())),
               append_unknown)
        if key not in built:
            built[key] = compile_builder(self, append_unknown)
        return built[key]

    Rule._compile_builder = shared


_shared_url_builders()


@pytest.fixture
def app(db_url, tmp_path):
    app = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": db_url,
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "MAX_UPLOAD_MB": 1,
        "WTF_CSRF_ENABLED": True,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing for tests only
        # The world's units a, b and c patrol rivers too (the plugin declares 市水利局 only),
        # so items of theirs can take the river patrol check type.
        "CHECK_TYPE_UNITS": {"river_patrol": ["slj", "a", "b", "c"]},
        # Tests travel days ahead with a signed-in client; tests of the session time
        # limits (tests/test_sessions.py) set them back to the defaults.
        "SESSION_IDLE_MINUTES": 60 * 24 * 365,
        "SESSION_MAX_HOURS": 24 * 365,
    })
    app.test_client_class = FreshContextClient
    app.jinja_env.bytecode_cache = TEMPLATE_CODE
    with app.app_context():
        empty_all_tables()
        yield app
        db.session.remove()
        empty_all_tables()
        db.engine.dispose()  # close the pool's connections now, not when collected


class ConnectionSession(FlaskSession):
    """A session that runs everything on the connection it was made with."""

    def get_bind(self, *_args, **_kwargs):
        return self.bind


@pytest.fixture
def undoable(app):
    """Opt-in: ``with undoable():`` puts the database back as it was when the block began,
    whatever the requests and services inside committed. Cheap: from this fixture on, the
    test's session and every request's share one connection whose transaction is never
    committed (a commit only releases a savepoint), and the block is a savepoint rolled
    back. Request it before ``world``. Not for tests with threads, subprocesses, live
    servers or a second connection: they need the real commits (the plain ``app``)."""
    connection = db.engine.connect()
    connection.begin()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")  # else pysqlite commits on the outermost RELEASE
    own_session = db.session
    db.session.remove()
    db.session = db._make_scoped_session({"class_": ConnectionSession, "bind": connection,
                                          "join_transaction_mode": "create_savepoint"})

    @contextmanager
    def block():
        db.session.commit()
        savepoint = connection.begin_nested()
        try:
            yield
        finally:
            db.session.rollback()
            savepoint.rollback()

    try:
        yield block
    finally:
        db.session.remove()
        db.session = own_session
        connection.close()


@pytest.fixture
def frozen_today():
    """Freeze the clock at TODAY, 10:00 in Shanghai."""
    import time_machine

    with time_machine.travel(datetime(2026, 6, 1, 2, 0), tick=False) as traveller:
        yield traveller


@dataclass
class World:
    campaign: Campaign
    units: dict[str, Unit]
    category: Category
    users: dict[str, User]

    def item(self, code: str) -> Item:
        return db.session.scalar(db.select(Item).where(Item.code == code))


def make_user(username: str, role: str, unit: Unit | None = None) -> User:
    user = User(username=username, role=role, unit_id=unit.id if unit else None,
                display_name=username)
    user.set_password(PASSWORD)
    db.session.add(user)
    return user


@pytest.fixture
def world(app, frozen_today) -> World:
    """Three units (a leads, b co-operates on one item, c unrelated), one user per role."""
    campaign = Campaign(title="测试评议", year=2026, stage="rectification",
                        default_due_date=date(2026, 8, 1), code_prefix="T26")
    units = {code: Unit(code=code, name=name, name_en=f"Unit {code.upper()}", kind="department")
             for code, name in (("a", "市甲局"), ("b", "市乙局"), ("c", "市丙局"))}
    category = Category(code="law", name="依法行政", name_en="Law-based administration")
    db.session.add_all([campaign, category, *units.values()])
    db.session.flush()
    users = {name: make_user(name, role) for name, role in
             (("admin", "admin"), ("committee", "committee"), ("leader", "leader"))}
    for code, unit in units.items():
        users[f"dept-{code}"] = make_user(f"dept-{code}", "department", unit)
    db.session.commit()
    return World(campaign, units, category, users)


def raise_item(world: World, lead: str = "a", co: tuple[str, ...] = (), **overrides) -> Item:
    fields = item_service.ItemFields(
        campaign=world.campaign, lead_unit=world.units[lead], category=world.category,
        source="questionnaire", problem=overrides.pop("problem", "早市管理不到位"),
        requirement="建立常态化管理机制", co_units=[world.units[c] for c in co], **overrides)
    if fields.due_date is not None and fields.due_date < clock.today():
        # An overdue item was raised before its deadline (raising one due in the past is
        # refused): raise it a month before the deadline.
        with clock.frozen_at(datetime.combine(fields.due_date - timedelta(days=30), time(2))):
            return item_service.raise_item(world.users["committee"], fields)
    return item_service.raise_item(world.users["committee"], fields)


REOPENED_DUE = date(2026, 9, 1)  # the new deadline ``move`` reopens items with


def move(world: World, item: Item, *steps: tuple[str, str]) -> Item:
    """Apply (username, transition) steps through the service layer (the reason doubles
    as the verification opinion when closing; reopening sets REOPENED_DUE)."""
    for username, name in steps:
        item_service.apply_transition(world.users[username], item, name, reason="理由",
                                      new_due_date=REOPENED_DUE if name == "reopen" else None)
    return item


def csrf_token(client, url: str = "/login") -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def sign_in(client, username: str, password: str = PASSWORD):
    token = csrf_token(client, "/login")
    return client.post("/login", data={"username": username, "password": password,
                                       "csrf_token": token})


@pytest.fixture
def login(app):
    """login('committee') -> a test client signed in as that user."""

    def signed_in(username: str):
        client = app.test_client()
        response = sign_in(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return signed_in


@pytest.fixture
def live_server(app):
    """The app served on a loopback port in a thread, for browsers and HTTP tools."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def count_statements(client, path: str) -> tuple[int, str]:
    """How many SQL statements a GET of ``path`` runs, and the page it returns."""
    count = 0

    def counted(*_args) -> None:
        nonlocal count
        count += 1

    event.listen(db.engine, "before_cursor_execute", counted)
    try:
        response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", counted)
    assert response.status_code == 200, (path, response.status_code)
    return count, response.get_data(as_text=True)
