"""What is checked on what (issue 10 §2, families of wrong findings on real text): a text cut off
mid-sentence, a document that is no material in the batch review, a document without problems,
a template of blanks, a text without a title line, a project named in words."""

from __future__ import annotations

import pytest

from duizhao.parse import parse_text
from duizhao.review import incomplete_tail, load_review_config, review_material

CONFIG = load_review_config()


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("一、存在的问题\n1.学习不够深入。对新修订的条例只读了原文。", False),
        ("一、存在的问题\n1.学习不够深入。\n石桥镇党委\n2025年12月20日", False),  # unit and date
        ("一、存在的问题\n1.学习不够深入。\n二、整改措施", False),  # a heading
        ("1.学习不够深入。班子成员在日常工作中从大局上观察分析", True),  # goes on from a sentence
        ("1.学习不够深入。\n在推进石桥村土地流转时，班子", True),  # a line of prose with a comma
        ("1.学习不够深入。\n对照上级要求逐项查摆以后发现班子成员在理论学习和调查研究中都还存在", True),  # long
        ("没有句末标点的一行", False),
    ],
)
def test_a_text_cut_mid_sentence_is_recognised(text, cut):
    assert (incomplete_tail(text, CONFIG) is not None) is cut


CUT = """石桥镇党委领导班子2025年度民主生活会对照检查材料
一、存在的问题
（一）在强化政治忠诚方面
1.学习贯彻不够深入，学用结合不够紧密，抓落实的办法不多。
2.调查研究不够经常，对基层反映的困难掌握不全，班子成员"""


def test_a_cut_text_is_not_told_that_parts_are_missing():
    result = review_material(parse_text(CUT, name="cut.txt"), "dsh-2025")
    rules = {f.rule for f in result.findings}
    assert not rules & {"coverage.aspect_missing", "coverage.carryover_missing", "measures.too_few"}
    assert any("句子中间结束" in note for note in result.notes)
    # the complete problem is still judged; the unfinished one is not
    judged = [f for f in result.by_rule("specificity.no_example")]
    assert len(judged) == 1 and result.findings and "学习贯彻" in CUT[judged[0].start : judged[0].end]


def test_the_same_text_complete_is_told():
    text = CUT + "多，基层去得少。\n"
    rules = {f.rule for f in review_material(parse_text(text, name="whole.txt"), "dsh-2025").findings}
    assert {"coverage.aspect_missing", "coverage.carryover_missing", "measures.too_few"} <= rules


PROCEDURE = """党支部召开组织生活会的基本程序
一、会前准备
1、支部书记与支委商定会议时间和议题
2、广泛征求党员和群众的意见
二、会后工作
1、制定整改措施
2、建立和健全有关制度
"""


def test_a_document_without_problems_gets_no_measure_checks_in_the_batch_review():
    material = parse_text(PROCEDURE, name="procedure.txt")
    assert review_material(material, as_material=False).by_rule("measures.vague") == []


NEWS = """县委巡察组通报第一轮巡察反馈情况
经县委书记专题会议同意，近日，县委第一巡察组向城关镇党委反馈了巡察意见。
城关镇党委存在的主要问题：
贯彻落实上级决策部署还有差距，推动工作成效不明显。作风建设不够扎实，落实中央八项规定精神还有薄弱环节。
反馈会上，巡察组强调，要认真抓好巡察反馈问题整改。
"""


def test_a_news_report_is_not_counted_as_a_material_in_the_batch_review():
    material = parse_text(NEWS, name="news.txt")
    assert material.document_kind == "news"
    result = review_material(material, as_material=False)
    rules = {f.rule for f in result.findings}
    assert not any(rule.startswith(("coverage.", "measures.", "causes.")) for rule in rules)
    assert any("新闻报道" in note for note in result.notes)
    # asked to review it as a material (duizhao review FILE --as-material), everything runs
    assert review_material(material, as_material=True).by_rule("measures.too_few")


def test_a_template_of_blanks_gets_no_share_of_problems():
    text = "【单位】领导班子民主生活会对照检查材料\n一、存在的问题\n（一）政治建设方面\n【待补】\n二、原因分析\n【待补】\n三、整改措施\n【待补】\n"
    result = review_material(parse_text(text, name="template.txt"))
    assert result.by_rule("coverage.problem_share") == []
    assert result.by_rule("residue.placeholder")


def test_a_body_sentence_is_no_title_for_the_anonymity_of_mou():
    body = "为推动作风建设，某县农业农村局党组开展专题调研，现将有关情况报告如下：\n一、存在的问题\n1.窗口服务还不够规范。\n"
    found = review_material(parse_text(body, name="no-title.txt")).by_rule("residue.placeholder")
    assert found and {f.severity for f in found} == {"info"}
    titled = "某县农业农村局党组班子2025年度民主生活会对照检查材料\n" + body
    found = review_material(parse_text(titled, name="title.txt")).by_rule("residue.placeholder")
    assert "error" in {f.severity for f in found}


