"""`make bench`: how fast Rectify is on province-size data, through the real HTTP stack.

A benchmark, not a test: it prints figures and writes ``bench/results.json`` (SQLite) or
``bench/results-postgresql.json``.

1. Builds (or reuses) a synthetic database: ``flask synth`` with ``--units``, ``--items``
   and ``--actions-per-item``; SQLite files are kept in ``instance/bench/`` under a name
   made of those parameters. ``--database-url`` uses PostgreSQL instead (a database the
   benchmark may wipe).
2. Serves the app with gunicorn (2 workers) on a loopback port and signs in as the
   committee.
3. Times each view: warm-up runs, then the median of ``--repeat`` runs. Beside each it
   times the trivial endpoint ``/healthz`` (the floor of the stack) and the SQL the view
   runs, replayed on a raw database connection (the floor of the data; see floors.py).
4. Excel export of every item (time, and the serving worker's RSS growth), import of a
   10,000-row problem list, and of one with a bad row (which must write nothing).
5. ``wrk`` (Debian package) against the item list and the trivial endpoint, when present.
6. Growth: the overview and the item list's first page at 10,000 and 100,000 items, and
   1,000,000 with ``--growth`` (building that database takes about 7 minutes once).
7. PostgreSQL only: 20 concurrent API writers with the page cache off (no cache at all)
   and on, alternating; their writes per second with the cache on must be at least
   ``writers.WRITERS_FLOOR`` of those without (see writers.py).

Run: ``make bench`` or ``.venv/bin/python bench/bench.py --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from floors import InProcessApp, Replayer
from report import growth_table, table, writers_table, wrk_table
from server import ROOT, Dashboard, MemorySampler, Server, signed_in
from workload import (
    PASSWORD,
    Dataset,
    prepare,
    problem_list,
    remove_items_above,
    scalar,
)
from writers import measure_writers

HERE = Path(__file__).resolve().parent


def results_path(database_url: str | None) -> Path:
    """``results.json`` for SQLite (the default), ``results-postgresql.json`` for
    PostgreSQL, so that one run does not overwrite the other's figures."""
    return HERE / ("results-postgresql.json" if database_url else "results.json")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--actions-per-item", type=float, default=5.0)
    parser.add_argument("--database-url", help="PostgreSQL URL (the database may be wiped)")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, no wrk, no growth runs (a smoke test of the bench)")
    parser.add_argument("--growth", action="store_true", help="also run 1,000,000 items")
    parser.add_argument("--no-wrk", action="store_true")
    parser.add_argument("--no-growth", action="store_true",
                        help="no growth runs (they rebuild a PostgreSQL database at each size)")
    parser.add_argument("--writer-seconds", type=float, default=10.0,
                        help="length of each concurrent-writers run (PostgreSQL)")
    return parser.parse_args()


def median_ms(call: Callable[[], object], warmup: int, repeat: int) -> tuple[float, object]:
    result = None
    for _ in range(warmup):
        result = call()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


class Views:
    """The views measured, each as an HTTP call and as the same call in process."""

    def __init__(self, server: Server, url: str) -> None:
        self.session = signed_in(server.url, "committee", PASSWORD)
        self.base = server.url
        self.dash = Dashboard(self.session, server.url)
        self.unit_id = scalar(url, "SELECT lead_unit_id FROM item GROUP BY lead_unit_id "
                                   "ORDER BY count(*) DESC, lead_unit_id LIMIT 1")
        self.heavy_item = scalar(url, "SELECT item_id FROM action GROUP BY item_id "
                                      "HAVING count(*) = 50 ORDER BY item_id LIMIT 1")
        self.pages = {
            "trivial": "/healthz",
            "list_first": "/items/",
            "list_filtered": f"/items/?unit={self.unit_id}&status=in_progress&overdue=y",
            "list_page200": "/items/?page=200",
            "item_page": f"/items/{self.heavy_item}",
        }
        self.callbacks = {
            "overview": self.dash.body("ov-cards.children", {}),
            "overdue": self.dash.body("od-table.children", {
                "od-sort.value": "days", "od-desc.value": [], "od-page.data": 1,
                "od-prev.n_clicks": 0, "od-next.n_clicks": 0}),
            "unit": self.dash.body("un-roles.children", {"un-unit.data": self.unit_id}),
        }

    def names(self) -> list[str]:
        return ["overview", "overdue", "unit", "list_first", "list_filtered", "list_page200",
                "item_page", "trivial"]

    def http(self, name: str) -> Callable[[], int]:
        if name in self.callbacks:
            body = self.callbacks[name]
            return lambda: len(self.dash.post(body).content)

        def get() -> int:
            response = self.session.get(self.base + self.pages[name])
            response.raise_for_status()
            return len(response.content)

        return get

    def statements(self, name: str, local: InProcessApp) -> list:
        if name in self.callbacks:
            client = local.client
            client.get("/dashboard/")
            token = client.get_cookie("rectify_dash_csrf", path="/dashboard/").value
            return local.statements_of("POST", "/dashboard/_dash-update-component",
                                       json=self.callbacks[name], headers={"X-CSRFToken": token})
        return local.statements_of("GET", self.pages[name])


