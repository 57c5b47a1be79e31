"""Exact results of the small text helpers the review rules share (review/text.py)."""

from __future__ import annotations

import pytest

from duizhao.review.text import (
    _sorted_phrases,
    char_pairs,
    containment,
    find_phrases,
    first_sentence,
    inside_quotes,
    line_and_column,
    strip_numbering,
)


def test_find_phrases_longest_first_without_overlaps_in_text_order():
    assert find_phrases("甲乙丙甲乙", ["甲乙", "乙丙", "甲乙丙", "", "丁"]) == [("甲乙丙", 0, 3), ("甲乙", 3, 5)]
    assert find_phrases("甲乙丙", ("甲乙", "甲乙丙")) == [("甲乙丙", 0, 3)]


def test_find_phrases_repeats_end_to_end():
    assert find_phrases("乙乙乙乙", ("乙乙",)) == [("乙乙", 0, 2), ("乙乙", 2, 4)]
    assert find_phrases("乙乙乙", ["乙乙"]) == [("乙乙", 0, 2)]
    assert find_phrases("甲乙丙甲乙丙甲乙", ["甲乙"]) == [("甲乙", 0, 2), ("甲乙", 3, 5), ("甲乙", 6, 8)]


def test_find_phrases_keeps_a_phrase_that_ends_where_a_longer_one_starts():
    assert find_phrases("甲乙丙丁戊", ["丙丁戊", "甲乙"]) == [("甲乙", 0, 2), ("丙丁戊", 2, 5)]
    assert find_phrases("甲乙丁甲乙丙", ["甲乙", "甲乙丙"]) == [("甲乙", 0, 2), ("甲乙丙", 3, 6)]


def test_of_two_overlapping_phrases_of_one_length_the_first_given_wins():
    assert find_phrases("丙甲乙甲", ["甲乙", "乙甲"]) == [("甲乙", 1, 3)]
    assert find_phrases("丙甲乙甲", ["乙甲", "甲乙"]) == [("乙甲", 2, 4)]
    assert find_phrases("丙甲乙甲", iter(["乙甲", "甲乙"])) == [("乙甲", 2, 4)]


def test_find_phrases_with_an_absent_phrase_before_a_present_one():
    assert find_phrases("丙丁", ["甲乙", "丙丁"]) == [("丙丁", 0, 2)]
    assert find_phrases("丙丁", ["", "丙丁"]) == [("丙丁", 0, 2)]


def test_sorted_phrases_longest_first_once_each_in_given_order():
    assert _sorted_phrases(("甲", "乙丙", "甲", "丁", "戊己庚")) == ("戊己庚", "乙丙", "甲", "丁")


def test_char_pairs():
    assert char_pairs("甲乙，丙1") == {"甲乙", "乙丙", "丙1"}
    assert char_pairs("甲") == set()
    assert char_pairs("") == set()
    assert char_pairs("甲乙丙") == {"甲乙", "乙丙"}


def test_containment():
    assert containment("甲乙丙", "乙丙丁") == 0.5
    assert containment("甲乙丙丁", "甲乙") == pytest.approx(1 / 3)
    assert containment("，", "甲乙") == 0.0
    assert containment("甲乙", "丙丁") == 0.0
    assert containment("甲乙", "甲乙丙") == 1.0


def test_first_sentence():
    assert first_sentence("甲乙。丙") == "甲乙"
    assert first_sentence("甲乙") == "甲乙"
    assert first_sentence("甲；乙！丙") == "甲"
    assert first_sentence("甲乙\n丙") == "甲乙"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一是加强学习", "加强学习"),
        ("（三）抓落实", "抓落实"),
        ("(12)抓落实", "抓落实"),
        ("3、抓落实", "抓落实"),
        ("4.抓落实", "抓落实"),
        ("5．抓落实", "抓落实"),
        ("十一、抓落实", "抓落实"),
        ("  二是 抓落实", "抓落实"),
        ("抓落实一是", "抓落实一是"),
        ("三是加强，四是改进", "加强，四是改进"),
    ],
)
def test_strip_numbering(text, expected):
    assert strip_numbering(text) == expected


def test_line_and_column():
    text = "甲乙\n丙丁\n戊"
    assert line_and_column(text, 0) == (1, 1)
    assert line_and_column(text, 2) == (1, 3)
    assert line_and_column(text, 4) == (2, 2)
    assert line_and_column(text, 6) == (3, 1)
    assert line_and_column("\n甲", 1) == (2, 1)


def _quoted(line: str, phrase: str = "工作太拼") -> bool:
    at = line.index(phrase)
    return inside_quotes(line, at, at + len(phrase))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("意见多是工作太拼一类", False),
        ("意见多是“工作太拼”一类", True),
        ("“甲”工作太拼", False),
        ("见「工作太拼」", True),
        ("见‘工作太拼’", True),
        ('说"工作太拼"', True),
        ('说"工作太拼', False),
        ('"甲"工作太拼"', False),
        ('"甲"说"工作太拼"', True),
        ('说"工作太拼\n甲"', False),
        ('说"工作太拼\n甲"\n乙', False),
        ("“工作太拼”\n甲", True),
        ("甲\n“乙\n工作太拼”", False),
        ("甲”“乙”工作太拼", False),
        ("“甲\n工作太拼”", False),
        ("甲\n“工作太拼”", True),
        ('甲\n说"工作太拼"', True),
    ],
)
def test_inside_quotes(text, expected):
    assert _quoted(text) is expected
