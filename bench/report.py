"""The benchmark's targets (from issue 7), and the table it prints."""

from __future__ import annotations

# name -> (what, target text, check(figure, results) -> bool)
TARGETS = {
    "overview": ("≤ 2 x its SQL, < 100 ms, < 100 KB",
                 lambda f, r: f["ratio_sql"] <= 2 and f["median_ms"] < 100 and f["kb"] < 100),
    "overdue": ("(measured)", None),
    "unit": ("(measured)", None),
    "list_first": ("< 50 ms", lambda f, r: f["median_ms"] < 50),
    "list_filtered": ("< 50 ms", lambda f, r: f["median_ms"] < 50),
    "list_page200": ("< 50 ms", lambda f, r: f["median_ms"] < 50),
    "item_page": ("< 50 ms", lambda f, r: f["median_ms"] < 50),
    "export": ("< 15 s, RSS growth < 150 MB",
               lambda f, r: f["median_ms"] < 15_000 and f["rss_growth_mb"] < 150),
    "import": ("< 15 s", lambda f, r: f["median_ms"] < 15_000),
    "import_bad": ("writes nothing", lambda f, r: f["written"] == 0),
    "trivial": ("(floor)", None),
}
LABELS = {
    "overview": "dashboard overview callback", "overdue": "overdue page, first page",
    "unit": "unit page callback", "list_first": "item list, first page",
    "list_filtered": "item list, unit+status+overdue", "list_page200": "item list, page 200",
    "item_page": "item page, 50 actions", "export": "Excel export, all items",
    "import": "Excel import, 10,000 rows", "import_bad": "import, 10,000 rows, 1 bad",
    "trivial": "trivial endpoint /healthz",
}


def verdict(name: str, figure: dict, results: dict) -> str:
    target = TARGETS.get(name)
    if target is None or target[1] is None:
        return ""
    try:
        return "met" if target[1](figure, results) else "MISSED"
    except (KeyError, TypeError):
        return "?"


def _number(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def table(results: dict) -> str:
    """The figures as a Markdown table (printed, and pasted into the README)."""
    lines = ["| view | median ms | SQL floor ms | x SQL | x trivial | response KB | target | |",
             "|---|---:|---:|---:|---:|---:|---|---|"]
    for name, figure in results["figures"].items():
        extra = ""
        if "rss_growth_mb" in figure:
            extra = f"; RSS +{figure['rss_growth_mb']:.0f} MB (peak {figure['rss_peak_mb']:.0f} MB)"
        if "written" in figure:
            extra = f"; {figure['written']} items written"
        lines.append("| {} | {} | {} | {} | {} | {} | {} | {} |".format(
            LABELS.get(name, name), _number(figure["median_ms"]),
            _number(figure.get("floor_ms")), _number(figure.get("ratio_sql"), 2),
            _number(figure.get("ratio_trivial"), 0), _number(figure.get("kb")),
            TARGETS.get(name, ("",))[0] + extra, verdict(name, figure, results)))
    return "\n".join(lines)


def growth_table(results: dict) -> str:
    growth = results.get("growth") or {}
    if not growth:
        return "(growth not measured)"
    lines = ["| items | overview ms | item list first page ms |", "|---:|---:|---:|"]
    for size in sorted(growth, key=int):
        row = growth[size]
        lines.append(f"| {int(size):,} | {_number(row['overview'])} "
                     f"| {_number(row['list_first'])} |")
    sizes = sorted(growth, key=int)
    if "100000" in growth and "1000000" in growth:
        small, large = growth["100000"], growth["1000000"]
        over = large["overview"] / small["overview"]
        listing = large["list_first"] / small["list_first"]
        lines.append("")
        lines.append(f"100k → 1M: overview x {over:.1f} (target ≤ 12: "
                     f"{'met' if over <= 12 else 'MISSED'}), item list x {listing:.1f} "
                     f"(target ≤ 2: {'met' if listing <= 2 else 'MISSED'})")
    elif len(sizes) > 1:
        lines.append("")
        lines.append("(1,000,000 items not measured: run with --growth)")
    return "\n".join(lines)


def wrk_table(results: dict) -> str:
    """Throughput as deployed (the item list's page cache on; the target) and, for
    comparison, with every list request rendered (cache off)."""
    wrk = results.get("wrk")
    if not wrk:
        return "(wrk not run)"
    if "missing" in wrk:
        return wrk["missing"]
    runs = [("page cache on (as deployed)", wrk)]
    if results.get("wrk_uncached"):
        runs.append(("page cache off", results["wrk_uncached"]))
    lines = ["| wrk, 16 connections, 20 s, 2 workers | /healthz req/s | /items/ req/s | share "
             "| errors |", "|---|---:|---:|---:|---:|"]
    for label, run in runs:
        lines.append(f"| {label} | {run['trivial']['rps']:,.0f} | {run['list']['rps']:,.0f} | "
                     f"{_share(run):.0%} | {run['trivial']['errors'] + run['list']['errors']} |")
    ok = _share(wrk) >= 0.3 and wrk["list"]["errors"] == 0
    lines.append("")
    lines.append(f"item list at {_share(wrk):.0%} of the trivial endpoint's throughput "
                 f"(target ≥ 30%, no errors: {'met' if ok else 'MISSED'})")
    return "\n".join(lines)


def _share(run: dict) -> float:
    return run["list"]["rps"] / run["trivial"]["rps"] if run["trivial"]["rps"] else 0.0


def writers_table(results: dict) -> str:
    """Concurrent writers with the page cache off and on (PostgreSQL; bench/writers.py)."""
    writers = results.get("writers")
    if not writers:
        return "(concurrent writers measured on PostgreSQL only: give --database-url)"
    ok = writers["ratio"] >= writers["floor"] and writers["errors"] == 0
    return "\n".join([
        f"| {writers['writers']} concurrent writers, {writers['rounds']} x "
        f"{writers['seconds']:g} s each | writes/s |", "|---|---:|",
        f"| page cache off (no cache at all) | {writers['off_wps']:,.1f} |",
        f"| page cache on (as deployed) | {writers['on_wps']:,.1f} |",
        "",
        f"writes with the cache at {writers['ratio']:.2f} x those without (target ≥ "
        f"{writers['floor']:g}, no errors: {'met' if ok else 'MISSED'})"])