@pytest.mark.parametrize(
    ("problem", "specific"),
    [
        ("对城西污水处理厂提标改造工程的跟踪调度不够，管网配套和主体工程两头脱节。", True),
        ("推进国家绿色渔业实验基地项目建设力度不够大。", True),
        ("对乡村振兴项目跟踪服务不够，抓项目的办法不多。", False),
        ("推进重点项目建设不力，民生实事项目推进缓慢。", False),
    ],
)
def test_a_project_named_in_its_own_words_is_a_particular_matter(problem, specific):
    from duizhao.model import Material, Problem

    material = Material(text=problem, kind="personal", problems=[Problem(problem, 0, len(problem))])
    flagged = bool(review_material(material).by_rule("specificity.no_example"))
    assert flagged is not specific


@pytest.mark.parametrize(
    ("problem", "specific"),
    [
        ("争创文明城市时只顾迎检，便民服务站平时大门紧锁，居民评价“检查时热闹、检查后冷清”。", True),
        ("服务意识不强，办事群众抱怨：“材料交了三回还说不全”，班子没有深究。", True),
        ("宗旨意识有所淡化，存在“多一事不如少一事”的想法，为民服务的主动性不强。", False),
    ],
)
def test_what_people_said_quoted_with_its_speaker_is_concrete(problem, specific):
    from duizhao.model import Material, Problem

    material = Material(text=problem, kind="personal", problems=[Problem(problem, 0, len(problem))])
    assert bool(review_material(material).by_rule("specificity.no_example")) is not specific


@pytest.mark.parametrize(
    ("measure", "vague"),
    [
        ("加强对下属单位的日常监督，驻局纪检组全程参与，对违规问题开展专项检查。", False),
        ("登记注册流程再造由注册许可股负责，窗口人员全员培训。", False),
        ("加强对下属单位的日常监督，切实提高监督实效，推动形成长效机制。", True),
    ],
)
def test_a_measure_naming_the_body_that_acts_is_not_vague(measure, vague):
    from duizhao.model import Material, Measure

    material = Material(text=measure, kind="personal", measures=[Measure(measure, 0, len(measure))])
    assert bool(review_material(material).by_rule("measures.vague")) is vague


@pytest.mark.parametrize(
    ("problem", "specific"),
    [
        ("调查研究不深入。上次党员大会上有党员提出老年食堂饭菜偏贵，我没有到现场了解。", True),
        ("开展批评不够。那次座谈会上大家提的意见，我没有逐条回应。", True),
        ("批评和自我批评开展不够。在会议上发言不多，平时的座谈会上也很少主动提意见。", False),
        ("理论学习不够深入。中心组学习会上多是念文件，研讨发言照本宣科。", False),  # 科 by chance
        ("统计工作不实，统计科报送的数据与实际不符。", True),  # a named office still counts
    ],
)
def test_a_meeting_at_a_particular_time_and_offices_that_are_words(problem, specific):
    from duizhao.model import Material, Problem

    material = Material(text=problem, kind="personal", problems=[Problem(problem, 0, len(problem))])
    assert bool(review_material(material).by_rule("specificity.no_example")) is not specific


@pytest.mark.parametrize(
    ("measure", "vague"),
    [
        ("今后项目资金拨付，一律经局党组会集体研究后执行。", False),
        ("分管科室的请示件，我在收到后两个工作日内签批。", False),
        ("安排专人跟踪老旧小区改造进度，发现问题及时向党组报告。", False),
        ("对群众来信来访坚持首问负责，当天登记、限时办结。", False),
        ("本人要带头改进作风，增强宗旨意识，密切联系群众。", True),
        ("我将进一步加强学习，不断提高政治站位。", True),
    ],
)
def test_who_does_what_in_other_words(measure, vague):
    from duizhao.model import Material, Measure

    material = Material(text=measure, kind="personal", measures=[Measure(measure, 0, len(measure))])
    assert bool(review_material(material).by_rule("measures.vague")) is vague


@pytest.mark.parametrize(
    "text",
    [
        "二、整改措施\n1.强化理论学习，每月集中学习一次\n2.改进作风，班子成员每人联系一个村\n3.纪委书记负责，年底前完成专项检查",
        "四、整改措施\n1.按时完成整改。特此报告。河湾镇党委 2025年12月26日",
    ],
)
def test_a_list_without_full_stops_or_a_signature_is_no_cut(text):
    assert incomplete_tail(text, CONFIG) is None
