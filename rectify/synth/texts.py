"""Texts for synthetic items: problems, requirements and records taken from the demo's
report-based items, and names for the people responsible."""

from __future__ import annotations

from ..demo_data import ITEMS

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = ("志强", "海燕", "建国", "秀英", "立明", "淑芬", "光明", "伟", "静", "磊", "敏", "洋",
         "振华", "春梅", "国庆", "晓东", "丽娟", "文博", "德胜", "玉兰")
LEADER_TITLES = ("局长", "副局长", "主任", "副主任", "镇长", "副镇长", "所长", "站长")
WORK_KINDS = {"measure", "progress", "evidence"}


def problems_by_category() -> dict[str, list[tuple[str, str]]]:
    """(problem, requirement) pairs of the demo items, by category code."""
    found: dict[str, list[tuple[str, str]]] = {}
    for item in ITEMS:
        found.setdefault(item.category, []).append((item.problem, item.requirement))
    return found


def record_texts() -> dict[str, list[str]]:
    """Bodies of the demo items' records by kind: measure, progress, evidence, comment,
    instruction."""
    texts: dict[str, list[str]] = {"measure": [], "progress": [], "evidence": [],
                                   "comment": [], "instruction": []}
    for item in ITEMS:
        for step in item.story:
            verb = step[1]
            if verb in WORK_KINDS or verb == "comment":
                texts[verb].append(step[2])
            elif verb == "instruct":
                texts["instruction"].append(step[2])
    return texts


def reasons() -> list[str]:
    """Reasons the demo committee gave when returning or reopening items."""
    return [step[2] for item in ITEMS for step in item.story if step[1] in ("return", "reopen")]


def person_name(number: int) -> str:
    return SURNAMES[number % len(SURNAMES)] + GIVEN[(number // len(SURNAMES)) % len(GIVEN)]
