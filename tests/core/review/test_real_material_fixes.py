"""False alarms and misses found by running the review on real materials (../shared/samples),
each fixed by a general rule and checked here on sentences written for these tests (fictional
units)."""

from __future__ import annotations

from duizhao.model import Removal
from duizhao.review import review_material
from duizhao.review.config import load_review_config
from duizhao.review.specificity import score_text


def rules_of(result):
    return {f.rule for f in result.findings}


def concrete(text: str) -> bool:
    return score_text(text, load_review_config())["concrete"]


# ---------------------------------------------------------------- specificity


def test_numbers_quoted_from_documents_are_not_examples():
    assert not concrete("一是学习不够系统。对党的二十大报告提出的9个方面重大成就和5个重大原则领会不透。")
    assert not concrete("二是学用脱节。学习《论党的自我革命》第3卷时只读不思，结合工作不够。")
    assert not concrete("三是谋划不够长远。对“十四五”规划和二十届三中全会部署的改革任务研究不够。")
    assert not concrete("四是对2035年远景目标理解不深，谋划工作站位不高。")
    # the writer's own numbers next to a quoted document still count
    assert concrete("一是学用脱节。全会提出的改革任务，我局今年只落实了2项，另有3项没有启动。")


def test_a_document_only_studied_is_no_example_but_an_own_document_is():
    assert not concrete("二是学习浮于表面。对《党委会议事规则》的学习停留在表面，缺乏钻研。")
    assert concrete("二是制度执行不严。局里印发的《车辆使用规定》要求出车登记，执法队长期没有登记。")


def test_place_words_that_name_no_place():
    for text in ("一是联系群众不够。平时很少下乡，对全镇的情况掌握不细。", "一是思考不深。没有与我镇实际相结合。"):
        assert not concrete(text), text
    assert concrete("一是联系群众不够。到挂钩的柳湾村去得少，村里的排涝问题拖了很久。")


def test_a_real_event_told_without_numbers_is_an_example():
    assert concrete("二是监管失之于软。接到渣土偷倒的线索后没有组织夜查，直到被市里通报才整治。")
    assert concrete("一是化解矛盾不主动。在某村宅基地纠纷中只听了一方意见。")
    assert not concrete("一是群众观念淡薄。对群众诉求重视不够，办事拖拉。")


def test_a_time_frame_alone_is_no_example():
    assert not concrete("三是调研不深入。今年以来调研多、解决问题少，成果转化不够。")


def test_a_share_in_words_and_a_blank_count_are_numbers():
    assert concrete("一是宣传不到位。抽查中政策知晓率只有六成。")
    assert concrete("二是纪律松弛。今年已有*名干部因酒驾受到处分。")


# ---------------------------------------------------------------- unfilled templates and non-materials


