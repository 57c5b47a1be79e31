"""Coverage rules with exact anchors, messages and data (texts written here, fictional units),
one test on each side of every condition the mutation run found unpinned."""

from __future__ import annotations

import copy

from duizhao.frameworks import get_framework
from duizhao.model import Count, Section
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext
from duizhao.review.coverage import (
    _aspect_heading_span,
    _last_count_word,
    _letters,
    _preamble_end,
    aspect_missing,
    carryover_missing,
    count_placeholder,
    problem_and_cause_share,
    problem_misplaced,
    problem_share,
)

CONFIG = load_review_config()
FRAMEWORK = get_framework("dsh-2023")
TITLE = "柳溪县水利局党组班子2023年主题教育专题民主生活会对照检查材料"


def own_copy() -> ReviewConfig:
    """A copy of the shipped rules to change (the shipped config is cached and shared)."""
    return ReviewConfig(copy.deepcopy(CONFIG.data), dict(CONFIG.phrases))


def context(material, framework=FRAMEWORK, config=CONFIG):
    return ReviewContext(material, framework, config)


def spans(material, findings):
    return [material.text[f.start : f.end] for f in findings]


# ------------------------------------------------------------------ aspect missing


def test_aspect_missing_points_at_the_aspect_heading_or_the_title(builder):
    b = builder(TITLE, year=2023)
    b.line("（二）政治素质方面")
    b.problem("theory_study", "一是学用脱节。中心组12次学习有4次只传达文件。")
    b.problem(None, "二是调研不深。只走访了2个社区。", aspect="能力本领")
    material = b.build()
    found = list(aspect_missing(context(material)))
    assert [f.data["aspect_id"] for f in found] == ["political_quality", "responsibility", "work_style", "integrity"]
    assert spans(material, found[:2]) == ["政治素质", TITLE]
    assert found[0].message == CONFIG.rule("coverage.aspect_missing")["message"].format(
        framework=FRAMEWORK.title, aspect="政治素质"
    )
    assert found[0].severity == "error"


def test_aspect_heading_span():
    from duizhao.model import Material

    material = Material(text="标题\n理论学习方面", title="标题", kind="team")
    ctx = context(material)
    assert _aspect_heading_span(ctx, "标题") == (0, 2)
    assert _aspect_heading_span(ctx, "理论学习") == (3, 7)
    assert _aspect_heading_span(ctx, "廉洁自律") == (0, 2)