def measure_views(views: Views, url: str, warmup: int, repeat: int) -> dict:
    local = InProcessApp(url, "committee", PASSWORD)
    replay = Replayer(url)
    figures = {}
    trivial_ms, _ = median_ms(views.http("trivial"), warmup, repeat)
    for name in views.names():
        ms, size = median_ms(views.http(name), warmup, repeat)
        statements = views.statements(name, local) if name != "trivial" else []
        floor = replay.median_ms(statements, warmup, repeat) if statements else None
        figures[name] = {"median_ms": ms, "kb": size / 1024, "floor_ms": floor,
                         "queries": len(statements),
                         "ratio_sql": ms / floor if floor else None,
                         "ratio_trivial": ms / trivial_ms}
        print(f"  {name:<14} {ms:8.1f} ms   SQL {floor or 0:7.1f} ms  "
              f"({len(statements)} queries)  {size / 1024:7.1f} KB", flush=True)
    replay.close()
    return figures


def measure_export(server: Server, views: Views, repeat: int) -> dict:
    def export() -> int:
        response = views.session.get(server.url + "/items/export.xlsx", stream=True)
        response.raise_for_status()
        return sum(len(chunk) for chunk in response.iter_content(1 << 16))

    times, growth, peak, size = [], [], [], 0
    for _ in range(repeat):
        with MemorySampler(server.worker_pids()) as memory:
            started = time.perf_counter()
            size = export()
            times.append((time.perf_counter() - started) * 1000)
        growth.append(memory.growth_mb())
        peak.append(memory.peak_mb())
        print(f"  export {times[-1] / 1000:6.1f} s, worker RSS +{growth[-1]:.0f} MB", flush=True)
    return {"median_ms": statistics.median(times), "kb": size / 1024,
            "rss_growth_mb": max(growth), "rss_peak_mb": max(peak)}


def measure_import(server: Server, views: Views, url: str, repeat: int) -> dict:
    def post(content: bytes) -> int:
        page = views.session.get(server.url + "/items/import/")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
        response = views.session.post(server.url + "/items/import/", data={
            "csrf_token": token, "campaign_id": "1"},
            files={"file": ("problems.xlsx", content, XLSX)})
        return response.status_code

    figures = {}
    for name, bad_row in (("import", None), ("import_bad", 5002)):
        times, written = [], 0
        for _ in range(repeat):
            content = problem_list(url, 10_000, bad_row)
            before = scalar(url, "SELECT max(id) FROM item")
            started = time.perf_counter()
            status = post(content)
            times.append((time.perf_counter() - started) * 1000)
            written = scalar(url, "SELECT count(*) FROM item WHERE id > :id", id=before)
            remove_items_above(url, before)
            print(f"  {name} {times[-1] / 1000:6.1f} s, HTTP {status}, {written} written",
                  flush=True)
        figures[name] = {"median_ms": statistics.median(times), "written": written}
    return figures


