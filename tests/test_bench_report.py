"""The bench's verdict on concurrent writers (bench/report.py; the bench itself is not
run by the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from report import writers_table  # noqa: E402


def _results(off: float, on: float, errors: int = 0) -> dict:
    return {"writers": {"writers": 20, "rounds": 3, "seconds": 10.0, "off_wps": off,
                        "on_wps": on, "ratio": on / off, "errors": errors, "floor": 0.9}}


def test_writers_as_fast_with_the_cache_meet_the_target():
    table = writers_table(_results(100.0, 95.0))
    assert "0.95 x" in table and "met" in table and "MISSED" not in table


def test_writers_slowed_by_the_cache_or_failing_miss_it():
    assert "MISSED" in writers_table(_results(100.0, 60.0))
    assert "MISSED" in writers_table(_results(100.0, 100.0, errors=1))


def test_without_postgresql_the_table_says_why_it_is_empty():
    assert "PostgreSQL only" in writers_table({})
