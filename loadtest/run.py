"""Load test: ``python -m loadtest.run [--users 50] [--seconds 60]`` (``make loadtest``).

1. copies the demo database (SQLite) into a work folder and serves it with gunicorn
   (2 workers x 4 threads) on a free loopback port;
2. runs locust headless with ``loadtest/locustfile.py`` for the given time and users;
3. stops the server and checks: no request failed (locust's failure count, which
   includes every HTTP error and refused connection), the server logged no traceback,
   the database passes its integrity check, and every record the clients saw
   acknowledged is in the database with its photo.

It prints a summary and exits non-zero if any check fails. ``tests/test_load.py`` runs
a short version in CI.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from rectify.backup import integrity_problems

from .payloads import tiny_png
from .seed import attachment_counts, demo_database, work_targets
from .server import BIN, DEMO_PASSWORD, ROOT, Gunicorn

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
READERS = ("committee", "leader")


@dataclass
class LoadReport:
    requests: int = 0
    failures: int = 0
    requests_per_second: float = 0.0
    p95_ms: float = 0.0
    by_name: dict[str, int] = field(default_factory=dict)      # request name -> count
    failure_messages: list[str] = field(default_factory=list)
    acknowledged: int = 0
    missing: list[str] = field(default_factory=list)           # acknowledged, not stored
    integrity: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)     # tracebacks in the log

    @property
    def ok(self) -> bool:
        return (self.requests > 0 and self.failures == 0 and self.acknowledged > 0
                and not self.missing and not self.integrity and not self.server_errors)

    def summary(self) -> str:
        lines = [f"{self.requests} requests, {self.failures} failed, "
                 f"{self.requests_per_second:.1f} req/s, p95 {self.p95_ms:.0f} ms",
                 f"{self.acknowledged} records acknowledged, {len(self.missing)} missing "
                 "from the database",
                 "integrity check: " + ("ok" if not self.integrity else "; ".join(self.integrity)),
                 "requests by kind: "
                 + ", ".join(f"{k} {v}" for k, v in sorted(self.by_name.items()))]
        lines += [f"FAILED: {message}" for message in self.failure_messages[:20]]
        lines += [f"SERVER ERROR: {error}" for error in self.server_errors[:5]]
        lines.append("OK" if self.ok else "NOT OK")
        return "\n".join(lines)


def write_plan(folder: Path, database: Path) -> Path:
    """What the locust users need to know (see ``loadtest/locustfile.py``)."""
    with closing(sqlite3.connect(database)) as connection:
        item_ids = [row[0] for row in connection.execute("SELECT id FROM item ORDER BY id")]
    plan = {
        "password": DEMO_PASSWORD,
        "targets": [{"username": t.username, "item_id": t.item_id} for t in work_targets(database)],
        "readers": list(READERS),
        "item_ids": item_ids,
        "photo_hex": tiny_png().hex(),
        "acknowledged": str(folder / "acknowledged.txt"),
    }
    path = folder / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False))
    return path


def run_locust(url: str, plan: Path, users: int, seconds: int, folder: Path) -> None:
    env = {**os.environ, "RECTIFY_LOAD_PLAN": str(plan)}
    spawn_rate = max(1, users // 5)  # everyone is in within ~5 s
    command = [str(BIN / "locust"), "-f", str(LOCUSTFILE), "--headless", "--host", url,
         "-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s",
         "--stop-timeout", "30", "--csv", str(folder / "locust"), "--only-summary",
         "--loglevel", "WARNING"]
    with open(folder / "locust.log", "w") as log:
        subprocess.run(command, cwd=ROOT, env=env, check=False, timeout=seconds + 180,
                       stdout=log, stderr=subprocess.STDOUT)


def read_stats(folder: Path, report: LoadReport) -> None:
    """Counts from locust's CSV files."""
    stats = folder / "locust_stats.csv"
    if not stats.exists():
        report.failure_messages.append("locust wrote no statistics; see locust.log:\n"
                                       + (folder / "locust.log").read_text()[-3000:])
        report.failures += 1
        return
    with open(stats, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                report.requests = int(row["Request Count"])
                report.failures += int(row["Failure Count"])
                report.requests_per_second = float(row["Requests/s"])
                report.p95_ms = float(row["95%"] or 0)
            else:
                report.by_name[row["Name"]] = int(row["Request Count"])
    failures = folder / "locust_failures.csv"
    if failures.exists():
        with open(failures, newline="") as handle:
            report.failure_messages += [f"{r['Method']} {r['Name']}: {r['Error']} "
                                        f"(x{r['Occurrences']})" for r in csv.DictReader(handle)]


def check_database(database: Path, acknowledged_file: Path, report: LoadReport) -> None:
    acknowledged = acknowledged_file.read_text(encoding="utf-8").split("\n") \
        if acknowledged_file.exists() else []
    acknowledged = [body for body in acknowledged if body]
    report.acknowledged = len(acknowledged)
    photos = attachment_counts(database)
    report.missing = [body for body in acknowledged if photos.get(body) != 1]
    report.integrity = integrity_problems(database)


def server_errors(log: str) -> list[str]:
    return [chunk.strip()[:2000] for chunk in log.split("Traceback")[1:]]


def run_load(users: int, seconds: int, folder: Path, workers: int = 2,
             threads: int = 4) -> LoadReport:
    """Serve, load for ``seconds`` with ``users``, stop, check; files stay in ``folder``."""
    instance = folder / "instance"
    instance.mkdir(parents=True, exist_ok=True)
    database = instance / "rectify.sqlite"
    url = demo_database(database)
    plan = write_plan(folder, database)
    report = LoadReport()
    with Gunicorn(url, instance, workers=workers, threads=threads) as server:
        run_locust(server.url, plan, users, seconds, folder)
    report.server_errors = server_errors(server.log.read_text(errors="replace"))
    read_stats(folder, report)
    check_database(database, folder / "acknowledged.txt", report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--folder", type=Path, help="keep the database, logs and CSVs here")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="rectify-loadtest-"))
    print(f"Load test: {args.users} users for {args.seconds} s on gunicorn "
          f"({args.workers} workers x {args.threads} threads), SQLite; files in {folder}")
    report = run_load(args.users, args.seconds, folder, args.workers, args.threads)
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
