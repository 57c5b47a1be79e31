"""Parts without the standard headings, enumerations inside paragraphs, and the item stage, on
texts written for these tests (fictional units)."""

import pytest

from duizhao.parse import parse_text
from duizhao.parse.items import Candidate, classify_items
from duizhao.parse.sections import lead_kind, section_kind

LEAD_SENTENCES = """个人对照检查材料
某县统计局副局长  王某
按照局党组的安排，我围绕会议主题认真学习，广泛听取意见，深入开展谈心谈话。
结合征求到的意见，现将本人存在的问题剖析如下：
1.学习自觉性不高：满足于集中学习，自学时间少，读书笔记只写了几页。
2.服务基层不主动：到乡镇统计站指导少，基层报表出错后才去了解情况。
3.工作标准不严：审核年报时只看总数，对明细数据复核不细。
产生这些问题的原因主要有：
一是理论学习的自觉性不够，思想上放松了要求。
二是宗旨意识有所淡化，对基层的困难体会不深。
下一步，我将做到以下几点：
要每周安排半天自学，每季度写一篇学习体会。
坚持每月到乡镇统计站指导一次，2026年6月底前完成全县统计人员轮训。
以上发言，请同志们批评指正。
"""


def test_lead_sentences_open_the_parts():
    m = parse_text(LEAD_SENTENCES)
    assert [p.summary for p in m.problems] == ["学习自觉性不高", "服务基层不主动", "工作标准不严"]
    assert [c.text[:2] for c in m.causes] == ["一是", "二是"]
    assert [x.text[:2] for x in m.measures] == ["要每", "坚持"]
    assert [s.kind for s in m.sections if s.kind != "preamble"][:3] == ["problems", "causes", "measures"]


def test_lead_kind_reads_the_role_words():
    assert lead_kind("现将查摆出的问题报告如下：") == "problems"
    assert lead_kind("究其原因，主要有以下几点：") == "causes"
    assert lead_kind("针对上述问题，下一步我将：") == "measures"
    assert lead_kind("会前，班子成员认真学习了有关文件。") is None  # says nothing is coming
    assert lead_kind("现将有关情况报告如下：") is None  # names no part


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("一、自查中存在的主要缺憾", "problems"),  # machine-rewritten 不足: by similarity
        ("二、成因分析", "causes"),
        ("三、纠正举措", "measures"),
        ("一、症结剖析", "causes"),  # 剖析 alone would say problems
        ("二、存在问题及整改措施", "problems"),
        ("一、会前准备情况", "other"),
    ],
)
def test_part_headings_in_other_words(heading, kind):
    assert section_kind(heading) == kind


SYNONYM_HEADINGS = """某镇党委领导班子2025年度民主生活会对照检查材料
会前，班子开展专题学习研讨3次，征求意见建议20条。
一、自查中存在的主要缺憾
（一）在带头强化政治忠诚、提高政治能力方面
一是学习党的创新理论不够系统。二是研判风险不够敏锐。
（二）在带头干事创业、担当作为方面
一是推动项目建设的劲头不足，园区道路工程拖延了三个月。
二、成因分析
一是理论武装不够到位。二是担当精神有所减退。
三、纠正举措
（一）强化理论武装。每月开展一次集中学习。
（二）狠抓项目落实。2026年6月底前完成园区道路工程。
"""


def test_machine_rewritten_headings():
    m = parse_text(SYNONYM_HEADINGS)
    assert [p.aspect for p in m.problems] == ["政治忠诚", "政治忠诚", "担当作为"]
    assert len(m.causes) == 2 and len(m.measures) == 2


EXCERPT_MID_LIST = """3.调查研究不深入。下乡调研多是听汇报、看材料，到田间地头同农户交谈少，对种粮大户反映的烘干难问题掌握不及时。
4.落实工作不扎实。布置任务后跟踪督办少，今年确定的高标准农田建设任务完成进度滞后两个月。
5.廉洁自律有松懈。对分管单位的公务接待管理不严，有一次接待超出了标准。
究其原因，主要有以下几点：
一是理论学习有所放松。二是宗旨意识有所淡化。
"""


def test_excerpt_starting_mid_list():
    m = parse_text(EXCERPT_MID_LIST)
    assert [p.summary for p in m.problems] == ["调查研究不深入", "落实工作不扎实", "廉洁自律有松懈"]
    assert len(m.causes) == 2


NEWS = """县水务局党组召开2025年度民主生活会
12月20日，县水务局党组召开2025年度民主生活会，县委第三督导组到会指导。
会前，局党组通过发放征求意见表、召开座谈会等方式征求意见建议19条。一是制定了会议方案；二是开展了集中学习；三是组织了谈心谈话。
会上，局党组书记代表班子作对照检查，对班子存在的问题作了深刻剖析。一是学习贯彻党的创新理论不够深入，结合水利工作实际研究不够；二是为民服务意识不够强，农村供水管网漏损投诉有6件超期办结；三是推动重点工程的劲头不足，水库除险加固工程进度滞后。
针对查摆出的问题，局党组提出了整改措施：一是每月开展一次党组理论学习中心组学习；二是2026年3月底前完成农村供水管网改造；三是建立重点工程周调度制度。
"""


def test_enumerations_inside_paragraphs():
    m = parse_text(NEWS)
    assert [p.text[:2] for p in m.problems] == ["一是", "二是", "三是"]
    assert m.problems[1].text.startswith("二是为民服务意识不够强") and m.problems[1].text.endswith("超期办结；")
    assert [x.text[:2] for x in m.measures] == ["一是", "二是", "三是"]
    for element in [*m.problems, *m.measures, *m.items]:
        assert m.text[element.start : element.end] == element.text
    # the preparation list (一是制定了会议方案……) is neither problems nor measures
    assert not any("会议方案" in x.text for x in [*m.problems, *m.causes, *m.measures])