def run_wrk(server: Server, views: Views) -> dict:
    if shutil.which("wrk") is None:
        return {"missing": "wrk is not installed (apt-get install wrk): throughput not measured"}
    cookie = "; ".join(f"{c.name}={c.value}" for c in views.session.cookies if c.path == "/")
    results = {}
    for name, path in (("trivial", "/healthz"), ("list", "/items/")):
        out = subprocess.run(["wrk", "-t2", "-c16", "-d20s", "-H", f"Cookie: {cookie}",
                              server.url + path], capture_output=True, text=True).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
        socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                           r"timeout (\d+)", out)
        errors += sum(int(n) for n in socket.groups()) if socket else 0
        results[name] = {"rps": rps, "errors": errors}
        print(f"  wrk {path}: {rps:,.0f} req/s, {errors} errors", flush=True)
    return results


def wrk_as_deployed(url: str) -> dict:
    """wrk against a server with the item list's page cache on, as the app runs."""
    print("  (page cache on, as deployed)", flush=True)
    server = Server(url, page_cache=True)
    try:
        return run_wrk(server, Views(server, url))
    finally:
        server.stop()


def measure_growth_point(dataset: Dataset, database_url: str | None, repeat: int) -> dict:
    url, seconds = prepare(dataset, database_url)
    if seconds:
        print(f"  built {dataset.key} in {seconds:.0f} s", flush=True)
    server = Server(url)
    try:
        views = Views(server, url)
        overview, _ = median_ms(views.http("overview"), 3, repeat)
        listing, _ = median_ms(views.http("list_first"), 3, repeat)
    finally:
        server.stop()
    print(f"  {dataset.items:>9,} items: overview {overview:.1f} ms, list {listing:.1f} ms",
          flush=True)
    return {"overview": overview, "list_first": listing, "synth_seconds": seconds}


def main() -> None:
    args = options()
    repeat, warmup = (5, 1) if args.quick else (args.repeat, 3)
    dataset = Dataset(args.units, args.items, args.actions_per_item)
    print(f"Dataset {dataset.key} ({'PostgreSQL' if args.database_url else 'SQLite'})", flush=True)
    url, synth_seconds = prepare(dataset, args.database_url)
    if synth_seconds:
        print(f"  synth took {synth_seconds:.0f} s", flush=True)
    results = {"dataset": dataset.__dict__, "database": url.split(":")[0],
               "synth_seconds": synth_seconds, "machine": f"{platform.node()}, "
               f"{os.cpu_count()} cores", "when": time.strftime("%Y-%m-%d %H:%M"),
               "repeat": repeat}
    server = Server(url)
    try:
        views = Views(server, url)
        print(f"Views (median of {repeat} runs):", flush=True)
        results["figures"] = measure_views(views, url, warmup, repeat)
        heavy = 1 if args.quick else 3
        results["figures"]["export"] = measure_export(server, views, heavy)
        results["figures"].update(measure_import(server, views, url, heavy))
        if not (args.quick or args.no_wrk):
            results["wrk_uncached"] = run_wrk(server, views)
    finally:
        server.stop()
    if not (args.quick or args.no_wrk):
        results["wrk"] = wrk_as_deployed(url)
    trivial = results["figures"]["trivial"]["median_ms"]
    for name in ("export", "import", "import_bad"):
        results["figures"][name]["ratio_trivial"] = results["figures"][name]["median_ms"] / trivial
    if args.database_url:
        print("Concurrent writers:", flush=True)
        results["writers"] = measure_writers(url, args.writer_seconds / (2 if args.quick else 1),
                                             rounds=1 if args.quick else 3)
    results["growth"] = growth(args, dataset, results, repeat)
    path = results_path(args.database_url)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print()
    print(table(results))
    print()
    print(growth_table(results))
    print()
    print(wrk_table(results))
    print()
    print(writers_table(results))
    print(f"\nWrote {path.relative_to(ROOT)}")


def growth(args, dataset: Dataset, results: dict, repeat: int) -> dict:
    if args.quick or args.no_growth:
        return {}
    print("Growth:", flush=True)
    sizes = [10_000, 100_000] + ([1_000_000] if args.growth else [])
    points = {}
    for size in sizes:
        if size == dataset.items and dataset.units == 1000:
            figures = results["figures"]
            points[str(size)] = {"overview": figures["overview"]["median_ms"],
                                 "list_first": figures["list_first"]["median_ms"]}
            continue
        points[str(size)] = measure_growth_point(
            Dataset(1000, size, dataset.actions_per_item), args.database_url, repeat)
    return points


if __name__ == "__main__":
    main()
