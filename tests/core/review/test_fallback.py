"""No problems section found: enumerated items that read as problems are reviewed as problems,
and the notes say which checks could not run and why (texts written here, fictional units)."""

from __future__ import annotations

from duizhao.review import review_material
from duizhao.review.config import load_review_config
from duizhao.review.fallback import enumerated_items, problem_items

RUN_ON = (
    "会上，班子对照要求作了剖析。一是理论学习不够深入，学用结合不够紧密；"
    "二是办公设备采购时没有比价，由供应商报价后就签了合同；三是要加强作风建设，坚持从严要求。"
)


def test_items_inside_a_paragraph_and_at_line_starts():
    text = RUN_ON + "\n（一）在理论学习方面\n1、调查研究不够经常，去年下乡只有2次。\n"
    spans = [text[s:e] for s, e in enumerated_items(text)]
    assert spans[0].startswith("一是理论学习") and spans[1].startswith("二是办公设备") and spans[2].startswith("三是要")
    assert "1、调查研究不够经常，去年下乡只有2次。" in spans
    items = [p.text for p in problem_items(text, load_review_config())]
    assert [i[:2] for i in items] == ["一是", "二是", "1、"]  # the measure (三是要…) and the heading are not problems


def test_problem_checks_run_on_enumerated_items(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.line(RUN_ON)
    material = b.build()
    assert material.problems == []
    result = review_material(material)
    assert result.counts["problems"] == 2 and result.counts["problems_from"] == "enumeration"
    flagged = [material.text[f.start : f.end] for f in result.by_rule("specificity.no_example")]
    assert flagged == ["一是理论学习不够深入，学用结合不够紧密"]
    assert not result.by_rule("measures.too_few") and not result.by_rule("coverage.carryover_missing")
    note = result.notes[-1]
    assert "2 个读起来像问题的列举条目" in note and "measures.too_few" in note and "未能进行的检查" in note
    assert material.problems == []  # the caller's material is left as parsed


def test_one_item_alone_is_no_list_of_problems(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.line("会上作了剖析。一是理论学习不够深入，学用结合不够紧密。")
    result = review_material(b.build())
    assert result.counts["problems"] == 0 and not result.by_rule("specificity.no_example")
    assert "问题相关的检查未能进行" in result.notes[-1]


def test_a_speech_is_not_read_for_problems(builder):
    b = builder("县委督导组在柳溪县水利局民主生活会上的点评讲话", unit="柳溪县水利局")
    b.line(RUN_ON)
    result = review_material(b.build())
    assert result.counts["problems"] == 0 and not result.by_rule("specificity.no_example")


def test_min_letters_on_each_side():
    config = load_review_config()
    minimum = config.data["fallback"]["min_letters"]
    short = "一是" + "学习不够" + "甲" * (minimum - 5) + "；"  # minimum - 1 letters after the number
    exact = "一是" + "学习不够" + "甲" * (minimum - 4) + "；"
    text = f"会上剖析。{short}{exact}二是调研不够深入，下乡次数偏少。"
    found = [p.text for p in problem_items(text, config)]
    assert exact in found and short not in found


ITEMS_TEXT = "会上剖析。一是要加强学习，坚持读原文；二是学习不够深入，会上照读文件。  \n三是调研不够经常，下乡次数偏少\n会后没有跟进\n"


def test_item_spans_end_at_the_next_item_or_the_end_of_their_line():
    spans = [ITEMS_TEXT[s:e] for s, e in enumerated_items(ITEMS_TEXT)]
    assert spans == [
        "一是要加强学习，坚持读原文；",
        "二是学习不够深入，会上照读文件。  ",
        "三是调研不够经常，下乡次数偏少",
    ]


def test_problem_items_exactly_after_a_measure_item():
    found = [(p.text, p.start, p.end, p.summary) for p in problem_items(ITEMS_TEXT, load_review_config())]
    assert found == [
        ("二是学习不够深入，会上照读文件。", 19, 35, "学习不够深入，会上照读文件"),
        ("三是调研不够经常，下乡次数偏少", 38, 53, "调研不够经常，下乡次数偏少"),
    ]


def test_a_measure_item_naming_a_fault_is_skipped_and_the_next_items_read():
    text = "会上剖析。一是要加强学习，改变学习不够深入的状况；二是学习不够深入，会上照读文件。\n三是调研不够经常，下乡次数偏少\n"
    found = [(p.start, p.end) for p in problem_items(text, load_review_config())]
    assert found == [(25, 41), (42, 57)]
