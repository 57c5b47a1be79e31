"""Exact results of the political-term checks (review/terms.py): the [[terms]] entries and the
typos of fixed formulas, each boundary pinned by a short text written here."""

from __future__ import annotations

import pytest

from duizhao.model import Finding, Material
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext
from duizhao.review.terms import _exact_spans, _near, _phrase_ends, _positions, formula_typos, wrong_term

RULE_ID = "terms.wrong_term"


def _config() -> ReviewConfig:
    return load_review_config()


def _typos(text: str, rule: dict | None = None) -> list[tuple[str, str, int, int, int]]:
    config = _config()
    found = formula_typos(text, config.phrases["formulas"], rule or config.rule(RULE_ID))
    return [(text[s:e], formula, distance, s, e) for s, e, formula, distance in found]


def _findings(text: str) -> list[Finding]:
    return list(wrong_term(ReviewContext(Material(text=text, title=None), None, _config())))


def test_a_term_entry_gives_its_message_span_and_right_form():
    (finding,) = _findings("二个维护要牢记。")
    assert finding == Finding(
        RULE_ID, "error", "“二个维护”的表述不准确，规范表述是：“两个维护”。", 0, 4, {"right": "“两个维护”"}
    )


def test_a_term_entry_with_a_reason_says_it():
    (finding,) = _findings("要做到两个确立。")
    right = "深刻领悟“两个确立”的决定性意义（“两个确立”讲领悟，“两个维护”讲做到）"
    assert finding == Finding(
        RULE_ID,
        "error",
        f"“做到两个确立”的表述不准确，规范表述是：{right}。“两个确立”与“两个维护”混用了。",
        1,
        7,
        {"right": right},
    )


def test_a_formula_typo_gives_the_typo_message_and_distance():
    (finding,) = _findings("抓好党风廉建设。")
    assert finding == Finding(
        RULE_ID,
        "error",
        "“党风廉建设”与规范表述“党风廉政建设”只差一个字，可能是错别字。请改为：党风廉政建设。",
        2,
        7,
        {"right": "党风廉政建设", "distance": 1},
    )


def test_a_typo_right_after_a_term_entry_is_still_reported():
    found = _findings("二个维护党风廉建设。")
    assert [(f.start, f.end, f.data["right"]) for f in found] == [
        (0, 4, "“两个维护”"),
        (4, 9, "党风廉政建设"),
    ]


def test_a_typo_right_before_a_term_entry_is_still_reported():
    found = _findings("党风廉建设二个维护。")
    assert [(f.start, f.end, f.data["right"]) for f in found] == [(5, 9, "“两个维护”"), (0, 5, "党风廉政建设")]


def test_a_typo_after_one_the_term_entries_took_is_still_reported():
    found = _findings("坚持党风廉正建设，党风廉建设。")
    assert [(f.start, f.end, f.data) for f in found] == [
        (2, 8, {"right": "党风廉政建设"}),
        (9, 14, {"right": "党风廉政建设", "distance": 1}),
    ]


def test_rules_without_terms_reasons_or_formulas():
    config = _config()
    data = {key: value for key, value in config.data.items() if key != "terms"}
    ctx = ReviewContext(Material(text="二个维护，党风廉建设。"), None, ReviewConfig(data, config.phrases))
    assert [(f.start, f.end) for f in wrong_term(ctx)] == [(5, 10)]
    data = {**config.data, "terms": [{"wrong": "二个维护", "right": "“两个维护”"}]}
    phrases = {key: value for key, value in config.phrases.items() if key != "formulas"}
    ctx = ReviewContext(Material(text="二个维护，党风廉建设。"), None, ReviewConfig(data, phrases))
    assert list(wrong_term(ctx)) == [
        Finding(RULE_ID, "error", "“二个维护”的表述不准确，规范表述是：“两个维护”。", 0, 4, {"right": "“两个维护”"})
    ]


