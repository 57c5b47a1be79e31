"""Specificity (见人见事) pinned to exact markers and scores (found by mutation testing,
docs/testing.md): the weights and penalties of data/review/rules.toml, a studied document, and an
“例如” that gives no example."""

from __future__ import annotations

import pytest

from duizhao.review.config import load_review_config
from duizhao.review.specificity import find_markers, score_text


def markers(text: str) -> list[tuple[str, str]]:
    return [(m["kind"], m["text"]) for m in score_text(text, load_review_config())["markers"]]


def score(text: str) -> int:
    return score_text(text, load_review_config())["score"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("例如，学习不够深入。", []),  # the stock phrase ends the sentence
        ("例如，比如学习不够深入。", []),  # another example word is no example either
        ("例如学习不够深入，会上照读文件。", []),  # the stock phrase starts right after 例如
        ("例如，学习不够深入。3月开展2次研讨。", [("date", "3月"), ("number", "2次")]),  # the next sentence is another
        ("例如3次会议推迟。", [("case", "例如"), ("number", "3次")]),  # no stock phrase: the case stays
        ("例如3次会议学习不够深入。", [("case", "例如"), ("number", "3次")]),  # a marker right after 例如
    ],
)
def test_an_example_word_without_an_example_is_dropped(text, expected):
    assert markers(text) == expected


def test_scores_add_the_weights_of_each_kind_and_the_extra_markers():
    config = load_review_config()
    weights = config.data["specificity"]["weights"]
    assert score("例如3次会议推迟。") == weights["case"] + weights["number"] == 65
    # two numbers: the second adds per_extra_marker
    assert (
        score("今年有3次会议推迟，2次会议缺席。") == weights["number"] + config.data["specificity"]["per_extra_marker"]
    )


def test_stock_phrases_cost_points_up_to_a_cap():
    assert score("例如3次会议学习不够深入。") == 65 - 15
    assert score("例如3次会议学习不够深入，不够扎实，有待加强，流于形式。") == 65 - 45  # 4 phrases, capped at 45
    assert score("学习不够深入。") == 0  # never below 0


def test_a_document_studied_is_a_weak_marker_and_one_applied_is_an_example():
    applied = score_text("一是执行《柳溪县河道巡查办法》不严。", load_review_config())
    assert [(m["kind"], m["start"]) for m in applied["markers"]] == [("document", 4)]
    assert applied["concrete"] is True and applied["score"] == 30
    studied = score_text("一是学习《柳溪县河道巡查办法》的体会不多。", load_review_config())
    assert [m["kind"] for m in studied["markers"]] == ["studied_document"]
    assert studied["concrete"] is False and studied["score"] == 10


@pytest.mark.parametrize(
    "text",
    [
        "学《柳溪县河道巡查办法》不深。",
        "对《柳溪县河道巡查办法》的学习不深。",
        "《柳溪县河道巡查办法》第三章的理解有偏差。",
    ],
)
def test_studied_before_or_after_the_title(text):
    assert [m["kind"] for m in find_markers(text, load_review_config())] == ["studied_document"]


def test_studied_words_far_from_the_title_do_not_count():
    text = "学习时间不足，按《柳溪县河道巡查办法》处罚3起，事后补充了相关的学习。"
    assert "document" in [m["kind"] for m in find_markers(text, load_review_config())]


def test_the_score_is_capped_at_100_before_the_penalty():
    text = "例如2023年3月按《柳溪县河道巡查办法》处罚3起，学习不够深入。"  # 35 + 25 + 5 + 30 + 30 = 125
    assert score(text) == 100 - 15


