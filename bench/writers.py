"""Concurrent writers: what the item list's page cache costs the people who write.

20 API clients (each with its own token) add comments to 20 different items as fast as
they can, against gunicorn with enough threads to hold 20 transactions open at once. The
same writers run against a server with the page cache off (no cache at all: the
baseline) and on (as deployed), alternating, in the same run; the figure is the ratio of
writes per second, cache on over cache off. A design that makes writers queue on one
shared row shows as a ratio well below 1.

PostgreSQL only: SQLite lets one writer in at a time whatever the cache does.
"""

from __future__ import annotations

import os
import threading
import time

import requests
from server import Server, app_environment
from sqlalchemy import create_engine, select, text

WRITERS = 20
WRITERS_FLOOR = 0.9  # cache on / cache off, writes per second; see report.writers_table


def measure_writers(url: str, seconds: float, rounds: int, writers: int = WRITERS) -> dict:
    """Writes per second with the page cache off and on (``rounds`` runs each,
    alternating, ``seconds`` each) and their ratio; the comments written are removed."""
    tokens = issue_tokens(url, "committee", writers)
    items = writable_items(url, writers)
    before = _last_ids(url)
    runs: dict[str, list[float]] = {"off": [], "on": []}
    errors = 0
    try:
        for _ in range(rounds):
            for mode in ("off", "on"):
                rate, failed = _run(url, mode == "on", tokens, items, seconds)
                runs[mode].append(rate)
                errors += failed
                print(f"  {writers} writers, page cache {mode:<3}: {rate:7.1f} writes/s, "
                      f"{failed} errors", flush=True)
    finally:
        _remove_written(url, before)
    off, on = sum(runs["off"]) / rounds, sum(runs["on"]) / rounds
    return {"writers": writers, "seconds": seconds, "rounds": rounds, "off_wps": off,
            "on_wps": on, "ratio": on / off if off else 0.0, "errors": errors,
            "floor": WRITERS_FLOOR}


def _run(url: str, page_cache: bool, tokens: list[str], items: list[int],
         seconds: float) -> tuple[float, int]:
    server = Server(url, page_cache=page_cache, threads=len(tokens) // 2)
    try:
        counts = [0] * len(tokens)
        failures = [0] * len(tokens)
        start = threading.Barrier(len(tokens) + 1)
        stop = threading.Event()

        def write(n: int) -> None:
            client = requests.Session()
            client.headers["Authorization"] = f"Bearer {tokens[n]}"
            address = f"{server.url}/api/v1/items/{items[n]}/actions"
            client.post(address, json={"kind": "comment", "body": "基准写入 warm-up"})
            start.wait()
            while not stop.is_set():
                response = client.post(address, json={"kind": "comment", "body": "基准写入"})
                if response.status_code == 201:
                    counts[n] += 1
                else:
                    failures[n] += 1

        threads = [threading.Thread(target=write, args=(n,)) for n in range(len(tokens))]
        for thread in threads:
            thread.start()
        start.wait()
        started = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        return sum(counts) / (time.perf_counter() - started), sum(failures)
    finally:
        server.stop()


def issue_tokens(url: str, username: str, count: int) -> list[str]:
    """``count`` API tokens of ``username``, made by the app's own service."""
    os.environ.update(app_environment(url))
    from rectify import create_app
    from rectify.extensions import db
    from rectify.models import User
    from rectify.services.accounts.tokens import issue_token

    app = create_app()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        return [issue_token(user, f"bench writer {n}", 1)[1] for n in range(count)]


def writable_items(url: str, count: int) -> list[int]:
    """``count`` items of campaigns not archived (the committee may comment on them)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT item.id FROM item JOIN campaign ON campaign.id = item.campaign_id "
            "WHERE campaign.archived_at IS NULL ORDER BY item.id LIMIT :n"), {"n": count})
        ids = [item_id for (item_id,) in rows]
    engine.dispose()
    if len(ids) < count:
        raise RuntimeError(f"{count} writable items needed, {len(ids)} found")
    return ids


_WRITTEN = ("action", "event", "notification")


def _last_ids(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        last = {table: connection.scalar(text(f"SELECT coalesce(max(id), 0) FROM {table}"))
                for table in _WRITTEN}
    engine.dispose()
    return last


def _remove_written(url: str, before: dict[str, int]) -> None:
    """Take the comments (and their events and notifications) and the tokens out again,
    so the database can be reused (raw SQL, as in workload.remove_items_above)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in reversed(_WRITTEN):
            connection.execute(text(f"DELETE FROM {table} WHERE id > :id"),
                               {"id": before[table]})
        connection.execute(text("DELETE FROM api_token WHERE name LIKE 'bench writer %'"))
    engine.dispose()
