"""Each review rule on hand-built materials (fictional units), both ways: it fires on the bad
text and stays silent on the good one."""

from __future__ import annotations

from duizhao.frameworks import get_framework
from duizhao.model import Removal
from duizhao.review import review_material

GOOD_PROBLEMS = {
    "theory_study": "一是学用结合不紧。今年中心组12次学习有4次只传达文件，对《关于加强耕地保护的意见》没有结合本县3个乡镇的违法占地开展研讨。",
    "political_quality": "一是执行部署有温差。省里部署的“非粮化”清理，到9月我局只完成排查的68%，比全市平均低15个百分点。",
    "ability": "一是调研不深。例如二季度调研加装电梯，班子只走访了2个社区，没有入户，方案出台后3个小区反映规则不公。",
    "responsibility": "一是攻坚劲头不足。推进“清风渡口”整治项目时三次推迟拆除，群众来信7次。",
    "work_style": "一是会风文风改进不明显。局机关上半年发文同比增加18份，一次季度会议开了近3个小时。",
    "integrity": "一是监督失之于宽。3月局属检测站2名工作人员接受宴请，直到县纪委转来线索才处理。",
}
GOOD_MEASURES = [
    "（一）学用结合：由党组书记牵头，每月第一议题结合1项业务难题研讨，年底前形成3篇理论学习调研报告。",
    "（二）政治素质与能力本领：9月底前完成“非粮化”清理，分管副局长每周调度，调研成果12月前转化为制度。",
    "（三）担当作为与工作作风：“清风渡口”整治6月底前完成拆除，发文数量年内压减20%。",
    "（四）廉洁自律：局纪检组每季度对检测站开展1次廉政风险排查，建立台账逐项销号。",
]


def good_material(builder, **fields):
    b = builder(
        "青石县自然资源局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023, unit="青石县自然资源局", **fields
    )
    b.line("会前共征求意见建议45条，开展谈心谈话30人次。现将对照检查情况报告如下。")
    b.carryover("一、上年度民主生活会整改落实情况", "上年度查摆的9个问题已完成整改8个，1个持续推进。")
    b.section("problems", "二、存在的主要问题")
    for aspect_id, text in GOOD_PROBLEMS.items():
        b.problem(aspect_id, text)
    b.section("causes", "三、原因剖析")
    b.cause("一是理想信念有所松懈。思想上把业务当硬任务、把学习当软任务。")
    b.cause("二是宗旨意识淡化。主观上群众观点树得不牢，遇事先求稳妥。")
    b.section("measures", "四、整改措施")
    for text in GOOD_MEASURES:
        b.measure(text)
    return b.build()


def rules_of(result):
    return {f.rule for f in result.findings}


def test_good_material_has_no_warnings_or_errors(builder):
    result = review_material(good_material(builder), "dsh-2023")
    assert [f for f in result.findings if f.severity != "info"] == []
    assert result.scores["specificity"]["material"] >= 50
    assert all(p["concrete"] for p in result.scores["specificity"]["problems"])


def test_every_finding_points_into_the_text(builder):
    material = good_material(builder)
    material.problems.append(material.problems[0])
    result = review_material(material, get_framework("dsh-2023"))
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(material.text)
        assert finding.message and finding.severity in ("error", "warning", "info")


def test_aspect_missing_names_the_aspect(builder):
    material = good_material(builder)
    material.problems = [p for p in material.problems if p.aspect_id != "integrity"]
    result = review_material(material, "dsh-2023")
    missing = result.by_rule("coverage.aspect_missing")
    assert [f.data["aspect_id"] for f in missing] == ["integrity"]
    assert "廉洁自律" in missing[0].message


def test_aspect_matched_by_name_when_parser_gives_no_id(builder):
    material = good_material(builder)
    for problem in material.problems:
        problem.aspect = get_framework("dsh-2023").aspect(problem.aspect_id).short_name
        problem.aspect_id = None
    assert review_material(material, "dsh-2023").by_rule("coverage.aspect_missing") == []


def test_no_framework_skips_coverage_with_a_note(builder):
    result = review_material(good_material(builder))
    assert not result.by_rule("coverage.aspect_missing")
    assert any("框架" in note for note in result.notes)


