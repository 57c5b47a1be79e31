"""Inline item markers (一是…, 第一，…, 1.…, （1）…, ①…, 首先/其次…) that start a clause, and
the numbered runs they form. Found once for the whole text; the structure and enumeration stages
look them up by span."""

from __future__ import annotations

import re

from duizhao.parse.chars import NOT_DECIMAL

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Inline item markers that start a clause: (family, regex with the number in group 1, the
# characters allowed before it, the fewest items that make a list).
_CLAUSE_END = "。；;！？!?：:\n"
ORDINAL_FAMILIES = [
    ("shi", re.compile(r"([一二三四五六七八九十]{1,3})是"), set(_CLAUSE_END + "，,"), 1),
    ("di", re.compile(r"第([一二三四五六七八九十]{1,3})[，,、：:]"), set(_CLAUSE_END + "，,"), 2),
    ("number", re.compile(rf"(\d{{1,2}})[.、．]{NOT_DECIMAL}"), set(_CLAUSE_END), 2),
    ("paren", re.compile(r"[（(](\d{1,2})[）)]"), set(_CLAUSE_END), 2),
    ("circled", re.compile("([\u2460-\u2473])"), set(_CLAUSE_END), 2),
    ("parenthesised", re.compile("([\u2474-\u2487])"), set(_CLAUSE_END), 2),
    ("half_paren", re.compile(r"(\d{1,2})[）)]"), set(_CLAUSE_END), 2),  # "（1）" fails the clause-start test
    ("sequence", re.compile(r"(首先|其次|再次|最后)[，,、：:]"), set(_CLAUSE_END), 2),
    ("labelled", re.compile(r"问题([一二三四五六七八九十]{1,3}|\d{1,2})[：:]"), set(_CLAUSE_END), 2),
]
_SEQUENCE_WORDS = {"首先": 1, "其次": 2, "再次": 3, "最后": 4}


def ordinal_number(text: str) -> int | None:
    """The number of an inline item marker's numeral: 3, 三, ③, 其次 (2)."""
    if len(text) == 1 and "\u2460" <= text <= "\u2473":
        return ord(text) - 0x245F
    if len(text) == 1 and "\u2474" <= text <= "\u2487":
        return ord(text) - 0x2473
    return _SEQUENCE_WORDS.get(text) or cn_number(text)


def cn_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if not text or any(ch not in CN_DIGITS and ch != "百" for ch in text):
        return None
    if text == "十":
        return 10
    total, current = 0, 0
    for ch in text:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = CN_DIGITS[ch]
    return total + current
