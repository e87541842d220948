"""Business operations: each one checks the workflow rules, changes the data and writes
the audit trail in one transaction. Web pages, the API and the CLI call these."""

from typing import Any, cast

from sqlalchemy.engine import CursorResult
from sqlalchemy.sql.dml import UpdateBase

from ..extensions import db


def rows_changed(statement: UpdateBase) -> int:
    """Execute an UPDATE or DELETE in the session; how many rows it changed."""
    # Session.execute is typed to return a Result; for an UPDATE or DELETE it returns a
    # CursorResult, which has the rowcount that Result's type lacks.
    result = cast("CursorResult[Any]", db.session.execute(statement))
    return result.rowcount