def test_misplaced_problem(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem("theory_study", "二是有违反中央八项规定精神的苗头。5月有班子成员接受吃请、收受礼金500元。")
    b.problem("integrity", "一是廉政风险防控有漏洞。5月局属所2名干部接受吃请，违反中央八项规定精神。")
    result = review_material(b.build(), "dsh-2023")
    misplaced = result.by_rule("coverage.problem_misplaced")
    assert len(misplaced) == 1 and misplaced[0].data["other_aspect_id"] == "integrity"


def test_carryover_missing_only_for_team(builder):
    material = good_material(builder)
    material.carryover = None
    material.sections = [s for s in material.sections if s.kind != "carryover"]
    material.text = material.text.replace("上年度民主生活会整改落实情况", "会前准备情况概述内容")
    material.text = material.text.replace("上年度查摆的", "本次共梳理的")
    assert review_material(material, "dsh-2023").by_rule("coverage.carryover_missing")
    material.kind = "personal"
    assert not review_material(material, "dsh-2023").by_rule("coverage.carryover_missing")


def test_carryover_found_by_heading_when_parser_marked_none(builder):
    material = good_material(builder)
    material.carryover = None
    material.sections = [s for s in material.sections if s.kind != "carryover"]
    assert not review_material(material, "dsh-2023").by_rule("coverage.carryover_missing")


def test_count_placeholder_from_parser_counts_and_from_text(builder):
    b = builder("某局党组班子对照检查材料")
    b.line("会前共征求意见建议*条，开展谈心谈话XX人次。")
    b.section("problems", "一、存在的问题")
    b.problem(None, "一是学习不深，今年12次学习有4次只念文件。")
    material = b.build()
    found = review_material(material).by_rule("coverage.count_placeholder")
    assert {material.text[f.start : f.end] for f in found} == {"意见建议*条", "谈心谈话XX人次"}
    b.count("opinions", "意见建议*条")
    material = b.build()
    assert len(review_material(material).by_rule("coverage.count_placeholder")) == 1


def test_vague_problem_flagged_specific_not(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是理论学习不够深入。学习不深不透，学用脱节，能力有待提高。")
    b.problem(None, GOOD_PROBLEMS["ability"])
    result = review_material(b.build())
    flagged = result.by_rule("specificity.no_example")
    assert len(flagged) == 1 and flagged[0].start == result.scores["specificity"]["problems"][0]["start"]
    problems = result.scores["specificity"]["problems"]
    assert problems[0]["score"] == 0 and problems[1]["score"] >= 50
    assert {m["kind"] for m in problems[1]["markers"]} >= {"case", "number"}
    assert result.by_rule("specificity.generic_phrase")[0].data["phrases"] == [
        "学习不够深入",
        "学习不深不透",
        "学用脱节",
        "有待提高",
    ]


def test_formula_numbers_are_not_examples(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是政治站位不高。增强“四个意识”不够自觉，落实“三会一课”不够经常。")
    assert review_material(b.build()).by_rule("specificity.no_example")


def test_achievement_and_negation(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是服务群众方面。全年走访企业120家，得到了市委的充分肯定。")
    b.problem(None, "二是抓落实不力。8项改革举措有3项没有取得实质进展，未能得到企业认可。")
    result = review_material(b.build())
    flagged = result.by_rule("problems.achievement")
    assert len(flagged) == 1 and "肯定" in flagged[0].message


def test_objective_cause_and_restated_cause(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是担当精神不够强。在渡口整治中三次推迟拆除时间。")
    b.cause("一是客观上任务重、人手不足，工作繁忙。")
    b.cause("二是虽然工作繁忙，但根子在主观上宗旨意识淡化。")
    b.cause("三是担当精神不够强。遇到困难有畏难情绪。")
    result = review_material(b.build())
    objective = result.by_rule("causes.objective_only")
    assert len(objective) == 1 and "客观上" in objective[0].message
    restated = result.by_rule("causes.restates_problem")
    assert len(restated) == 1 and restated[0].data["problem"].startswith("担当精神不够强")


def test_too_few_measures_and_unanswered_aspect(builder):
    material = good_material(builder)
    material.measures = material.measures[:1]
    result = review_material(material, "dsh-2023")
    too_few = result.by_rule("measures.too_few")
    assert len(too_few) == 1 and "6 个问题只对应 1 条整改措施" in too_few[0].message
    unanswered = {f.data["aspect_id"] for f in result.by_rule("measures.aspect_unanswered")}
    assert "integrity" in unanswered and "theory_study" not in unanswered


def test_vague_measure(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.measure("（一）强化理论武装。坚持不懈用党的创新理论凝心铸魂，做到知信行统一。")
    b.measure(GOOD_MEASURES[3])
    result = review_material(b.build())
    assert [f.start for f in result.by_rule("measures.vague")] == [b.material.measures[0].start]


def test_placeholders_and_template_markers(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是*同志分管的XX项目拖延了3个月。##paidbegin##")
    material = b.build()
    material.removed.append(Removal("watermark", "www.example-fanwen.cn", 10))
    result = review_material(material)
    assert {material.text[f.start : f.end] for f in result.by_rule("residue.placeholder")} == {"*", "XX"}
    site = result.by_rule("residue.template_site")
    assert len(site) == 2 and any(material.text[f.start : f.end] == "##paidbegin##" for f in site)


def test_year_mismatch_allows_last_years_rectification(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.carryover("一、2024年度民主生活会整改落实情况", "2024年度民主生活会查摆的问题已整改。")
    b.line("对照2024年度民主生活会的要求，班子认真查摆。")
    b.line("会后还要结合2023年主题教育专题民主生活会的问题清单回头看。")
    b.line("在本次2026年度民主生活会上作说明。")
    b.line("在2026年度民主生活会前完成。")
    material = b.build()
    found = [material.text[f.start : f.end] for f in review_material(material).by_rule("residue.year_mismatch")]
    assert found == ["2024年度民主生活会", "2023年主题教育专题民主生活会", "2026年度民主生活会"]


def test_unit_mismatch(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="青石县水利局")
    b.line("青石县水利局党组班子认真查摆问题，县委班子作出部署。")
    b.line("红山区交通运输局领导班子在推进项目时存在拖延。")
    material = b.build()
    found = review_material(material).by_rule("residue.unit_mismatch")
    assert [material.text[f.start : f.end] for f in found] == ["红山区交通运输局"]


def test_unit_taken_from_title_when_parser_gives_none(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.line("红山区交通运输局领导班子在推进项目时存在拖延。")
    assert review_material(b.build()).by_rule("residue.unit_mismatch")


def test_wrong_terms_and_right_ones(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.line("要坚决做到“两个确立”，增强“四个自信”，学习党的第二十大精神，落实中央八条规定。")
    b.line("深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，学习党的二十大精神。")
    material = b.build()
    found = review_material(material).by_rule("terms.wrong_term")
    first_line_end = material.text.index("\n", material.text.index("要坚决"))
    assert len(found) == 4 and all(f.end <= first_line_end for f in found)
    assert all(f.severity == "error" and "规范表述" in f.message for f in found)


def test_length_is_not_a_finding(builder):
    material = good_material(builder)
    material.text += "很长的补充。" * 2000
    result = review_material(material, "dsh-2023")
    assert not [f for f in result.findings if "字数" in f.message or "篇幅" in f.message]
    assert result.counts["characters"] == len(material.text)


def test_unit_variants_of_the_same_unit_are_not_mismatches(builder):
    b = builder("某区统战部班子2025年度民主生活会对照检查材料", year=2025)
    b.line("区委统战部领导班子对照检查，县委组织部领导班子派员指导。")
    b.line("中共某区统战部班子还将逐条整改。")
    b.line("柳溪县统战部班子去年的材料被照抄了进来。")
    material = b.build()
    found = review_material(material).by_rule("residue.unit_mismatch")
    assert found == []
    c = builder("云岭市柳溪县统战部班子2025年度民主生活会对照检查材料", year=2025)
    c.line("青石县交通运输局领导班子在推进项目时存在拖延。")
    c.line("柳溪县统战部领导班子认真查摆。")
    material = c.build()
    found = review_material(material).by_rule("residue.unit_mismatch")
    assert [material.text[f.start : f.end] for f in found] == ["青石县交通运输局"]


def test_problems_not_grouped_by_aspect_give_one_finding(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, GOOD_PROBLEMS["ability"])
    b.problem(None, GOOD_PROBLEMS["integrity"])
    found = review_material(b.build(), "dsh-2023").by_rule("coverage.aspect_missing")
    assert len(found) == 1 and found[0].data["ungrouped"] and "6 个方面" in found[0].message


def test_complacency_about_results_is_a_fault_not_an_achievement(builder):
    b = builder("某局班子对照检查材料", kind="personal")
    b.problem(None, "一是进取心不强。满足于已取得的成绩，今年只完成了年初确定的5项改革中的2项。")
    b.problem(None, "二是政绩观有偏差。为了得到上级肯定，3月把未完工的河堤项目报成已完工。")
    assert review_material(b.build()).by_rule("problems.achievement") == []


def test_other_unit_in_a_relation_is_a_mention(builder):
    b = builder("柳溪县水利局党组班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县水利局")
    b.line("一是与柳溪县住建局领导班子沟通不够，2个项目审批拖延。")
    b.line("二是向云岭市交通运输局领导班子学习不够。")
    b.line("三是云岭市交通运输局领导班子对分管工作督促不力。")
    material = b.build()
    found = review_material(material).by_rule("residue.unit_mismatch")
    assert [material.text[f.start : f.end] for f in found] == ["云岭市交通运输局"]
    assert found[0].start > material.text.index("三是")


def test_unit_check_needs_a_named_unit_of_its_own(builder):
    b = builder("党委班子2025年度民主生活会对照检查材料", year=2025, unit="党委")
    b.line("红山区交通运输局领导班子在推进项目时存在拖延。")
    assert review_material(b.build()).by_rule("residue.unit_mismatch") == []


def test_carryover_given_in_the_opening_paragraph_counts(builder):
    b = builder("青石县水利局党组班子2025年度民主生活会对照检查材料", year=2025)
    b.line("会前征求意见32条。2024年度民主生活会查摆的6个问题已全部整改完成。现报告如下。")
    b.section("problems", "一、查摆出的问题")
    b.problem(None, GOOD_PROBLEMS["ability"])
    assert review_material(b.build()).by_rule("coverage.carryover_missing") == []


def test_overlapping_phrases_of_one_length_resolve_by_list_order():
    """Not by a set's order, which changes with the process's hash seed (the same material gave
    落实不够 in one run and 不够到位 in the next)."""
    from duizhao.review.text import find_phrases

    assert find_phrases("学习落实不够到位", ("落实不够", "不够到位")) == [("落实不够", 2, 6)]
    assert find_phrases("学习落实不够到位", ("不够到位", "落实不够")) == [("不够到位", 4, 8)]
    assert find_phrases("学习落实不够到位", ["不够到位", "落实不够"]) == [("不够到位", 4, 8)]
