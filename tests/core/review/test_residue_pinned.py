"""Residue rules and helpers with exact anchors, messages and data (texts written here,
fictional units), one test on each side of every condition the mutation run found unpinned."""

from __future__ import annotations

import copy
import re

from duizhao.model import Placeholder, Removal
from duizhao.review import review_material
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.context import ReviewContext
from duizhao.review.residue import (
    _after_relation,
    _describe,
    _describe_all,
    _is_next_meeting,
    _same_unit,
    _sentence_around,
    _split_unit,
    _trim_name,
    placeholder,
    template_site,
    unit_mismatch,
    year_mismatch,
)

CONFIG = load_review_config()
UNIT_RULE = CONFIG.rule("residue.unit_mismatch")


def own_copy() -> ReviewConfig:
    """A copy of the shipped rules to change (the shipped config is cached and shared)."""
    return ReviewConfig(copy.deepcopy(CONFIG.data), dict(CONFIG.phrases))


def with_soft(b, *words):
    """The builder's material with each lone 某 of `words` as a placeholder, as the parser marks it."""
    material = b.build()
    for word in words:
        index = material.text.index(word)
        material.placeholders.append(Placeholder("某", index, index + 1))
    material.placeholders.sort(key=lambda p: p.start)
    return material


def context(material):
    return ReviewContext(material, None, CONFIG)


def spans(material, findings):
    return [material.text[f.start : f.end] for f in findings]


# ------------------------------------------------------------------ placeholder


