"""Exact results of the derived views every review rule reads (review/context.py): the title
line, the kind and year, last year's rectification, unfilled elements and aspects."""

from __future__ import annotations

import pytest

from duizhao.model import Aspect, Framework, Material, Measure, Placeholder, Problem, Section
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext

LOYALTY = Aspect("loyalty", "带头强化政治忠诚、提高政治能力", "政治忠诚", ("忠诚",))
STUDY = Aspect("theory_study", "带头加强理论学习", "理论学习", ("学习研讨", "读书"))
FRAMEWORK = Framework("test-2030", 2030, "democratic_life", "annual", "2030年民主生活会", "", (LOYALTY, STUDY))


def _ctx(text: str, framework: Framework | None = None, config: ReviewConfig | None = None, **fields) -> ReviewContext:
    return ReviewContext(Material(text=text, **fields), framework, config or load_review_config())


def test_text_is_the_materials():
    assert _ctx("甲乙").text == "甲乙"


def test_title_span_is_the_first_non_empty_line():
    assert _ctx("  \n  标题行 甲\n正文").title_span == (5, 10)
    assert _ctx("").title_span == (0, 0)
    assert _ctx(" \n ").title_span == (0, 0)


def test_title_end():
    assert _ctx("某局班子对照检查材料\n正文").title_end == 10
    assert _ctx("为深入贯彻，某局\n正文").title_end == 0  # a sentence, not a title
    assert _ctx("为深入贯彻，某局\n正文", title="某局班子对照检查材料").title_end == 8
    assert _ctx("甲" * 60 + "\n正文").title_end == 60
    assert _ctx("甲" * 61 + "\n正文").title_end == 0


def test_head_span():
    ctx = _ctx("")
    assert ctx.head_span(5, "甲乙。丙") == (5, 7)
    assert ctx.head_span(5, "。甲") == (5, 6)
    assert ctx.head_span(5, "") == (5, 5)


@pytest.mark.parametrize(
    ("text", "kind", "title", "expected"),
    [
        ("甲", "team", "", True),
        ("某局领导班子对照检查材料\n", "personal", "", False),
        ("甲", "unknown", "某局领导班子对照检查材料", True),
        ("甲", "unknown", "某局领导班子成员对照检查材料", False),
        ("甲", "unknown", "某局领导班子个人对照检查材料", False),
        ("甲", "unknown", "张某对照检查材料", False),
        ("\n某局党组对照检查材料\n正文", "unknown", "", True),
        ("\n张某对照检查材料\n某局党组", "unknown", "", False),
    ],
)
def test_is_team(text, kind, title, expected):
    assert _ctx(text, kind=kind, title=title).is_team is expected


def test_own_year():
    assert _ctx("甲", title="2024年度某局班子对照检查材料", year=2025).own_year == 2025
    assert _ctx("甲", title="2024年度某局班子对照检查材料").own_year == 2024
    assert _ctx("甲", title="2023 年某局班子对照检查材料").own_year == 2023
    assert _ctx("某局2022年班子对照检查材料\n正文").own_year == 2022
    assert _ctx("甲", FRAMEWORK, title="某局班子对照检查材料").own_year == 2030
    assert _ctx("甲", title="某局班子对照检查材料").own_year is None


def test_carryover_sections_by_kind_by_heading_and_the_parsers_own():
    other = Section("other", "一、上年度整改落实情况", 10, 20)
    marked = Section("carryover", "（二）回头看", 20, 30)
    plain = Section("problems", "二、存在的问题", 30, 40)
    none = Section("other", None, 40, 50)  # type: ignore[arg-type]  # a parser may leave it out
    own = Section("carryover", "去年问题整改", 50, 60)
    ctx = _ctx("甲" * 60, sections=[other, marked, plain, none], carryover=own)
    assert ctx.carryover_sections == [other, marked, own]
    ctx = _ctx("甲" * 60, sections=[other, marked, plain], carryover=marked)
    assert ctx.carryover_sections == [other, marked]
    assert _ctx("甲" * 60, sections=[plain]).carryover_sections == []


def test_measures_inside_last_years_rectification_are_not_this_years():
    carry = Section("carryover", "一、上年度整改落实情况", 10, 20)
    at_start, inside, at_end, before = (Measure("甲", s, s + 1) for s in (10, 19, 20, 9))
    ctx = _ctx("甲" * 30, sections=[carry], measures=[before, at_start, inside, at_end])
    assert ctx.measures == [before, at_end]


def test_measures_section_is_the_first_not_about_last_year():
    carry = Section("measures", "三、上年度整改落实情况", 0, 10)
    first = Section("measures", "四、整改措施", 10, 20)
    second = Section("measures", "五、努力方向", 20, 30)
    assert _ctx("甲" * 30, sections=[carry, first, second]).measures_section is first
    assert _ctx("甲" * 30, sections=[carry]).measures_section is None