def test_a_term_entry_and_the_typo_check_report_one_span_once():
    found = _findings("坚持党风廉正建设。")  # an entry of [[terms]] and one letter from a formula
    assert [(f.start, f.end, "distance" in f.data) for f in found] == [(2, 8, False)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a wrong letter, then a missing one, then an extra one
        ("坚持党风廉正建设", [("党风廉正建设", "党风廉政建设", 1, 2, 8)]),
        ("党风廉建设。", [("党风廉建设", "党风廉政建设", 1, 0, 5)]),
        ("党风风廉政建设。", [("党风风廉政建设", "党风廉政建设", 1, 0, 7)]),
        # found from the last letters only: the first three are not intact
        ("党廉政建设。", [("党廉政建设", "党风廉政建设", 1, 0, 5)]),
        ("党凤廉政建设。", [("党凤廉政建设", "党风廉政建设", 1, 0, 6)]),
        ("以人名为中心的发展思想，", [("以人名为中心的发展思想", "以人民为中心的发展思想", 1, 0, 11)]),
        # a wrong first letter: at the start, after punctuation or a particle, not after a letter
        ("觉风廉政建设要持续抓", [("觉风廉政建设", "党风廉政建设", 1, 0, 6)]),
        ("，觉风廉政建设。", [("觉风廉政建设", "党风廉政建设", 1, 1, 7)]),
        ("重在觉风廉政建设。", [("觉风廉政建设", "党风廉政建设", 1, 2, 8)]),
        ("坚持觉风廉政建设。", []),
        ("抓觉风廉政建设。", []),
        ("在抓觉风廉政建设。", []),  # the letter before counts, not the one before that
        ("抓，觉风廉政建设。", [("觉风廉政建设", "党风廉政建设", 1, 2, 8)]),
        ("坚持觉的政治建设。", []),  # the letter after the typo is no particle that lets it in
        # a run that stops short is another phrase; punctuation only where the formula has it
        ("落实意识形态工作责任。", []),
        ("形式主义、官僚主、", []),
        ("、式主义、官僚主义", []),
        # of two overlapping runs one letter off: fewer letters added or missing first, then the
        # earlier start (each found by a random search against the sort key's mutants)
        ("坚持中国特我色社会主义义核心价值观。", [("社会主义义核心价值观", "社会主义核心价值观", 1, 7, 17)]),
        (
            "坚持坚和加强党的全面领导马思主义中国化时代化。",
            [
                ("坚持坚和加强党的全面领导", "坚持和加强党的全面领导", 1, 0, 12),
                ("马思主义中国化时代化", "马克思主义中国化时代化", 1, 12, 22),
            ],
        ),
        # of two formulas one letter off, the longer one
        ("坚持中国特色社会注义制度。", [("中国特色社会注义制度", "中国特色社会主义制度", 1, 2, 12)]),
        # a wrong last letter: before a particle or the end, not before a letter
        ("党风廉政建没的", [("党风廉政建没", "党风廉政建设", 1, 0, 6)]),
        ("党风廉政建没", [("党风廉政建没", "党风廉政建设", 1, 0, 6)]),
        ("党风廉政建没要抓", []),
        # too far from the formula, and starting before the text
        ("凤廉政建设。", []),
        # next to the right formula, and next to another typo: both kept, in text order
        ("党风廉政建设党风廉正建设。", [("党风廉正建设", "党风廉政建设", 1, 6, 12)]),
        ("党风廉正建设党风廉政建设。", [("党风廉正建设", "党风廉政建设", 1, 0, 6)]),
        (
            "党风廉正建设党风廉正建设。",
            [("党风廉正建设", "党风廉政建设", 1, 0, 6), ("党风廉正建设", "党风廉政建设", 1, 6, 12)],
        ),
        (
            "党风廉建设党风廉政建没。",
            [("党风廉建设", "党风廉政建设", 1, 0, 5), ("党风廉政建没", "党风廉政建设", 1, 5, 11)],
        ),
    ],
)
def test_formula_typos_exactly(text, expected):
    assert _typos(text) == expected


def test_a_rule_without_allowed_variants_or_particles():
    rule = {k: v for k, v in _config().rule(RULE_ID).items() if k not in ("allowed", "particles")}
    # 全面从严治警 is an allowed variant only when the rule lists it; 的 a particle only likewise
    assert _typos("全面从严治警，党风廉政建没的", rule) == [("全面从严治警", "全面从严治党", 1, 0, 6)]
    assert _typos("全面从严治警，党风廉政建没的") == [("党风廉政建没", "党风廉政建设", 1, 7, 13)]


def test_exact_spans_overlap_and_repeat():
    assert _exact_spans("甲乙甲乙乙甲乙", ("甲乙", "乙乙")) == [(0, 2), (2, 4), (5, 7), (3, 5)]
    assert _exact_spans("乙乙乙", ("乙乙",)) == [(0, 2), (1, 3)]
    assert _exact_spans("甲丙", ("乙",)) == []


def test_positions_take_the_part_literally():
    assert _positions("党风党风党", "党风") == [0, 2]
    assert _positions("甲.乙", ".") == [1]


def test_near_gives_each_window_once_with_its_distance():
    assert _near("坚持党风廉正建设。", "党风廉政建设", 3, 1, "") == [(2, 8, 1)]
    assert _near("坚持党风廉政建设。", "党风廉政建设", 3, 1, "") == [(2, 8, 0)]
    assert sorted(_near("党风廉建设。", "党风廉政建设", 3, 1, "")) == [(0, 5, 1)]


def test_phrase_ends():
    assert _phrase_ends("甲乙", 2, "") is True
    assert _phrase_ends("甲乙", 1, "") is False
    assert _phrase_ends("甲乙", 1, "乙") is True
    assert _phrase_ends("甲，", 1, "") is True
