"""The load test, short: 10 locust users for 10 s on gunicorn (``make loadtest`` runs 50
users for 60 s). Zero failed requests, and every record a client saw acknowledged is in
the database with its photo."""

from __future__ import annotations

import pytest

from loadtest.run import run_load

pytestmark = pytest.mark.slow

# Every part of the mix must have run, or the test would prove less than it says.
MIX = ("sign in", "sign out", "/items/", "/items/[id]", "dash dependencies")


def test_a_short_load_has_no_errors_and_loses_no_acknowledged_record(tmp_path):
    report = run_load(users=10, seconds=10, folder=tmp_path)

    assert report.failures == 0, report.summary()
    assert not report.server_errors, report.summary()
    assert report.integrity == [], report.summary()
    assert report.acknowledged > 0 and report.missing == [], report.summary()
    assert all(report.by_name.get(name) for name in MIX), report.summary()
    assert any(name.startswith("log ") for name in report.by_name), report.summary()
    assert any(name.startswith("dash ") and name != "dash dependencies"
               for name in report.by_name), report.summary()
