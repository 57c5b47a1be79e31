"""The measure rules pinned to exact values (found by mutation testing, docs/testing.md): where a
finding is anchored, what its message says, and the helpers that compare measures with problems."""

from __future__ import annotations

from duizhao.model import Measure, MeasureItem
from duizhao.review import review_material
from duizhao.review.measures import _measure_text, _short

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


def shared_pairs_case(builder, min_shared_pairs: int):
    import copy

    from duizhao.review.config import ReviewConfig, load_review_config

    b = builder("青石县自然资源局党组班子2023年民主生活会对照检查材料", year=2023, unit="青石县自然资源局")
    b.section("problems", "一、存在的问题")
    b.problem("integrity", "一是外出前没有报告，2次私自离岗。")
    b.problem("work_style", "一是会风改进不明显，上半年发文增加18份。")
    b.section("measures", "三、整改措施")
    b.measure("由办公室牵头，6月底前整改会风文风等作风问题。")
    b.measure("由办公室负责，外出须报告，每月通报。")  # shares 外出 and 报告 with the integrity problem
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    if min_shared_pairs:
        data["rules"]["measures.aspect_unanswered"]["min_shared_pairs"] = min_shared_pairs
    else:  # a unit's rules written before the key: the pair check is off
        del data["rules"]["measures.aspect_unanswered"]["min_shared_pairs"]
    config = ReviewConfig(data, dict(shipped.phrases))
    return [
        f.data["aspect_id"]
        for f in review_material(b.build(), "dsh-2023", config=config).by_rule("measures.aspect_unanswered")
    ]


def test_aspect_answered_by_shared_pairs_on_each_side_of_min_shared_pairs(builder):
    assert shared_pairs_case(builder, 2) == []
    assert shared_pairs_case(builder, 3) == ["integrity"]
    assert shared_pairs_case(builder, 0) == ["integrity"]


def test_too_few_with_no_measure_at_all_says_none_was_found(builder):
    b = with_measures(builder, [])
    (found,) = review_material(b.build()).by_rule("measures.too_few")
    assert found.message.startswith("查摆了 6 个问题，但没有找到整改措施。")
    assert found.severity == "warning"
    assert found.data == {"problems": 6, "measures": 0, "counted": 0}
    assert b.text[found.start : found.end] == "三、整改措施"


def two_aspects(builder, integrity: str, work_style: str, measures, heading="三、整改措施"):
    b = builder("青石县自然资源局党组班子2023年民主生活会对照检查材料", year=2023, unit="青石县自然资源局")
    b.section("problems", "一、存在的问题")
    b.problem("integrity", integrity)
    b.problem("work_style", work_style)
    b.section("measures", heading)
    for text in measures:
        b.measure(text)
    return b, review_material(b.build(), "dsh-2023").by_rule("measures.aspect_unanswered")


INTEGRITY = "一是监督失之于宽，3月检测站2人接受宴请。"
WORK_STYLE = "一是会风改进不明显，上半年发文增加18份。"
STYLE_MEASURE = "由办公室牵头，6月底前整改会风文风等作风问题。"


def test_aspect_unanswered_names_the_aspect_at_the_measures_heading(builder):
    b, found = two_aspects(builder, INTEGRITY, WORK_STYLE, [STYLE_MEASURE])
    (finding,) = found
    assert b.text[finding.start : finding.end] == "三、整改措施"
    assert finding.message.startswith(
        "“廉洁自律”方面查摆了 1 个问题（如“监督失之于宽，3月检测站2人接受宴请”），但没有一条整改措施回应这一方面。"
    )
    assert finding.data == {"aspect_id": "integrity", "problems": 1}


def test_aspect_unanswered_without_a_heading_points_at_the_first_measure(builder):
    measures = [STYLE_MEASURE, "分管副局长每周调度，年内发文压减20%。"]
    b, found = two_aspects(builder, INTEGRITY, WORK_STYLE, measures, heading="")
    (finding,) = found
    assert b.text[finding.start : finding.end] == "由办公室牵头，6月底前整改会风文风等作风问题"


def test_a_run_only_this_aspect_uses_answers_it_even_when_its_pairs_are_shared(builder):
    integrity = "一是稻渔共生基地的补贴发放失之于宽，2户多领。"
    work_style = "一是作风不实，稻渔基地、渔共社、共生园3处检查走过场。"  # the pairs, not the run
    _, found = two_aspects(builder, integrity, work_style, ["由农技站负责，6月底前完成稻渔共生作风整改。"])
    assert found == []
    _, found = two_aspects(builder, integrity, work_style, ["由农技站负责，6月底前完成作风整改。"])
    assert [f.data["aspect_id"] for f in found] == ["integrity"]


def test_a_regular_schedule_makes_a_deadline_checkable_unless_the_rules_lack_it(builder):
    import copy

    from duizhao.review.config import ReviewConfig, load_review_config

    b = with_measures(builder, ["每月底前进一步提高巡查质量。"])
    assert review_material(b.build()).by_rule("measures.vague") == []
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    del data["measures"]["periodic"]  # a unit's own rules written before the key
    (found,) = review_material(b.build(), config=ReviewConfig(data, dict(shipped.phrases))).by_rule("measures.vague")
    assert found.data == {"deadline_only": True}
    assert "只有时限（“每月”）" in found.message


def test_deadline_only_message_falls_back_to_the_vague_message(builder):
    import copy

    from duizhao.review.config import ReviewConfig, load_review_config

    b = with_measures(builder, ["年底前进一步提高巡查质量。"])
    (found,) = review_material(b.build()).by_rule("measures.vague")
    assert found.message.startswith("这条整改措施只有时限（“年底”），没有写要做成什么")
    shipped = load_review_config()
    data = copy.deepcopy(shipped.data)
    del data["rules"]["measures.vague"]["message_deadline_only"]
    (found,) = review_material(b.build(), config=ReviewConfig(data, dict(shipped.phrases))).by_rule("measures.vague")
    assert found.message == data["rules"]["measures.vague"]["message"]
    assert found.data == {"deadline_only": True}