def test_aspect_missing_silent_without_framework_problems_or_check(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是学用脱节。中心组12次学习有4次只传达文件。")
    material = b.build()
    assert len(list(aspect_missing(context(material)))) == 5
    assert list(aspect_missing(context(material, framework=None))) == []
    ctx = context(material)
    ctx.coverage_checked = False
    assert list(aspect_missing(ctx)) == []
    empty = builder(TITLE, year=2023).build()
    assert list(aspect_missing(context(empty))) == []


def test_ungrouped_problems_give_one_finding_at_the_first_problems_head(builder):
    b = builder(TITLE, year=2023)
    b.problem(None, "一是调研不深。只走访了2个社区。")
    b.problem(None, "二是监督偏宽。")
    material = b.build()
    found = list(aspect_missing(context(material)))
    assert len(found) == 1
    f = found[0]
    assert spans(material, found) == ["一是调研不深"]
    aspects = FRAMEWORK.aspects
    assert f.message == CONFIG.rule("coverage.aspect_missing")["message_ungrouped"].format(
        framework=FRAMEWORK.title, count=6, aspects="、".join(a.short_name for a in aspects)
    )
    assert f.data == {"aspect_ids": [a.id for a in aspects], "ungrouped": True}
    assert (f.rule, f.severity) == ("coverage.aspect_missing", "error")


# ------------------------------------------------------------------ problem misplaced


def test_problem_misplaced_points_at_the_first_word_of_the_best_other_aspect(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是调研不深，对攻坚任务缺少担当，调查研究只走访了2个社区。")
    material = b.build()
    found = list(problem_misplaced(context(material)))
    assert len(found) == 1
    f = found[0]
    # 能力本领: 调研、调查研究 (2); 担当作为: 攻坚、担当 (2): the first aspect with most words wins
    assert f.data == {"aspect_id": "theory_study", "other_aspect_id": "ability", "words": ["调查研究", "调研"]}
    assert spans(material, found) == ["调研"]
    assert f.message == CONFIG.rule("coverage.problem_misplaced")["message"].format(
        aspect="理论学习", other="能力本领", words="调查研究、调研"
    )
    assert f.severity == "info"


def test_problem_misplaced_a_later_aspect_with_more_words_wins(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是调研不深，对攻坚任务缺少担当，不够实干，只走访了2个社区。")
    material = b.build()
    found = list(problem_misplaced(context(material)))
    assert [f.data["other_aspect_id"] for f in found] == ["responsibility"]
    assert found[0].data["words"] == ["实干", "担当", "攻坚"]
    assert spans(material, found) == ["攻坚"]


def test_problem_misplaced_needs_min_other_hits(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是调研不深，调研只走访了2个社区。")  # one word, twice
    material = b.build()
    assert list(problem_misplaced(context(material))) == []
    config = own_copy()
    config.data["rules"]["coverage.problem_misplaced"]["min_other_hits"] = 1
    found = list(problem_misplaced(context(material, config=config)))
    assert [f.data["words"] for f in found] == [["调研"]]


def test_problem_with_its_own_aspects_word_is_not_misplaced(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是理论学习不深，调研不深，调查研究只走访了2个社区。")
    b.problem(None, "二是调研不深，调查研究只走访了2个社区。")  # no aspect: not judged
    material = b.build()
    assert list(problem_misplaced(context(material))) == []


def test_problem_misplaced_silent_without_framework_or_check(builder):
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是调研不深，对攻坚任务缺少担当，调查研究只走访了2个社区。")
    material = b.build()
    assert list(problem_misplaced(context(material, framework=None))) == []
    ctx = context(material)
    ctx.coverage_checked = False
    assert list(problem_misplaced(ctx)) == []


def test_the_own_aspects_words_do_not_count_as_another(builder):
    b = builder(TITLE, year=2023)
    b.problem("ability", "一是本领不强。")
    b.problem("responsibility", "二是对攻坚任务缺少担当。")  # its own words: no finding
    material = b.build()
    assert list(problem_misplaced(context(material))) == []


# ------------------------------------------------------------------ carryover missing


def carry_material(builder, *lines, title=TITLE, **fields):
    b = builder(title, year=2023, **fields)
    for line in lines:
        b.line(line)
    b.problem("theory_study", "一是学用脱节。中心组12次学习有4次只传达文件。")
    return b


def test_carryover_missing_at_the_title(builder):
    material = carry_material(builder, "会前征求意见32条。").build()
    found = list(carryover_missing(context(material)))
    assert [(f.start, f.end, f.severity) for f in found] == [(0, len(TITLE), "warning")]
    assert found[0].message == CONFIG.rule("coverage.carryover_missing")["message"]


def test_carryover_missing_not_for_a_personal_material_or_without_problems(builder):
    material = carry_material(builder, "会前征求意见32条。", kind="personal").build()
    assert list(carryover_missing(context(material))) == []
    empty = builder(TITLE, year=2023).build()
    assert list(carryover_missing(context(empty))) == []


def test_carryover_section_present(builder):
    b = carry_material(builder, "会前征求意见32条。")
    b.carryover("三、上年度整改落实情况", "6个问题已整改完成。")
    assert list(carryover_missing(context(b.build()))) == []


def test_carryover_without_framework_needs_a_material_title(builder):
    material = carry_material(builder, "会前征求意见32条。").build()
    assert len(list(carryover_missing(context(material, framework=None)))) == 1
    speech = carry_material(builder, "会前征求意见32条。", title="柳溪县水利局党组班子巡察反馈").build()
    assert list(carryover_missing(context(speech, framework=None))) == []
    assert len(list(carryover_missing(context(speech)))) == 1
    config = own_copy()
    del config.data["rules"]["coverage.carryover_missing"]["material_title"]
    assert list(carryover_missing(context(material, framework=None, config=config))) == []


def test_carryover_title_from_the_text_when_the_material_has_none(builder):
    b = carry_material(builder, "会前征求意见32条。", title="柳溪县水利局党组班子对照检查材料")
    b.material.title = ""
    material = b.build()
    assert len(list(carryover_missing(context(material, framework=None)))) == 1


def test_carryover_heading_line_or_mention_before_the_problems(builder):
    # after the first problem, where the opening's mention is not looked for
    heading = carry_material(builder)
    heading.line("二、2022年度民主生活会整改落实情况")
    assert list(carryover_missing(context(heading.build()))) == []
    # the heading pattern must match at a line start
    inline = carry_material(builder)
    inline.line("会前征求意见32条。二、2022年度民主生活会整改落实情况")
    assert len(list(carryover_missing(context(inline.build())))) == 1
    said = "会前已向全体班子成员和有关同志通报：上年度查摆的问题已整改完成。"  # not a heading: 18 letters first
    mention = carry_material(builder, said).build()
    assert list(carryover_missing(context(mention))) == []
    b = builder(TITLE, year=2023)
    b.problem("theory_study", "一是学用脱节。中心组12次学习有4次只传达文件。")
    b.line(said)  # after the first problem: not the opening's mention
    assert len(list(carryover_missing(context(b.build())))) == 1


def test_carryover_reported_separately(builder):
    b = carry_material(builder)
    b.line("整改工作另行通报。")
    material = b.build()
    assert list(carryover_missing(context(material))) == []
    config = own_copy()
    del config.data["rules"]["coverage.carryover_missing"]["separate_note_pattern"]
    assert len(list(carryover_missing(context(material, config=config)))) == 1


# ------------------------------------------------------------------ count placeholder


def test_count_placeholder_from_the_parsers_counts(builder):
    b = builder(TITLE, year=2023)
    b.line("共收集到意见和建议，意见建议**条，谈心谈话30人次。")
    text = b.text
    start = text.index("意见建议**条")
    b.material.counts.append(
        Count("opinions", None, "意见和建议，意见建议**条", text.index("意见和建议"), start + 7, True)
    )
    b.material.counts.append(Count("talks", 30, "谈心谈话30人次", text.index("谈心"), text.index("人次") + 2, False))
    material = b.build()
    found = list(count_placeholder(context(material)))
    assert spans(material, found) == ["意见建议**条"]
    assert found[0].data == {"kind": "opinions"}
    assert found[0].message == CONFIG.rule("coverage.count_placeholder")["message"].format(text="意见建议**条")


def test_count_placeholder_without_a_blank_in_the_count(builder):
    # the parser marks a count as a placeholder whose blank this module's pattern does not know
    b = builder(TITLE, year=2023)
    b.line("征求意见建议若干条，意见若干条。")
    text = b.text
    start = text.index("征求")
    b.material.counts.append(Count("opinions", None, "征求意见建议若干条，意见若干条", start, text.index("。"), True))
    material = b.build()
    found = list(count_placeholder(context(material)))
    assert spans(material, found) == ["意见若干条"]


def test_count_placeholder_with_counts_does_not_read_the_text(builder):
    b = builder(TITLE, year=2023)
    b.line("谈心谈话30人次，征求意见**条。")
    text = b.text
    b.material.counts.append(Count("talks", 30, "谈心谈话30人次", text.index("谈心"), text.index("人次") + 2, False))
    assert list(count_placeholder(context(b.build()))) == []


def test_count_placeholder_from_the_text_before_the_first_problem(builder):
    b = builder(TITLE, year=2023)
    b.line("共收集意见和建议，意见建议XX条，谈心谈话**人次。")
    b.problem("theory_study", "一是学用脱节，征求意见**条。")
    material = b.build()
    found = list(count_placeholder(context(material)))
    assert spans(material, found) == ["意见建议XX条", "谈心谈话**人次"]
    assert found[0].data == {}
    assert found[1].message == CONFIG.rule("coverage.count_placeholder")["message"].format(text="谈心谈话**人次")


def test_count_placeholder_without_count_words(builder):
    b = builder(TITLE, year=2023)
    b.line("共收集意见和建议，意见建议XX条。")
    material = b.build()
    config = own_copy()
    del config.data["rules"]["coverage.count_placeholder"]["count_words"]
    found = list(count_placeholder(context(material, config=config)))
    assert spans(material, found) == ["意见和建议，意见建议XX条"]


def test_last_count_word():
    words = ["意见建议", "意见", "建议"]
    text = "甲意见和建议，意见建议**条"
    assert _last_count_word(text, 0, text.index("*"), words) == text.index("意见建议")
    assert _last_count_word(text, 1, text.index("*"), words) == text.index("意见建议")
    # the longest word first: 意见建议 is one word, not 意见 then 建议
    assert _last_count_word("意见建议*", 0, 4, ["意见", "意见建议"]) == 0
    assert _last_count_word("甲乙*", 0, 2, words) == 0
    assert _last_count_word("甲乙*", 1, 2, words) == 1
    assert _last_count_word("甲乙*", 1, 2, []) == 1
    # a word right before the placeholder is found; one after it is not
    assert _last_count_word("甲意见*建议", 0, 3, words) == 1
    # regex letters in a word are taken as letters
    assert _last_count_word("甲a.b乙axb*", 0, 8, ["a.b"]) == 1


def test_preamble_end(builder):
    b = builder(TITLE, year=2023)
    b.carryover("一、上年度整改落实情况", "已整改。")
    b.section("causes", "三、原因剖析")
    b.section("measures", "四、整改措施")
    b.section("problems", "二、存在的问题")
    material = b.build()
    assert _preamble_end(context(material)) == material.text.index("三、原因")
    b.problem("theory_study", "一是学用脱节。")
    material = b.build()
    material.problems[0].start = 5
    assert _preamble_end(context(material)) == 5
    bare = builder(TITLE, year=2023)
    bare.line("意见XX条。")
    bare.section("problems", "二、存在的问题")
    material = bare.build()
    assert _preamble_end(context(material)) == len(material.text)
    # a measures section marked as last year's rectification is not the end
    c = builder(TITLE, year=2023)
    c.section("measures", "一、上年度整改落实情况")
    c.section("measures", "四、整改措施")
    material = c.build()
    assert _preamble_end(context(material)) == material.text.index("四、")


# ------------------------------------------------------------------ problem share


def share_material(builder, problems_letters: int, other_letters: int):
    b = builder("标题")
    b.line("甲" * other_letters)
    b.problem("theory_study", "问" * problems_letters)
    return b.build()


def test_problem_share_on_each_side_of_min_share(builder):
    # 标题 (2) + other + problem letters; the problem alone is counted
    material = share_material(builder, 10, 8)
    ctx = context(material)
    assert problem_and_cause_share(ctx) == 0.5
    assert list(problem_share(ctx)) == []
    assert ctx.scores == {"problem_share": 0.5}
    material = share_material(builder, 10, 9)
    ctx = context(material)
    found = list(problem_share(ctx))
    share = 10 / 21
    assert ctx.scores == {"problem_share": share}
    assert [(f.start, f.end, f.severity) for f in found] == [(0, 2, "info")]
    assert found[0].data == {"share": share, "min_share": 0.5}
    assert found[0].message == CONFIG.rule("coverage.problem_share")["message"].format(share="48%", minimum="50%")


def test_problem_share_disabled_or_nothing_filled(builder):
    material = share_material(builder, 10, 30)
    config = own_copy()
    config.data["rules"]["coverage.problem_share"]["enabled"] = False
    ctx = context(material, config=config)
    assert list(problem_share(ctx)) == [] and ctx.scores == {}
    config = own_copy()
    del config.data["rules"]["coverage.problem_share"]["enabled"]
    assert len(list(problem_share(context(material, config=config)))) == 1
    b = builder("标题")
    b.line("甲" * 30)
    b.problem("theory_study", "【待补】")
    ctx = context(b.build())
    assert list(problem_share(ctx)) == [] and ctx.scores == {}


def test_problem_and_cause_share_merges_overlapping_spans(builder):
    b = builder("标题")
    b.section("problems", "问题 部分")
    b.problem("theory_study", "问问 问问")
    b.cause("因因因因")
    b.line("措施措施措施措施措施措施")
    material = b.build()
    # the problems section heading span (4 letters) does not hold the problem; the cause counts once
    material.causes.append(material.causes[0])
    ctx = context(material)
    assert problem_and_cause_share(ctx) == (4 + 4 + 4) / (2 + 4 + 4 + 4 + 12)
    # a section that holds its problem: the problem is not counted twice
    material.sections[0] = Section("problems", "问题 部分", material.sections[0].start, material.problems[0].end)
    ctx = context(material)
    assert problem_and_cause_share(ctx) == (4 + 4 + 4) / (2 + 4 + 4 + 4 + 12)


def test_problem_and_cause_share_partial_overlap(builder):
    b = builder("标题")
    b.problem("theory_study", "问问问问")
    b.line("其他")
    material = b.build()
    start = material.problems[0].start
    # a cause from the problem's middle to past its end: only the new letters count
    from duizhao.model import Cause

    material.causes.append(Cause("问问\n其他", start + 2, start + 7, "问问"))
    ctx = context(material)
    assert problem_and_cause_share(ctx) == 6 / 8
    material.causes[0] = Cause("", start + 1, start + 1, "")  # empty span inside: nothing added
    assert problem_and_cause_share(context(material)) == 4 / 8


def test_problem_and_cause_share_of_an_empty_text():
    from duizhao.model import Material

    assert problem_and_cause_share(context(Material(text=" \n", title="", kind="team"))) == 0.0


def test_letters():
    assert _letters(" 甲 乙\n丙\t") == 3
    assert _letters("") == 0


# ------------------------------------------------------------------ survivors of the first run


def test_aspect_heading_span_first_occurrence_even_at_offset_zero():
    from duizhao.model import Material

    material = Material(text="理论学习方面\n理论学习", title="", kind="team")
    assert _aspect_heading_span(context(material), "理论学习") == (0, 4)
    later = Material(text="标题\n理论学习方面\n理论学习", title="标题", kind="team")
    assert _aspect_heading_span(context(later), "理论学习") == (3, 7)


def test_carryover_mention_at_the_very_start(builder):
    b = builder("去年的问题整改已全部到位。")
    b.problem("theory_study", "一是学用脱节。中心组12次学习有4次只传达文件。")
    material = b.build()
    material.title = TITLE
    assert list(carryover_missing(context(material))) == []


def test_count_placeholder_quotes_from_the_word_before_the_blank(builder):
    # the parser's count runs past its blank to another count word: the quote starts before the blank
    b = builder(TITLE, year=2023)
    b.line("共征求意见建议**条建议，另有意见若干条。另有谈话**人次。")
    text = b.text
    start = text.index("共征求")
    b.material.counts.append(Count("opinions", None, "共征求意见建议**条建议", start, text.index("，"), True))
    second = text.index("另有意见")
    b.material.counts.append(Count("opinions", None, "另有意见若干条", second, text.index("。"), True))
    material = b.build()
    found = list(count_placeholder(context(material)))
    assert spans(material, found) == ["意见建议**条建议", "意见若干条"]


def test_count_placeholder_from_the_text_at_offset_zero(builder):
    b = builder("意见建议**条，谈心谈话30人次。")
    material = b.build()
    assert spans(material, count_placeholder(context(material))) == ["意见建议**条"]


def test_problem_and_cause_share_counts_a_causes_section(builder):
    b = builder("标题")
    b.section("causes", "原因 剖析")
    b.line("其他")
    material = b.build()
    assert problem_and_cause_share(context(material)) == 4 / 8


def test_problem_and_cause_share_from_offset_zero():
    from duizhao.model import Material, Problem

    material = Material(text="问问问问\n其他", title="", kind="team")
    material.problems.append(Problem("问问问问", 0, 4, "theory_study", None, "问问问问"))
    assert problem_and_cause_share(context(material)) == 4 / 6