def test_scores_per_problem_and_for_the_material(builder):
    from duizhao.review import review_material

    b = builder("青石县自然资源局党组班子2023年民主生活会对照检查材料", year=2023, unit="青石县自然资源局")
    b.section("problems", "一、存在的问题")
    b.problem("work_style", "一是例如3次会议推迟。")
    b.problem(None, "二是执行《柳溪县河道巡查办法》不严。", aspect="自定方面")
    b.problem(None, "三是学习不够深入。")
    material = b.build()
    result = review_material(material, "dsh-2023")
    scores = result.scores["specificity"]
    assert scores["material"] == round((65 + 30 + 0) / 3) == 32
    first, second, third = scores["problems"]
    assert {k: first[k] for k in ("index", "aspect", "summary", "start", "end", "score", "concrete", "unfilled")} == {
        "index": 0,
        "aspect": "工作作风",
        "summary": "例如3次会议推迟",
        "start": material.problems[0].start,
        "end": material.problems[0].end,
        "score": 65,
        "concrete": True,
        "unfilled": False,
    }
    assert (second["index"], second["aspect"], second["score"]) == (1, "自定方面", 30)
    assert (third["aspect"], third["summary"], third["generic"][0]["text"]) == (None, "学习不够深入", "学习不够深入")
    (no_example,) = result.by_rule("specificity.no_example")
    assert no_example.data == {"score": 0, "markers": []}
    assert material.text[no_example.start : no_example.end] == "三是学习不够深入"


def test_generic_phrase_names_each_stock_phrase_once_and_the_score(builder):
    from duizhao.review import review_material

    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    b.problem(None, "一是3月有2次会议学习不够深入，有待加强，学习不够深入。")
    material = b.build()
    (found,) = review_material(material).by_rule("specificity.generic_phrase")
    assert material.text[found.start : found.end] == "学习不够深入"
    assert found.message.startswith(
        "这个问题用了年年都出现的套话（学习不够深入、有待加强），见事不足（具体度 10 分）。"
    )
    assert found.data == {"score": 10, "phrases": ["学习不够深入", "有待加强", "学习不够深入"]}


def kinds_at(text: str) -> list[tuple[str, str, int, int]]:
    return [(m["kind"], m["text"], m["start"], m["end"]) for m in find_markers(text, load_review_config())]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("在农村，柳溪村", [("place", "柳溪村", 4, 7)]),  # a generic place before a named one
        ("各股室，执法大队", [("unit", "执法大队", 4, 8)]),  # a generic unit before a named one
        ("大学本科，执法大队", [("unit", "执法大队", 5, 9)]),
        ("报告中3处提出了整改要求", [("number", "3处", 3, 5)]),  # only what the report says is masked
        ("落实两个维护有3次推迟", [("number", "3次", 7, 9)]),  # a formula is masked in place
        ("有一次会议推迟，3次缺席", [("number", "3次", 8, 10)]),  # an ignored count before a real one
        ("作为一个部门", []),
        ("学习3次", [("number", "3次", 2, 4)]),  # only a document can be "studied"
        ("3月办公设备采购时没有比价", [("date", "3月", 0, 2)]),  # words are read only without a marker
        ("今年以来采购时没有比价", [("weak_case", "今年以来", 0, 4), ("event", "采购", 4, 6)]),
        ("设备采购今年以来没有比价", [("event", "采购", 2, 4), ("weak_case", "今年以来", 4, 8)]),
        ("今年以来，办公设备采购时没有比价", [("weak_case", "今年以来", 0, 4), ("event", "采购", 9, 11)]),
    ],
)
def test_markers_found_exactly(text, expected):
    assert kinds_at(text) == expected


def test_place_and_unit_names():
    from duizhao.review.specificity import _named_place, _named_unit

    patterns = load_review_config().data["specificity"]["markers"]
    assert _named_place("柳溪村", patterns)
    assert _named_place("溪村", patterns)
    assert _named_place("柳溪", patterns)  # no place word at the end: the name is all of it
    assert not _named_place("村", patterns)
    assert not _named_place("下村", patterns)
    assert not _named_place("农村", patterns)
    assert _named_place("下村", {"generic_places": []})  # rules without place_not_after
    assert _named_unit("执法大队", patterns)
    assert _named_unit("甲股", patterns)
    assert not _named_unit("大队", patterns)
    assert not _named_unit("各股室", patterns)
    assert not _named_unit("在科", patterns)
    assert _named_unit("在科", {})  # rules without generic_unit_words and unit_not_after


def test_rules_without_quoted_numbers_still_find_markers():
    import copy

    from duizhao.review.config import ReviewConfig

    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    del data["specificity"]["markers"]["quoted_numbers"]
    found = find_markers("党的二十大以来有3次会议推迟", ReviewConfig(data, dict(shipped.phrases)))
    assert [(m["kind"], m["text"]) for m in found] == [("number", "3次")]
