"""The synthetic organisation: one campaign, the report's categories, units in a
department / town / station hierarchy, inspection groups and one account per unit.

Rows are plain dicts for Core bulk inserts (see :mod:`rectify.synth.bulk`); ids are given
explicitly so the item generator can refer to them without reading anything back.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from werkzeug.security import generate_password_hash

from .. import workflow
from ..demo_data import CATEGORIES, DEPARTMENT_PREFIX, LIAISON_SUFFIX, STAFF, UNITS
from ..models.org import pinyin_key

CAMPAIGN_CODE = "SY"  # + two-digit year: item codes read SY26-T001S02-001
# Syllables of made-up town names (two of them plus 镇 or 街道): 26 x 25 names.
TOWN_SYLLABLES = "东西南北胶河柏城兴华安平李庄阜新龙泉古岭青石宁康泰和丰乐"
# Stations (站所) a town has, in this order: (name suffix, English).
STATIONS = (
    ("财政所", "Finance Office"), ("派出所", "Police Station"), ("司法所", "Justice Office"),
    ("国土资源所", "Land Resources Office"), ("农业技术推广站", "Agricultural Extension Station"),
    ("水利站", "Water Station"), ("文化站", "Cultural Station"), ("卫生院", "Health Centre"),
    ("市场监管所", "Market Supervision Office"),
)
GROUP_NAMES = "一二三四五六七八九十"


@dataclass
class Org:
    """What the item generator needs to know about the organisation."""

    campaign_id: int
    code_prefix: str
    unit_ids: list[int]
    unit_codes: dict[int, str]
    unit_names: dict[int, str]
    unit_kinds: dict[int, str]
    category_ids: list[int]
    category_codes: dict[int, str]
    category_names: dict[int, str]
    liaison_of: dict[int, int]  # unit id -> its department user's id
    staff: dict[str, int]       # admin / committee / leader -> user id


def campaign_row(today: date) -> dict:
    year = today.year
    return {"id": 1, "title": f"合成数据评议（{year}）", "year": year, "stage": "rectification",
            "default_due_date": today + timedelta(days=60),
            "code_prefix": f"{CAMPAIGN_CODE}{year % 100:02d}"}


def category_rows() -> list[dict]:
    return [{"id": n, "code": code, "name": name, "name_en": name_en, "position": n}
            for n, (code, name, name_en) in enumerate(CATEGORIES, start=1)]


def unit_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` units: up to 44 of the report's departments (about half the set when it
    is small), then towns each followed by its stations (a station's parent is its town),
    numbered in that official order."""
    departments = min(len(UNITS), max(1, count // 2))
    rows: list[dict[str, Any]] = [
        {"id": n, "code": code, "name": name, "name_en": name_en, "kind": kind, "parent_id": None}
        for n, (code, name, name_en, kind) in enumerate(UNITS[:departments], start=1)]
    towns = _town_names(rng)
    town_number, town_id, station = 0, None, len(STATIONS)
    while len(rows) < count:
        unit_id = len(rows) + 1
        if station == len(STATIONS):
            town_number += 1
            town_id, station = unit_id, 0
            name, suffix = towns[town_number - 1]
            rows.append({"id": unit_id, "code": f"t{town_number:03d}", "name": name + suffix,
                         "name_en": f"Town {town_number:03d}", "kind": "town", "parent_id": None})
            town = rows[-1]
            continue
        suffix, english = STATIONS[station]
        station += 1
        rows.append({"id": unit_id, "code": f"{town['code']}s{station:02d}",
                     "name": town["name"] + suffix, "name_en": f"{town['name_en']} {english}",
                     "kind": "station", "parent_id": town_id})
    for row in rows:
        row.update(sort_key=pinyin_key(row["name"]), active=True, position=row["id"])
    return rows


def _town_names(rng: random.Random) -> list[tuple[str, str]]:
    names = [(a + b, "街道" if (i + j) % 4 == 0 else "镇")
             for i, a in enumerate(TOWN_SYLLABLES) for j, b in enumerate(TOWN_SYLLABLES) if a != b]
    rng.shuffle(names)
    return names


def group_rows(units: list[dict]) -> tuple[list[dict], list[dict]]:
    """Inspection groups of about 100 units each (at least five), and their members."""
    count = max(5, min(len(GROUP_NAMES), -(-len(units) // 100)))
    groups = [{"id": n, "campaign_id": 1, "name": f"第{GROUP_NAMES[n - 1]}检查组",
               "leader_name": f"组长{n}"} for n in range(1, count + 1)]
    members = [{"group_id": index % count + 1, "unit_id": unit["id"]}
               for index, unit in enumerate(units)]
    return groups, members


def user_rows(units: list[dict], password: str, method: str, created: datetime) -> list[dict]:
    """The staff accounts and one liaison per unit, all with ``password``.

    The password is hashed once and the hash shared: a thousand separate hashes with the
    default scrypt would take minutes, and these are fixture accounts.
    """
    password_hash = generate_password_hash(password, method=method)
    common = {"password_hash": password_hash, "locale": "zh_Hans_CN", "active": True,
              "created_at": created}
    rows = [{"id": n, "username": username, "display_name": name, "role": role,
             "unit_id": None, **common}
            for n, (username, role, name) in enumerate(STAFF, start=1)]
    for unit in units:
        rows.append({"id": len(rows) + 1, "username": DEPARTMENT_PREFIX + unit["code"],
                     "display_name": unit["name"] + LIAISON_SUFFIX,
                     "role": workflow.DEPARTMENT, "unit_id": unit["id"], **common})
    return rows


def org_summary(campaign: dict, units: list[dict], categories: list[dict],
                users: list[dict]) -> Org:
    staff = {row["username"]: row["id"] for row in users if row["unit_id"] is None}
    return Org(
        campaign_id=campaign["id"], code_prefix=campaign["code_prefix"],
        unit_ids=[u["id"] for u in units],
        unit_codes={u["id"]: u["code"] for u in units},
        unit_names={u["id"]: u["name"] for u in units},
        unit_kinds={u["id"]: u["kind"] for u in units},
        category_ids=[c["id"] for c in categories],
        category_codes={c["id"]: c["code"] for c in categories},
        category_names={c["id"]: c["name"] for c in categories},
        liaison_of={row["unit_id"]: row["id"] for row in users if row["unit_id"] is not None},
        staff=staff,
    )
