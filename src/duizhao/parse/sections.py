"""The kind of a part of a material from its heading: problems, causes, measures, carryover,
cases or other."""
from __future__ import annotations

import re

from duizhao.parse.blocks import heading_marker

MAX_SECTION_HEADING = 24  # a section title ("存在的主要问题") is short; longer headings are items
MAX_SECTION_LEVEL = 2
_PROBLEMS_AND_CAUSES = re.compile(r"问题[及和与、]+(?:其)?(?:产生的?)?(?:原因|根源)")

SECTION_RULES = [
    (
        "carryover",
        re.compile(
            r"(?:上年度|上一年度|上年|上次|上一次|去年|前次|上一轮|\d{4}\s*年度?|民主生活会|组织生活会).{0,16}(?:整改|落实|问题)"
            r"|整改(?:措施)?(?:落实|完成|推进)?情况"
        ),
    ),
    ("cases", re.compile(r"案例")),
    ("causes", re.compile(r"原因|根源|根子")),
    ("measures", re.compile(r"措施|努力方向|整改方向|改进方向|整改举措|下一步|今后|打算|整改")),
    ("problems", re.compile(r"问题|不足|差距|查摆|检视|对照检查|剖析|表现")),
]


def section_kind(heading: str, level: int = 1) -> str:
    _, marker = heading_marker(heading)
    words = heading[marker:].rstrip("。：:；;，, ")
    if len(words) > MAX_SECTION_HEADING or level > MAX_SECTION_LEVEL:
        return "other"
    if _PROBLEMS_AND_CAUSES.search(words):
        return "problems"  # "存在的问题及原因": the problems, each with its cause
    for kind, pattern in SECTION_RULES:
        if pattern.search(words):
            return kind
    return "other"