def test_no_problem_found_means_no_missing_aspects(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.section("measures", "整改措施")
    b.measure("（一）由局长牵头，6月底前完成供水管网改造。")
    result = review_material(b.build(), "dsh-2023")
    assert "coverage.aspect_missing" not in rules_of(result)
    assert any("没有识别出" in note for note in result.notes)


def test_placeholder_only_elements_get_only_the_placeholder_finding(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.section("problems", "二、存在的问题")
    b.problem("theory_study", "【待补】")
    b.problem("work_style", "XX")
    b.section("measures", "四、整改措施")
    b.measure("【待补】")
    result = review_material(b.build(), "dsh-2023")
    found = rules_of(result)
    assert "residue.placeholder" in found
    assert not found & {"specificity.no_example", "measures.vague", "measures.too_few", "measures.aspect_unanswered"}


def test_too_few_measures_says_none_were_found(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.section("problems", "二、存在的问题")
    b.problem("theory_study", "一是学用脱节。今年中心组学习10次，有4次只读文件。")
    (finding,) = review_material(b.build(), "dsh-2023").by_rule("measures.too_few")
    assert "没有找到整改措施" in finding.message and "0 条" not in finding.message


def test_framework_of_the_other_meeting_kind_is_not_used_for_coverage(builder):
    b = builder("柳河县水务局机关党支部2025年度组织生活会个人对照检查材料", kind="personal")
    b.material.framework_id = "dsh-2025"  # what detection found from shared aspect names
    b.section("problems", "一、存在的问题")
    b.problem("political_loyalty", "一是学习不深。今年支部集中学习8次，我缺席了3次。")
    result = review_material(b.build())
    assert "coverage.aspect_missing" not in rules_of(result)
    assert any("组织生活会" in note and "--framework" in note for note in result.notes)
    # given explicitly, the framework is trusted
    assert "coverage.aspect_missing" in rules_of(review_material(b.build(), "dsh-2025"))


def test_framework_guessed_for_a_material_without_a_year_is_not_used_for_coverage(builder):
    b = builder("领导班子民主生活会对照检查材料")
    b.material.framework_id = "dsh-2020"
    b.section("problems", "一、存在的问题")
    b.problem(None, "一是作风不实。今年发文同比增加了12份。", aspect="作风建设")
    result = review_material(b.build())
    assert "coverage.aspect_missing" not in rules_of(result)
    assert any("没有写明年度" in note for note in result.notes)


# ---------------------------------------------------------------- causes


def test_cause_restating_a_problem_in_other_words(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("ability", "一是调查研究不够深入。今年到基层调研4次，都是听汇报。")
    b.problem("theory_study", "二是理论学习的系统性不够。中心组学习10次有4次只读文件。")
    b.cause("一是调研的深度不足，下去看得少。")
    b.cause("二是对理论学习不够系统，根子在于思想上没有把学习当作政治责任。")
    b.cause("三是政绩观有偏差。把考核排名看得比群众满意度重。")
    found = review_material(b.build(), "dsh-2023").by_rule("causes.restates_problem")
    assert [f.data["problem"] for f in found] == ["调查研究不够深入"]


# ---------------------------------------------------------------- measures


def test_a_deadline_without_anything_checkable_is_vague(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.measure("（一）年内进一步增强宗旨意识，不断改进工作作风。")
    b.measure("（二）立行立改，切实提高政治判断力。")
    b.measure("（三）9月底前修订局机关请示报告制度，明确报告事项清单。")
    b.measure("（四）年底前对近两年的工程合同逐份清查。")
    found = review_material(b.build(), "dsh-2023").by_rule("measures.vague")
    assert len(found) == 2
    assert all(b.material.text[f.start : f.end].startswith(("（一）", "（二）")) for f in found)


# ---------------------------------------------------------------- coverage and residue


def test_count_placeholder_quotes_only_the_blank_count(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.line("会前广泛征求干部群众的意见和建议，共收集到意见建议**条。")
    b.section("problems", "一、存在的问题")
    b.problem("theory_study", "一是学用脱节。今年中心组学习10次，有4次只读文件。")
    material = b.build()
    (finding,) = review_material(material, "dsh-2023").by_rule("coverage.count_placeholder")
    assert material.text[finding.start : finding.end] == "意见建议**条"


def test_many_removals_of_one_kind_make_one_phrase(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    material = b.build()
    material.removed = [Removal("junk", f"#{i}& q{i} %", i * 10, "论坛防采集乱码") for i in range(9)]
    (finding,) = review_material(material, "dsh-2023").by_rule("residue.template_site")
    assert "等 9 处" in finding.message and finding.message.count("论坛防采集乱码") == 1


def test_carryover_reported_in_a_separate_note_is_not_missing(builder):
    b = builder("柳河县水务局党组领导班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.section("problems", "一、存在的问题")
    b.problem("theory_study", "一是学用脱节。今年中心组学习10次，有4次只读文件。")
    without = review_material(b.build(), "dsh-2023")
    assert "coverage.carryover_missing" in rules_of(without)
    b.line("上年度民主生活会查摆问题的整改情况已形成专项报告，会上另行通报。")
    assert "coverage.carryover_missing" not in rules_of(review_material(b.build(), "dsh-2023"))


def test_typo_in_the_name_of_the_thought(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.line("深入学习习近平新世代中国特色社会主义思想。")
    (finding,) = review_material(b.build(), "dsh-2023").by_rule("terms.wrong_term")
    assert "习近平新时代" in finding.message


def test_deadline_only_measure_says_what_is_missing(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.measure("（一）年底前进一步提高政治站位。")
    (finding,) = review_material(b.build(), "dsh-2023").by_rule("measures.vague")
    assert "只有时限" in finding.message and "年底" in finding.message


def test_misplaced_problem_points_at_the_other_aspects_word(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("theory_study", "一是收受礼金。春节前收了下属单位的礼金，还接受了吃请3次。")
    material = b.build()
    (finding,) = review_material(material, "dsh-2023").by_rule("coverage.problem_misplaced")
    assert material.text[finding.start : finding.end] in ("礼金", "吃请")


def test_stock_mentions_of_accidents_and_disputes_are_no_event():
    assert not concrete("一是形式主义突出。出了事故多强调客观原因，化解矛盾纠纷不力。")
    assert concrete("一是处置不及时。那起电动车充电引发的火灾事故，事后整改拖了很久。")


def test_carryover_is_asked_only_of_a_self_examination_material(builder):
    b = builder("关于对城关镇党委开展巡察的反馈意见")
    b.material.kind = "team"
    b.problem(None, "一是落实上级部署有差距。农房排查只完成了七成。")
    assert "coverage.carryover_missing" not in rules_of(review_material(b.build()))


def test_a_numeral_inside_a_quoted_name_is_no_quantity(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.measure("（二）深入开展“三项行动”，全面提升干部素质。")
    b.measure("（三）开展三次专项督查，问题逐一整改。")
    found = review_material(b.build(), "dsh-2023").by_rule("measures.vague")
    assert len(found) == 1


def test_a_measure_answers_an_aspect_by_the_words_of_its_problem(builder):
    b = builder("柳河县水务局机关党支部党员2025年度组织生活会个人对照检查材料", kind="personal", year=2025)
    b.problem("organisational_discipline", "一是请示报告不及时。9月外出参加培训，出发前没有向支部报告。")
    b.problem("work_discipline", "一是执行制度不严。负责的水费台账有2个月没有按时更新。")
    b.problem("life_discipline", "一是业余时间学习不够。今年只读完1本业务书籍。")
    b.measure("（一）外出一律事前向支部书记书面报告。")
    b.measure("（二）11月底前完成全部台账更新。")
    found = review_material(b.build(), "osh-2025").by_rule("measures.aspect_unanswered")
    assert [f.data["aspect_id"] for f in found] == ["life_discipline"]


def test_an_admitted_excuse_is_no_objective_cause(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.cause("一是学习抓得不紧。总认为工作忙，学习可以往后放。")
    b.cause("二是调研不深。常以任务重为由，把下基层的安排一推再推。")
    b.cause("三是基层人手不足、任务重，很多事顾不过来。")
    found = review_material(b.build(), "dsh-2023").by_rule("causes.objective_only")
    assert [f.data["phrases"] for f in found] == [["人手不足", "任务重"]]


def test_a_regular_schedule_is_checkable(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.measure("（一）坚持每周五下午集中学习。")
    assert review_material(b.build(), "dsh-2023").by_rule("measures.vague") == []


def test_an_earlier_meeting_named_for_its_rectification_is_no_residue(builder):
    b = builder("柳河县水务局党组领导班子2025年度民主生活会对照检查材料", year=2025)
    b.line("2023年主题教育专题民主生活会查摆的问题已全部完成整改。")
    b.line("现将2023年度民主生活会对照检查情况报告如下。")
    found = review_material(b.build(), "dsh-2025").by_rule("residue.year_mismatch")
    assert [f.data["stated"] for f in found] == [2023] and len(found) == 1
    assert found[0].start > b.material.text.index("现将")


def test_an_achievement_turned_to_a_fault_in_the_next_sentence_is_no_report(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("responsibility", "一是攻坚不够。河道整治取得了一定成效。但城西段的3处违建至今没有拆除。")
    assert review_material(b.build(), "dsh-2023").by_rule("problems.achievement") == []


def test_a_plenum_and_what_it_lists_are_both_quoted():
    assert not concrete("一是领会不深。对二十届四中全会提出的12项重点任务研究不够。")


def test_a_named_office_or_a_named_wrongdoing_is_an_example():
    assert concrete("一是执行制度不严。分管的执法大队有人公车私用，我只作了口头提醒。")
    assert concrete("三是收费管理不规范。局属检测站收费由一人经手，财务股把关不严。")
    for text in (
        "一是理想信念有所弱化，所以工作中有所放松。",
        "二是对各股室督促检查不够，对基层站所指导不力。",
        "三是围绕中心工作谋划不够。",
    ):
        assert not concrete(text), text
    assert not concrete("一是在重大原则问题上虽能站稳立场，但发声亮剑不够。")


def test_a_result_negated_through_an_adverb_or_only_hoped_for_is_no_report(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("work_style", "一是作风不实。河长制工作没有真正得到群众认可，今年有3条河道反复出现垃圾。")
    b.problem("responsibility", "二是急于求成。总想尽快取得突破性进展，3个项目仓促上马后停工。")
    b.problem("responsibility", "三是不够清醒。供水改造圆满完成后，对2个老旧片区的漏损不再过问。")
    found = review_material(b.build(), "dsh-2023").by_rule("problems.achievement")
    assert found == []
    b.problem("responsibility", "四是服务大局有差距。全年供水改造圆满完成，受到市里通报表扬。")
    (finding,) = review_material(b.build(), "dsh-2023").by_rule("problems.achievement")
    assert b.material.text[finding.start : finding.end] == "圆满完成"


def test_another_units_case_cited_as_a_warning_is_no_recycled_unit(builder):
    b = builder("中共柳溪县卫生健康局党组领导班子2025年度民主生活会对照检查材料", year=2025, unit="柳溪县卫生健康局")
    b.line("以市纪委通报的某县民政局班子违规发放津贴案为镜鉴，举一反三。")
    b.line("我们柳溪县民政局领导班子存在的问题主要有：")
    material = b.build()
    (finding,) = review_material(material, "dsh-2025").by_rule("residue.unit_mismatch")
    assert material.text[finding.start : finding.end] == "柳溪县民政局"


def test_a_lone_mou_in_the_body_is_a_gentle_note_but_in_the_title_an_error(builder):
    b = builder("某县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("work_style", "一是联系群众不够。在某村征地补偿纠纷中，我只听了村干部的汇报。")
    material = b.build()
    from duizhao.model import Placeholder

    material.placeholders = [
        Placeholder("某", 0, 1),
        Placeholder("某", material.text.index("某村"), material.text.index("某村") + 1),
    ]
    found = review_material(material, "dsh-2023").by_rule("residue.placeholder")
    assert [f.severity for f in found] == ["error", "info"]
    assert "某村" in found[1].message


def test_a_heading_with_a_blank_is_still_unfilled(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.problem("theory_study", "（一）理论学习方面：【待补】")
    b.problem("work_style", "一是作风不实，工作有时浮于表面。")
    found = review_material(b.build(), "dsh-2023").by_rule("specificity.no_example")
    assert len(found) == 1 and "作风不实" in b.material.text[found[0].start : found[0].end]


def test_a_cause_that_turns_from_circumstances_to_itself_is_not_objective_only(builder):
    b = builder("柳河县水务局党组班子2023年主题教育专题民主生活会对照检查材料", year=2023)
    b.cause("二是工作量大、人员少是一方面，根源在于自己把群众的事看得不够重。")
    assert review_material(b.build(), "dsh-2023").by_rule("causes.objective_only") == []


def test_criticism_praise_then_hope_and_a_situation_named():
    from duizhao.review.criticism import assess_criticism

    assert {f.rule for f in assess_criticism("周敏同志做事踏实肯干，希望今后在学习上再加把劲。")} == {
        "criticism.hope_instead"
    }
    assert assess_criticism("吴刚同志在组织防汛演练时，只让办公室拍照留痕，自己没有到堤上查看。") == []
    assert {f.rule for f in assess_criticism("吴刚同志对分管工作督促不够，希望今后盯紧节点。")} == {
        "criticism.no_example"
    }


def test_an_older_rules_folder_without_the_synonym_list_still_loads(tmp_path):
    import shutil
    from importlib import resources

    shipped = resources.files("duizhao") / "data" / "review"
    shutil.copytree(str(shipped), tmp_path / "review")
    (tmp_path / "review" / "phrases" / "restatement_synonyms.txt").unlink()
    config = load_review_config(tmp_path / "review")
    assert "restatement_synonyms" not in config.phrases
    assert "有待加强" in config.phrases["generic_problem"]
