"""The measure rules pinned to exact values (found by mutation testing, docs/testing.md): where a
finding is anchored, what its message says, and the helpers that compare measures with problems."""

from __future__ import annotations

from duizhao.model import Measure, MeasureItem
from duizhao.review import review_material
from duizhao.review.measures import _measure_text, _runs, _shares_pairs, _short

PROBLEMS = [f"{n}是水库巡查记录有3次漏签，汛期前2座闸门未检修。" for n in "一二三四五六"]


def with_measures(builder, measures, *, section: bool = True):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.section("problems", "一、存在的问题")
    for text in PROBLEMS:
        b.problem(None, text)
    if section:
        b.section("measures", "三、整改措施")
    for text in measures:
        b.measure(text)
    return b


def test_too_few_is_anchored_at_the_measures_heading_and_names_the_counts(builder):
    b = with_measures(builder, ["由办公室牵头，6月底前修订巡查制度。", "由工程股负责，5月前检修闸门。"])
    (found,) = review_material(b.build()).by_rule("measures.too_few")
    assert b.text[found.start : found.end] == "三、整改措施"
    assert found.message.startswith("6 个问题只对应 2 条整改措施。")
    assert found.data == {"problems": 6, "measures": 2, "counted": 2}


def test_too_few_without_a_measures_section_is_anchored_at_the_title(builder):
    b = with_measures(builder, ["由办公室牵头，6月底前修订巡查制度。"], section=False)
    (found,) = review_material(b.build()).by_rule("measures.too_few")
    assert b.text[found.start : found.end] == "柳溪县水利局党组班子对照检查材料"


def test_too_few_counts_numbered_items_and_says_so(builder):
    b = with_measures(builder, ["由办公室牵头整改：1.6月底前修订巡查制度；2.5月前检修闸门。"])
    measure = b.material.measures[0]
    at = measure.text.index("1.")
    measure.items = [MeasureItem("1.6月底前修订巡查制度；", measure.start + at, measure.start + at + 13)]
    measure.items.append(MeasureItem("2.5月前检修闸门。", measure.start + at + 13, measure.end))
    (found,) = review_material(b.build()).by_rule("measures.too_few")
    assert found.message.startswith("6 个问题只对应 1 条整改措施（分项合计 2 条）。")
    assert found.data == {"problems": 6, "measures": 1, "counted": 2}


def test_items_count_towards_the_ratio(builder):
    b = with_measures(builder, ["由办公室牵头整改，逐项落实。"])
    measure = b.material.measures[0]
    measure.items = [MeasureItem(f"{n}.6月底前完成第{n}项。", measure.start, measure.end) for n in range(1, 4)]
    assert review_material(b.build()).by_rule("measures.too_few") == []  # 3 items for 6 problems: 0.5


def test_measure_text_adds_only_the_items_not_in_its_text():
    measure = Measure("加强巡查。", 0, 5, items=[MeasureItem("加强巡查", 0, 4), MeasureItem("甲", 5, 6)])
    measure.items.append(MeasureItem("乙", 6, 7))
    assert _measure_text(measure) == "加强巡查。甲乙"


def test_an_item_outside_the_measure_text_can_make_it_checkable(builder):
    b = with_measures(builder, ["加强巡查管理。"])
    measure = b.material.measures[0]
    measure.items = [MeasureItem("由办公室牵头，6月底前修订巡查制度。", measure.end, measure.end)]
    assert review_material(b.build()).by_rule("measures.vague") == []
    measure.items = []
    assert len(review_material(b.build()).by_rule("measures.vague")) == 1


def test_short_keeps_24_letters_and_marks_a_cut():
    assert _short("甲" * 24) == "甲" * 24
    assert _short("甲" * 25) == "甲" * 24 + "……"
    assert _short("甲乙丙", limit=2) == "甲乙……"


def test_runs_are_of_chinese_letters_only():
    assert _runs("甲1乙丙a丁，戊") == {"甲乙丙丁", "乙丙丁戊"}
    assert _runs("甲乙丙", 2) == {"甲乙", "乙丙"}
    assert _runs("甲乙丙") == set()


PAIRS = {"a": {"外出", "出报", "报告", "工作"}, "b": {"工作", "学习"}}
MEASURE_PAIRS = {"外出", "出报", "工作", "学习"}


def test_shares_pairs_on_each_side_of_min_shared_pairs():
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, {"min_shared_pairs": 2}) is True
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, {"min_shared_pairs": 3}) is False
    assert _shares_pairs("b", PAIRS, MEASURE_PAIRS, {"min_shared_pairs": 1}) is True  # 学习: b's own


def test_shares_pairs_drops_common_pairs_and_pairs_with_function_letters():
    rule = {"min_shared_pairs": 2, "common_pairs": ["外出"]}
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, rule) is False
    rule = {"min_shared_pairs": 1, "function_letters": "出"}
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, rule) is False
    rule = {"min_shared_pairs": 1, "function_letters": "甲", "common_pairs": ["外出"]}
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, rule) is True


def test_shares_pairs_is_off_without_its_threshold():
    assert _shares_pairs("a", PAIRS, MEASURE_PAIRS, {}) is False


def test_too_few_with_no_measure_at_all_says_none_was_found(builder):
    b = with_measures(builder, [])
    (found,) = review_material(b.build()).by_rule("measures.too_few")
    assert found.message.startswith("查摆了 6 个问题，但没有找到整改措施。")
    assert found.severity == "warning"
    assert found.data == {"problems": 6, "measures": 0, "counted": 0}
    assert b.text[found.start : found.end] == "三、整改措施"