def test_soft_placeholder_in_the_body_names_the_words(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("在某村征地时拖延了3个月。")
    material = with_soft(b, "某村")
    found = list(placeholder(context(material)))
    assert len(found) == 1
    f = found[0]
    assert (f.rule, f.severity, f.data) == ("residue.placeholder", "info", {"soft": True})
    assert spans(material, found) == ["某"]
    assert f.message == CONFIG.rule("residue.placeholder")["soft_message"].format(text="某", words="某村")


def test_soft_placeholder_without_a_named_word_quotes_two_letters_after(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("对某些问题认识不足。")
    material = with_soft(b, "某些")
    found = list(placeholder(context(material)))
    assert found[0].severity == "info" and "（“某些问”）" in found[0].message


def test_soft_placeholder_without_a_soft_word_rule(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("在某村征地时拖延了3个月。")
    material = with_soft(b, "某村")
    config = own_copy()
    del config.data["rules"]["residue.placeholder"]["soft_word"]
    found = list(placeholder(ReviewContext(material, None, config)))
    assert "（“某村征”）" in found[0].message


def test_placeholder_in_the_title_stays_an_error(builder):
    b = builder("某局班子对照检查材料")
    b.line("学习不够，XX项目拖延。")
    material = with_soft(b, "某局")
    found = list(placeholder(context(material)))
    assert [(material.text[f.start : f.end], f.severity) for f in found] == [("某", "error"), ("XX", "error")]
    assert found[1].message == CONFIG.rule("residue.placeholder")["message"].format(text="XX")
    assert found[0].data is None or "soft" not in (found[0].data or {})


def test_soft_placeholder_starting_right_at_the_title_end(builder):
    # a material whose first line is a sentence has no title (title_end 0): 某 at offset 0 is soft
    b = builder("某村征地时拖延了3个月，群众来信5次。")
    b.material.title = ""
    material = with_soft(b, "某村")
    ctx = context(material)
    assert ctx.title_end == 0
    assert [f.severity for f in placeholder(ctx)] == ["info"]


# ------------------------------------------------------------------ template site


def test_template_site_names_the_removals_with_their_data(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("学习不够深入。更多范文请访问本站")
    material = b.build()
    material.removed += [
        Removal("watermark", "www.example-fanwen.cn", 10, "网站水印"),
        Removal("doubled_title", "柳溪县水利局党组班子对照检查材料", 0, "重复的标题"),
    ]
    found = list(template_site(context(material)))
    assert len(found) == 2
    first, second = found
    assert (first.start, first.end) == (0, len("柳溪县水利局党组班子对照检查材料"))
    assert first.data == {"removed": [{"kind": "watermark", "text": "www.example-fanwen.cn", "raw_offset": 10}]}
    assert first.message == CONFIG.rule("residue.template_site")["message"].format(
        what="清理时已删除 1 处：网站水印“www.example-fanwen.c……”"
    )
    assert spans(material, [second]) == ["更多范文请访问本站"]
    assert second.message == CONFIG.rule("residue.template_site")["message"].format(what="更多范文请访问本站")


def test_no_removal_of_a_web_kind_no_finding(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("学习不够深入。")
    material = b.build()
    material.removed.append(Removal("doubled_title", "标题", 0, "重复的标题"))
    assert list(template_site(context(material))) == []


def test_describe_each_removal():
    assert _describe(Removal("watermark", "  甲乙丙  ", 0, "水印")) == "水印“甲乙丙”"
    assert _describe(Removal("watermark", "甲乙丙", 0)) == "“甲乙丙”"
    twenty = "甲" * 20
    assert _describe(Removal("junk", twenty, 0)) == f"“{twenty}”"
    assert _describe(Removal("junk", twenty + "乙", 0)) == f"“{twenty}……”"


def test_describe_all_groups_by_description_then_kind():
    removed = [
        Removal("junk", "乱码一", 0, "防采集乱码"),
        Removal("junk", "乱码二", 5, "防采集乱码"),
        Removal("banner", "横幅", 9),
        Removal("watermark", "水印字", 12),
    ]
    assert _describe_all(removed) == "防采集乱码“乱码一”等 2 处、“横幅”、“水印字”"
    assert _describe_all([Removal("banner", "甲", 0), Removal("banner", "乙", 3)]) == "“甲”等 2 处"


# ------------------------------------------------------------------ year mismatch


def year_material(builder, *lines, year=2025, **fields):
    b = builder(f"青石县水利局党组班子{year}年度民主生活会对照检查材料", year=year, **fields)
    for line in lines:
        b.line(line)
    return b.build()


def test_year_mismatch_finding_data_and_message(builder):
    material = year_material(builder, "班子对照2019年度民主生活会的要求查摆。")
    found = list(year_mismatch(context(material)))
    assert spans(material, found) == ["2019年度民主生活会"]
    assert found[0].data == {"stated": 2019, "year": 2025}
    assert found[0].message == CONFIG.rule("residue.year_mismatch")["message"].format(
        year=2025, text="2019年度民主生活会"
    )


def test_year_mismatch_needs_a_year_of_its_own(builder):
    b = builder("青石县水利局党组班子民主生活会对照检查材料")
    b.line("班子对照2019年度民主生活会的要求查摆。")
    material = b.build()
    assert list(year_mismatch(context(material))) == []


def test_a_year_in_the_title_is_not_checked(builder):
    b = builder("青石县水利局党组班子2024年度民主生活会对照检查材料", year=2025)
    b.line("班子认真查摆。")
    material = b.build()
    assert list(year_mismatch(context(material))) == []


def test_previous_and_older_years_need_their_own_context(builder):
    # the year before with 整改 is a reference; two years before needs the older context (整改 also counts)
    material = year_material(
        builder,
        "2024年度民主生活会的问题已整改。",  # previous year, context: skipped
        "2023年度民主生活会的问题已整改。",  # older, 整改 is in the older context: skipped
        "2023年度民主生活会上次提出。",  # older, 上次 is only a previous-year context: reported
        "2024年度民主生活会上次提出。",  # previous year, 上次: skipped
        "2024年度民主生活会开得好。",  # previous year, no context: reported
    )
    found = list(year_mismatch(context(material)))
    assert [(f.data["stated"], material.text[f.start : f.end + 3]) for f in found] == [
        (2023, "2023年度民主生活会上次提"),
        (2024, "2024年度民主生活会开得好"),
    ]


def test_older_year_without_an_earlier_context_rule_is_reported(builder):
    material = year_material(builder, "2023年度民主生活会的问题已整改。", "2024年度民主生活会的问题已整改。")
    config = own_copy()
    del config.data["rules"]["residue.year_mismatch"]["earlier_year_context"]
    found = list(year_mismatch(ReviewContext(material, None, config)))
    assert [f.data["stated"] for f in found] == [2023]


def test_earlier_year_inside_the_carryover_section_is_a_reference(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    start, _ = b.line("一、上年度民主生活会整改落实情况")
    b.line("2022年度民主生活会开得好。")
    body_end = len(b.text) - 1
    b.line("2022年度民主生活会开得好。")
    material = b.build()
    from duizhao.model import Section

    material.carryover = Section("carryover", "一、上年度民主生活会整改落实情况", start, body_end)
    material.sections.append(material.carryover)
    found = list(year_mismatch(context(material)))
    assert [f.start for f in found] == [body_end + 1]


def test_carryover_section_bounds(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.line("2022年度民主生活会开得好。")
    first = b.text.index("2022")
    material = b.build()
    from duizhao.model import Section

    # a section that ends right at the match does not hold it; one that starts at it does
    material.sections.append(Section("carryover", "上年度整改情况", first - 5, first))
    ctx = context(material)
    assert [f.start for f in year_mismatch(ctx)] == [first]
    material.sections[-1] = Section("carryover", "上年度整改情况", first, first + 1)
    assert list(year_mismatch(context(material))) == []


def test_later_years_are_always_reported_unless_next_meeting(builder):
    material = year_material(builder, "2027年度民主生活会的问题已整改。", "2026年度民主生活会前完成。")
    found = list(year_mismatch(context(material)))
    assert [f.data["stated"] for f in found] == [2027]


def test_next_meeting_as_a_deadline(builder):
    material = year_material(
        builder,
        "在2026年度民主生活会之前完成。",
        "在2026年度民主生活会召开前完成。",
        "在2026年度民主生活会上说明。",
        "在2024年度民主生活会前完成。",
    )
    ctx = context(material)
    pattern = ctx.config.regex(ctx.config.rule("residue.year_mismatch")["pattern"])
    matches = list(pattern.finditer(material.text, ctx.title_end))
    assert [_is_next_meeting(ctx, int(m.group(1)), m) for m in matches] == [True, True, False, False]


def test_next_meeting_in_a_measure(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.measure("到2026年度民主生活会时全部办结。")
    b.line("到2026年度民主生活会时全部办结。")
    material = b.build()
    ctx = context(material)
    found = list(year_mismatch(ctx))
    assert [f.start for f in found] == [material.text.rindex("2026")]
    # the measure's own start holds the year: a match exactly at the start is inside
    b2 = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b2.measure("2026年度民主生活会时全部办结。")
    m2 = b2.build()
    assert list(year_mismatch(context(m2))) == []


def test_next_meeting_without_a_year_of_its_own():
    from duizhao.model import Material

    material = Material(text="2026年度民主生活会前", title="", kind="team")
    ctx = context(material)
    match = re.search(r"(\d{4})年度民主生活会", material.text)
    assert match is not None and _is_next_meeting(ctx, 2026, match) is False


def test_sentence_around():
    text = "甲。乙丙丁；戊\n己庚"
    assert _sentence_around(text, 3, 4) == "乙丙丁"
    assert _sentence_around(text, 6, 7) == "戊"
    assert _sentence_around(text, 8, 9) == "己庚"
    assert _sentence_around("乙丙丁", 1, 2) == "乙丙丁"
    assert _sentence_around("甲！乙？丙", 2, 3) == "乙"
    assert _sentence_around("甲？乙！丙", 2, 3) == "乙"
    # the stop right at the end of the span ends the sentence; one right at the start does not begin it
    assert _sentence_around("甲。乙。丙", 2, 3) == "乙"
    assert _sentence_around("甲。乙。丙", 1, 2) == "甲。乙"  # a span starting at a stop: it is inside


# ------------------------------------------------------------------ unit mismatch


def test_unit_mismatch_data_and_message(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("红山区交通运输局领导班子推进项目拖延。")
    material = b.build()
    found = list(unit_mismatch(context(material)))
    assert spans(material, found) == ["红山区交通运输局"]
    assert found[0].data == {"unit": "柳溪县水利局", "other": "红山区交通运输局"}
    assert found[0].message == UNIT_RULE["message"].format(unit="柳溪县水利局", text="红山区交通运输局")


def test_unit_in_the_title_is_not_compared_with_itself(builder):
    b = builder("红山区交通运输局领导班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("班子认真查摆。")
    material = b.build()
    assert list(unit_mismatch(context(material))) == []


def test_own_unit_not_a_unit_name_is_taken_from_the_title(builder):
    # unit 水利局 has no place word: the title's 柳溪县水利局 is the own unit
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="水利局")
    b.line("柳溪县水利局班子认真查摆。")
    b.line("红山区交通运输局班子推进项目拖延。")
    material = b.build()
    found = list(unit_mismatch(context(material)))
    assert [f.data for f in found] == [{"unit": "柳溪县水利局", "other": "红山区交通运输局"}]


def test_unit_after_a_generic_unit_or_a_case_is_skipped(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("以红山区交通运输局班子违纪违法案件为镜鉴。")
    b.line("红山区交通运输局班子推进项目拖延。")
    material = b.build()
    found = list(unit_mismatch(context(material)))
    assert [f.start for f in found] == [material.text.rindex("红山区")]


def test_unit_mismatch_without_a_case_context_rule(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("以红山区交通运输局班子违纪违法案件为镜鉴。")
    material = b.build()
    config = own_copy()
    del config.data["rules"]["residue.unit_mismatch"]["case_context"]
    assert len(list(unit_mismatch(ReviewContext(material, None, config)))) == 1


def test_unit_name_trimmed_after_a_break_word(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("我们看到的红山区交通运输局班子推进项目拖延。")
    material = b.build()
    found = list(unit_mismatch(context(material)))
    assert spans(material, found) == ["红山区交通运输局"]
    assert found[0].end == material.text.index("班子推进")


def test_unit_mismatch_without_name_breaks(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("看到的红山区交通运输局班子推进项目拖延。")
    material = b.build()
    config = own_copy()
    del config.data["rules"]["residue.unit_mismatch"]["name_breaks"]
    found = list(unit_mismatch(ReviewContext(material, None, config)))
    assert found[0].data["other"] == "看到的红山区交通运输局"


def test_relation_word_four_letters_before(builder):
    # 对标 directly before: a mention; the relation may end within four letters before the match
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("主动对标红山区交通运输局班子。")
    material = b.build()
    assert list(unit_mismatch(context(material))) == []


def test_trim_name():
    breaks = UNIT_RULE["name_breaks"]
    assert _trim_name("通报的某县民政局", breaks) == "某县民政局"
    assert _trim_name("在本市的红山区交通局", breaks) == "红山区交通局"
    assert _trim_name("红山区交通局", breaks) == "红山区交通局"
    # a break letter after the place word is part of the organ's name
    assert _trim_name("红山区在建局", breaks) == "红山区在建局"
    assert _trim_name("的县局", breaks) == "县局"
    assert _trim_name("交通局", breaks) == "交通局"
    assert _trim_name("的交通局", "的") == "的交通局"


def test_after_relation():
    relation = re.compile(UNIT_RULE["relation_before"])
    assert _after_relation("主动", "与红山区交通局", relation) is None
    assert _after_relation("主动", "红山区交通局", relation) == "红山区交通局"
    assert _after_relation("加强与", "红山区交通局", relation) is None
    # the relation word swallowed right up to the place word
    assert _after_relation("", "向红山区交通局", relation) is None
    # cuts run from the place word down to 0: 向 before 区 ends a relation at cut 2
    assert _after_relation("", "红向区交通局", relation) is None
    assert _after_relation("", "红山区向交通局", relation) == "红山区向交通局"
    assert _after_relation("", "交通局", relation) == "交通局"
    assert _after_relation("与", "交通局", relation) is None


def test_split_unit():
    rule = UNIT_RULE
    assert _split_unit("中共柳溪县卫生健康局", rule) == ("柳溪县", "卫生健康局")
    assert _split_unit("云岭省柳溪县卫生局", rule) == ("云岭省柳溪县", "卫生局")
    assert _split_unit("柳溪县卫生局区分中心", rule) == ("柳溪县", "卫生局区分中心")
    assert _split_unit("云岭市市场监管局", rule) == ("云岭市", "市场监管局")
    assert _split_unit("柳溪县城市管理局", rule) == ("柳溪县", "城市管理局")
    assert _split_unit("云岭市东城区民政局", rule) == ("云岭市东城区", "民政局")
    assert _split_unit("延边朝鲜族自治州民政局", rule) == ("延边朝鲜族自治州", "民政局")
    assert _split_unit("中共红山区委组织部", rule) == ("红山区", "委组织部")
    assert _split_unit("某县民政局", rule) == ("", "民政局")
    assert _split_unit("XX县民政局", rule) == ("", "民政局")
    assert _split_unit("县民政局", rule) == ("", "民政局")
    assert _split_unit("甲县民政局", rule) == ("甲县", "民政局")
    assert _split_unit("民政局", rule) == ("", "民政局")
    assert _split_unit("市民政局", rule) == ("", "民政局")


def test_same_unit():
    rule = UNIT_RULE
    assert _same_unit("柳溪县水利局", "中共柳溪县水利局", rule) is True
    assert _same_unit("中共柳溪县水利局", "柳溪县水利局", rule) is True
    assert _same_unit("柳溪县水利局", "红山区委组织部", rule) is True
    assert _same_unit("柳溪县水利局", "红山区组织部", rule) is False
    assert _same_unit("柳溪县水利局", "红山区水利局", rule) is False
    assert _same_unit("云岭市柳溪县水利局", "柳溪县水利", rule) is True
    assert _same_unit("云岭市柳溪县水利局", "柳溪县利局", rule) is True
    assert _same_unit("云岭市柳溪县水利局", "柳溪县水务局", rule) is False
    assert _same_unit("柳溪县水利局", "某县水利局", rule) is True
    assert _same_unit("某县水利局", "红山区水利局", rule) is True
    assert _same_unit("柳溪县水利局", "柳溪县交通局", rule) is False


def test_unit_mismatch_through_the_review(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("红山区交通运输局领导班子推进项目拖延。")
    material = b.build()
    found = review_material(material).by_rule("residue.unit_mismatch")
    assert spans(material, found) == ["红山区交通运输局"] and found[0].severity == "warning"


# ------------------------------------------------------------------ survivors of the first run


def test_a_soft_placeholder_does_not_end_the_list(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("在某村征地时，XX项目拖延了3个月。")
    material = with_soft(b, "某村")
    assert [(material.text[f.start : f.end], f.severity) for f in placeholder(context(material))] == [
        ("某", "info"),
        ("XX", "error"),
    ]


def test_without_soft_placeholders_every_placeholder_is_an_error(builder):
    b = builder("柳溪县水利局党组班子对照检查材料")
    b.line("在某村征地时拖延了3个月。")
    material = with_soft(b, "某村")
    config = own_copy()
    del config.data["rules"]["residue.placeholder"]["soft_placeholders"]
    assert [f.severity for f in placeholder(ReviewContext(material, None, config))] == ["error"]


def test_own_unit_from_the_material_when_the_title_names_none(builder):
    b = builder("党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("红山区交通运输局领导班子推进项目拖延。")
    material = b.build()
    assert [f.data for f in unit_mismatch(context(material))] == [{"unit": "柳溪县水利局", "other": "红山区交通运输局"}]


def test_own_unit_is_looked_for_in_the_title_line_only(builder):
    b = builder("党组班子2025年度民主生活会对照检查材料", year=2025)
    b.line("红山区交通运输局领导班子推进项目拖延。")
    b.line("青石县民政局领导班子推进项目拖延。")
    assert list(unit_mismatch(context(b.build()))) == []


def test_relation_word_before_a_name_the_pattern_did_not_swallow(builder):
    # the pattern takes at most 8 letters before the place word: 借鉴 stays before the match
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("学习借鉴东部沿海先进地方县交通运输局领导班子的做法。")
    b.line("东部沿海先进地方县交通运输局领导班子推进项目拖延。")
    material = b.build()
    found = list(unit_mismatch(context(material)))
    assert [f.start for f in found] == [material.text.rindex("东部")]


def test_after_relation_cuts_every_letter_before_the_place_word():
    relation = re.compile(UNIT_RULE["relation_before"])
    assert _after_relation("", "向红山新区交通局", relation) is None  # 向 ends three letters before 区
    assert _after_relation("", "与交通局", relation) == "与交通局"  # no place word: only the empty cut
    assert _after_relation("", "红山区学习局", relation) == "红山区学习局"  # letters after the place word


def test_split_unit_place_letters_only():
    assert _split_unit("某县XX局", UNIT_RULE) == ("", "XX局")


def test_same_unit_when_one_name_holds_the_other():
    assert _same_unit("柳溪县水利局", "柳溪县水利局机关服务中心", UNIT_RULE) is True
    assert _same_unit("柳溪县水利局机关服务中心", "柳溪县水利局", UNIT_RULE) is True


def test_next_meeting_right_after_a_measure_is_not_in_it(builder):
    from duizhao.model import Measure

    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.line("措施：到2026年度民主生活会时全部办结。")
    material = b.build()
    year_at = material.text.index("2026")
    start = material.text.index("措施")
    material.measures.append(Measure("措施：到", start, year_at, "措施：到"))
    ctx = context(material)
    match = re.compile(r"(\d{4})年度民主生活会").search(material.text, year_at)
    assert match is not None and _is_next_meeting(ctx, 2026, match) is False
    material.measures[0] = Measure("措施：到2", start, year_at + 1, "措施：到2")
    assert _is_next_meeting(context(material), 2026, match) is True


def test_sentence_around_stops_only():
    assert _sentence_around("甲X乙", 2, 3) == "甲X乙"
    assert _sentence_around("。乙丙", 1, 2) == "乙丙"
    assert _sentence_around("。乙", 0, 0) == ""