def test_a_news_report_lists_its_items_but_takes_no_framework():
    """Not a material: its items are read, but no year's aspects are applied (parse/document_kind)."""
    m = parse_text(NEWS.replace("一是学习贯彻", "一是政治忠诚还需强化，学习贯彻"))
    assert m.document_kind == "news"
    assert m.framework_id is None and "不是对照检查材料" in m.framework_reason
    assert len(m.problems) == 3


PROBLEMS_AND_MEASURES = """某县文化馆党支部2024年度组织生活会对照检查材料
一、存在问题及整改措施
1.政治理论学习不够深入，集中学习多是读文件，讨论联系群众文化工作实际不够。
2.服务群众的主动性不够强，送文化下乡全年只开展了4次，偏远村组没有覆盖到。
3.要在2025年6月底前完成全县文化志愿者培训，每季度送文化下乡不少于3次。
二、原因分析
一是把学习当成应付检查的任务，学习流于形式，根源在于理想信念教育抓得不紧。
"""


def test_items_say_what_they_are():
    m = parse_text(PROBLEMS_AND_MEASURES)
    assert [p.text[:2] for p in m.problems] == ["1.", "2."]
    assert [x.text[:2] for x in m.measures] == ["3."]
    assert len(m.causes) == 1
    roles = {item.text[:2]: item for item in m.items}
    assert roles["3."].role == "measure" and roles["3."].prior == "problems"
    assert roles["1."].role == "problem"
    assert all(0 <= item.confidence <= 1 for item in m.items)


def test_cause_written_in_a_problem_list_is_a_cause():
    text = """个人发言提纲
存在的问题
一是学习不够深入，集中学习多、个人钻研少，读原著原文不够。
二是把学习当成应付检查的任务，满足于完成规定动作，根源在于理想信念有所松懈。
"""
    m = parse_text(text)
    assert [p.text[:2] for p in m.problems] == ["一是"]
    assert [c.text[:2] for c in m.causes] == ["二是"]


def test_classifier_contract():
    text = "一是把学习当成应付检查的任务，根源在于理想信念有所松懈。\n要坚持每周自学半天，2026年3月底前完成。\n一是全年解决群众急难愁盼问题37件，取得明显成效。"
    second = text.index("要")
    third = text.index("一是全年")
    candidates = [Candidate(0, second - 1), Candidate(second, third - 1), Candidate(third, len(text))]
    items = classify_items(text, candidates)
    assert [i.role for i in items] == ["cause", "measure", "achievement"]
    assert [(i.start, i.end) for i in items] == [(c.start, c.end) for c in candidates]
    assert all(i.confidence > 0.5 for i in items)
    # the part's kind is a prior: an ordinary problem sentence stays in its part
    stays = classify_items("党性锻炼有所放松。", [Candidate(0, 9, "problems")])
    assert stays[0].role == "problem"


def test_items_in_json():
    m = parse_text(LEAD_SENTENCES)
    data = m.to_dict()
    assert {"text", "start", "end", "role", "confidence", "prior", "lead"} <= set(data["items"][0])
    assert {i["role"] for i in data["items"]} >= {"problem", "cause", "measure"}


def test_list_over_several_lines_without_a_heading():
    text = """会议记录（摘录）
班子成员逐一发言，查摆了以下问题：
一是学习贯彻上级精神不够及时，有的文件传达滞后一周以上。
二是深入企业走访不够，全年走访企业只有12家。
三是督办落实不够有力，3项重点任务延期完成。
"""
    m = parse_text(text)
    assert [p.text[:2] for p in m.problems] == ["一是", "二是", "三是"]
    assert all(item.prior == "problems" for item in m.items)


def test_lead_sentence_closing_a_long_paragraph():
    text = """个人对照检查材料
活动开展以来，我参加集中学习6次，到分管的3个站所召开座谈会，听取基层干部和群众意见，共征求到涉及本人的意见建议9条，与班子成员逐一谈心。通过学习和查摆，我认识到自己与群众的期盼还有差距。现将本人查摆的问题报告如下：
1.学习不够深入：满足于读文件，联系实际思考少。
2.联系群众不够：到村组走访少，对群众的困难了解不及时。
"""
    m = parse_text(text)
    assert [p.summary for p in m.problems] == ["学习不够深入", "联系群众不够"]
    assert m.items[0].lead == "现将本人查摆的问题报告如下："


def test_inline_leads_split_a_part_into_its_kinds():
    text = """某社区党支部组织生活会对照检查材料
支委会对照党章党规，查摆出以下问题：
1.理论学习不够系统，集中学习有3次没有按计划开展。
2.联系居民不够经常，对老旧小区加装电梯的诉求回应慢。
分析起来，问题的根子在于思想上不够重视。一是宗旨意识有所淡化；二是抓党建的责任意识不强。
下步工作中，我们将从以下方面改进：一是每月开展一次集中学习；二是建立支委联系楼栋制度，2026年5月底前完成。
"""
    m = parse_text(text)
    assert [p.text[:2] for p in m.problems] == ["1.", "2."]
    assert [c.text[:2] for c in m.causes] == ["一是", "二是"]
    assert [x.text[:2] for x in m.measures] == ["一是", "二是"]
    assert m.causes[1].text.endswith("责任意识不强。")


def test_commitment_lead_opens_the_measures():
    assert lead_kind("为此，我将着重做好以下几点：") == "measures"
    assert lead_kind("现将我查摆的问题报告如下：") == "problems"