def _unfilled(line: str, *blanks: str, around: str = "") -> bool:
    text = around + line + around
    start = len(around)
    found = []
    for blank in blanks:
        at = text.index(blank)
        found.append(Placeholder(blank, at, at + len(blank)))
    ctx = _ctx(text, placeholders=found)
    return ctx.is_unfilled(Problem(line, start, start + len(line)))


@pytest.mark.parametrize(
    ("line", "blanks", "expected"),
    [
        ("（一）", (), True),
        ("一是", (), True),
        ("（一）。", (), True),
        ("（一）甲", (), False),
        ("（一）A", (), False),
        ("【待补】", ("【待补】",), True),
        ("（一）政治忠诚方面：【待补】", ("【待补】",), True),
        ("。。【待补】", ("【待补】",), True),
        ("甲" * 11 + "【待补】", ("【待补】",), True),
        ("甲" * 12 + "【待补】", ("【待补】",), False),
        ("（一）" + "甲" * 11 + "【待补】", ("【待补】",), True),
        ("甲乙。丙【待补】", ("【待补】",), False),
        ("甲乙；丙【待补】", ("【待补】",), False),
        ("甲乙;丙【待补】", ("【待补】",), False),
        ("甲乙丙。【待补】", ("【待补】",), True),
        ("甲。乙【待补】", ("【待补】",), False),
        ("甲乙丙。 【待补】", ("【待补】",), True),
        ("甲XX乙XX", ("XX",), True),
    ],
)
def test_is_unfilled(line, blanks, expected):
    assert _unfilled(line, *blanks) is expected


def test_a_placeholder_outside_the_element_does_not_count():
    text = "【待补】\n甲乙丙\n【待补】"
    ctx = _ctx(text, placeholders=[Placeholder("【待补】", 0, 4), Placeholder("【待补】", 9, 13)])
    assert ctx.is_unfilled(Problem("甲乙丙", 5, 8)) is False
    assert ctx.is_unfilled(Problem("【待补】", 0, 4)) is True
    assert ctx.is_unfilled(Problem("【待补】", 9, 13)) is True


def test_filled_problems_and_measures():
    text = "（一）【待补】\n一是理论学习不深入。\n（一）\n二是加强学习。"
    blank = Placeholder("【待补】", 3, 7)
    empty, full = Problem("（一）【待补】", 0, 7), Problem("一是理论学习不深入。", 8, 18)
    bare, measure = Measure("（一）", 19, 22), Measure("二是加强学习。", 23, 30)
    ctx = _ctx(text, placeholders=[blank], problems=[empty, full], measures=[bare, measure])
    assert ctx.filled_problems == [full]
    assert ctx.filled_measures == [measure]


def test_problem_summary():
    ctx = _ctx("")
    assert ctx.problem_summary(Problem("甲。乙", 0, 3, summary="一是理论学习不深入")) == "理论学习不深入"
    assert ctx.problem_summary(Problem("（二）调研不够。其次", 0, 10)) == "调研不够"


def test_aspect_of():
    ctx = _ctx("", FRAMEWORK)
    assert ctx.aspect_of(Problem("甲", 0, 1, "theory_study", "政治忠诚")) is STUDY
    assert ctx.aspect_of(Problem("甲", 0, 1, "nowhere", "政治忠诚")) is LOYALTY
    assert ctx.aspect_of(Problem("甲", 0, 1, None, "带头加强理论学习")) is STUDY
    assert ctx.aspect_of(Problem("甲", 0, 1, None, "读书")) is STUDY
    assert ctx.aspect_of(Problem("甲", 0, 1, None, "忠诚")) is LOYALTY
    assert ctx.aspect_of(Problem("甲", 0, 1, None, "作风")) is None
    assert ctx.aspect_of(Problem("甲", 0, 1, None, None)) is None
    assert ctx.aspect_of(Problem("甲", 0, 1, None, "")) is None
    assert _ctx("").aspect_of(Problem("甲", 0, 1, "theory_study", "理论学习")) is None


def test_aspect_keywords_name_aliases_then_the_rules_own_once_each():
    ctx = _ctx("", FRAMEWORK)
    extra = tuple(load_review_config().data["aspect_keywords"]["theory_study"])
    expected = tuple(dict.fromkeys(("理论学习", "学习研讨", "读书", *extra)))
    assert extra[0] == "理论学习" and "学习研讨" in extra  # so the dropping of repeats is seen
    assert ctx.aspect_keywords(STUDY) == expected
    assert len(expected) == len(extra) + 1
    assert ctx.aspect_keywords(LOYALTY) == ("政治忠诚", "忠诚")
    assert ctx.aspect_keywords(STUDY) is ctx.aspect_keywords(STUDY)
    assert ctx._keywords == {"theory_study": expected, "loyalty": ("政治忠诚", "忠诚")}


def test_aspect_keywords_without_the_rules_list():
    config = load_review_config()
    data = {k: v for k, v in config.data.items() if k != "aspect_keywords"}
    ctx = _ctx("", FRAMEWORK, ReviewConfig(data, config.phrases))
    assert ctx.aspect_keywords(STUDY) == ("理论学习", "学习研讨", "读书")
