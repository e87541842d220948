"""Load and fault testing: the app under gunicorn on loopback, a locust user mix, checks.

``make loadtest`` runs :mod:`loadtest.run`; the tests in ``tests/test_load.py``,
``tests/test_crash.py``, ``tests/test_concurrency.py`` and ``tests/test_backup.py`` use
:mod:`loadtest.server` to serve the app the way production does.
"""
