"""The floor of the data: the SQL each view runs, replayed directly on the database.

Each view is called once in this process (Flask test client, same database) while every
statement the app sends to the database is recorded with its parameters. The recorded
statements are then run on a plain DB-API connection, outside Flask, SQLAlchemy's ORM and
the HTTP stack, and timed: that is the least time the view could take with these queries.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from sqlalchemy import create_engine, event

Statement = tuple[str, object]


class Recorder:
    """Records what the app's engine sends to the database (``before_cursor_execute``)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.statements: list[Statement] = []
        self.on = False
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, executemany):
        if self.on and not executemany:
            self.statements.append((statement, parameters))

    def capture(self, call: Callable[[], object]) -> list[Statement]:
        self.statements, self.on = [], True
        try:
            call()
        finally:
            self.on = False
        return self.statements


class InProcessApp:
    """The app in this process, signed in as ``username``, recording its SQL."""

    def __init__(self, database_url: str, username: str, password: str) -> None:
        from server import app_environment

        os.environ.update(app_environment(database_url))
        from rectify import create_app
        from rectify.extensions import db

        self.app = create_app()
        self.client = self.app.test_client()
        with self.app.app_context():
            self.recorder = Recorder(db.engine)
        token = _csrf(self.client.get("/login").get_data(as_text=True))
        response = self.client.post("/login", data={"username": username, "password": password,
                                                    "csrf_token": token})
        assert response.status_code == 302, response.status_code

    def statements_of(self, method: str, path: str, **kwargs) -> list[Statement]:
        def call():
            response = self.client.open(path, method=method, **kwargs)
            assert response.status_code < 400, (path, response.status_code)

        return self.recorder.capture(call)


def _csrf(html: str) -> str:
    from server import csrf_from

    return csrf_from(html)


class Replayer:
    """Runs recorded statements on a raw DB-API connection and times them."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.connection = self.engine.raw_connection()

    def run_once(self, statements: list[Statement]) -> float:
        cursor = self.connection.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        elapsed = time.perf_counter() - started
        cursor.close()
        self.connection.rollback()
        return elapsed * 1000

    def median_ms(self, statements: list[Statement], warmup: int, repeat: int) -> float:
        for _ in range(warmup):
            self.run_once(statements)
        return statistics.median(self.run_once(statements) for _ in range(repeat))

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()
