"""Counts the preamble and part introductions state: 征求意见 N 条, 谈心谈话 N 人次, 专题学习研讨 N 次,
上年度问题 N 个 (N a placeholder such as ××: value None, is_placeholder True)."""

from __future__ import annotations

import re

from duizhao.model import Count
from duizhao.parse.ordinals import cn_number

MAX_COUNTS = 5000

_N = r"(\d+|[一二三四五六七八九十百两]+|[*＊]+|[Xx×]{1,3}|某)"
_GAP = r"[^。；;\n\d*＊Xx×]{0,10}?"
COUNT_RULES = [
    ("opinions", re.compile(rf"意见(?:和|及)?(?:建议)?{_GAP}{_N}\s*(?:余|多)?\s*条")),
    ("talks", re.compile(rf"谈心(?:谈话|交心)?{_GAP}{_N}\s*(?:余|多)?\s*(?:人次|次|人)")),
    (
        "study_sessions",
        re.compile(
            rf"(?:专题学习|集中学习|学习研讨|专题研讨|研讨交流|集体学习|中心组学习){_GAP}{_N}\s*(?:余|多)?\s*(?:次|场)"
        ),
    ),
    (
        "carryover_problems",
        re.compile(
            rf"(?:上年度|上一年度|上次|去年){_GAP}(?:问题{_GAP}{_N}\s*(?:个|条|项)|{_N}\s*(?:个|条|项)(?:具体)?问题)"
        ),
    ),
]


def find_counts(text: str, regions: list[tuple[int, int]]) -> list[Count]:
    found: list[Count] = []
    for start, end in regions:
        for kind, pattern in COUNT_RULES:
            for match in pattern.finditer(text, start, end):
                raw = next(group for group in match.groups() if group is not None)
                value = cn_number(raw)
                found.append(Count(kind, value, match.group(), match.start(), match.end(), value is None))
                if len(found) >= MAX_COUNTS:
                    return found
    found.sort(key=lambda c: c.start)
    return found
