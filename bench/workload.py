"""The benchmark's data: synthetic databases (built once, kept under a keyed name) and
the problem lists it imports."""

from __future__ import annotations

import io
import subprocess
import time
from dataclasses import dataclass
from datetime import date, timedelta

from openpyxl import Workbook
from server import BIN, ROOT, app_environment
from sqlalchemy import create_engine, text

DATA_DIR = ROOT / "instance" / "bench"
PASSWORD = "rectify-demo"  # the synth accounts' password (the demo default)


@dataclass(frozen=True)
class Dataset:
    units: int
    items: int
    actions_per_item: float
    seed: int = 1

    @property
    def key(self) -> str:
        return f"{self.units}u-{self.items}i-{self.actions_per_item:g}a-s{self.seed}"


def flask(url: str, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT,
                   env=app_environment(url), check=True, stdout=subprocess.DEVNULL)


def synth(url: str, dataset: Dataset) -> float:
    started = time.perf_counter()
    flask(url, "db", "upgrade")
    flask(url, "synth", "--units", str(dataset.units), "--items", str(dataset.items),
          "--actions-per-item", str(dataset.actions_per_item), "--seed", str(dataset.seed))
    seconds = time.perf_counter() - started
    if not url.startswith("sqlite"):
        settle(url)
    return seconds


def settle(url: str) -> None:
    """``VACUUM ANALYZE`` a freshly filled PostgreSQL database: the state autovacuum
    reaches a minute later. Measured before it, the planner works without statistics and
    index-only scans visit the table, which is not how a database in use runs."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()


def prepare(dataset: Dataset, database_url: str | None) -> tuple[str, float | None]:
    """A database URL holding ``dataset``, and the seconds synth took (None: reused).

    SQLite files are kept in ``instance/bench/`` under a name made of the parameters and
    reused. A PostgreSQL database is reused when it holds as many units and items, else
    WIPED (its public schema is dropped) and filled: give a database just for this.
    """
    if database_url is None:
        path = DATA_DIR / f"rectify-{dataset.key}.sqlite"
        if path.exists():
            flask(f"sqlite:///{path}", "db", "upgrade")  # the schema may have moved on
            return f"sqlite:///{path}", None
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        for leftover in DATA_DIR.glob(partial.name + "*"):
            leftover.unlink()
        seconds = synth(f"sqlite:///{partial}", dataset)
        partial.rename(path)
        return f"sqlite:///{path}", seconds
    if counts(database_url) == (dataset.units, dataset.items):
        flask(database_url, "db", "upgrade")
        return database_url, None
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return database_url, synth(database_url, dataset)


def counts(url: str) -> tuple[int, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            units = connection.scalar(text("SELECT count(*) FROM unit"))
            items = connection.scalar(text("SELECT count(*) FROM item"))
            return units, items
    except Exception:
        return -1, -1
    finally:
        engine.dispose()


def scalar(url: str, sql: str, **params):
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.scalar(text(sql), params)
    finally:
        engine.dispose()


def remove_items_above(url: str, item_id: int) -> None:
    """Take imported items out again, so the database can be reused (raw SQL: the
    append-only guard on events is for the app, not for resetting a benchmark)."""
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in ("event", "notification", "item_co_unit", "action", "check_record"):
            connection.execute(text(f"DELETE FROM {table} WHERE item_id > :id"), {"id": item_id})
        connection.execute(text("DELETE FROM item WHERE id > :id"), {"id": item_id})
    engine.dispose()


def problem_list(url: str, rows: int, bad_row: int | None = None) -> bytes:
    """A problem list of ``rows`` new items over the database's units, as .xlsx bytes.

    The headers and values are the import's codes (``lead_unit`` with unit codes, ...),
    which it accepts as well as the Chinese and English labels. ``bad_row`` (an Excel
    row number) names a unit that does not exist.
    """
    engine = create_engine(url)
    with engine.connect() as connection:
        units = [code for (code,) in connection.execute(text("SELECT code FROM unit ORDER BY id"))]
    engine.dispose()
    sources = ("questionnaire", "deputy_evaluation", "enterprise_evaluation", "symposium",
               "case_file_review", "town_evaluation", "self_check")
    categories = ("conduct", "service", "law", "overall")
    due = date.today() + timedelta(days=90)
    stamp = time.strftime("%Y%m%d%H%M%S")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("items")
    sheet.append(["lead_unit", "category", "source", "problem", "requirement", "due_date",
                  "priority"])
    for n in range(rows):
        unit = "不存在的单位" if bad_row == n + 2 else units[n % len(units)]
        sheet.append([unit, categories[n % 4], sources[n % 7],
                      f"基准导入问题 {stamp}-{n}：窗口服务效率低，群众办事多次往返。",
                      "优化办事流程，推行一次办结。", due, "normal"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
