"""The two families that gave extra problems on the blind set (issue 10 §1/§5): parts numbered
like the problem items under them ("2.问题产生的原因" after "12.……"), and work already done listed
as 一是…；二是… in a carry-over part or after "主要做了以下工作：". Texts written for these tests."""

from duizhao.parse import parse_text
from duizhao.parse.sections import inline_lead_kind, lead_kind, section_kind

_PROBLEMS = """1.学习不够系统：平时多是围绕工作临时找材料学习，系统研读原著少，学习笔记内容单薄。
2.调研不够深入：到基层多是听汇报、看材料，和一线职工面对面交流少，掌握的情况不全面。
3.担当不够有力：对仓库改造这一老问题存在畏难情绪，方案讨论了三次仍未定下来。
4.监督不够经常：对分管科室的日常提醒少，有一笔采购的审批手续不全，事后才补齐。"""

_REST = """2.问题产生的根源
认真反思，这些问题的产生有客观因素，但主要是主观上的原因。
（一）理论学习的自觉性不强。把学习当成软任务，以干代学，满足于一知半解。
（二）宗旨意识有所淡化。站在职工角度想问题少，对一线的困难体会不深。
（三）担当精神有所弱化。遇到矛盾瞻前顾后，怕出问题、怕担责任。
3.今后的努力方向和整改措施
（一）坚持每周自学。每周安排半天时间研读原著，每季度撰写一篇学习体会。
（二）改进调研方式。每月到基层蹲点两天，与一线职工面对面座谈。
（三）限期破解难题。2026年6月底前拿出仓库改造方案并报党组研究。
以上是我的对照检查，请同志们批评指正。"""

_HEAD = """2025年度民主生活会个人对照检查材料（某物流公司副总经理）
按照公司党委的部署，我认真学习，广泛听取意见，深入查摆问题，现将有关情况报告如下。
1.一年来的学习体会
这一年，我对新发展理念有了更深的理解，也更加感到自身能力与岗位要求的差距。对照要求，现将本人存在的主要问题查摆如下：
"""


def _kinds(material) -> list[str]:
    return [s.kind for s in material.sections]


def _check_numbered_parts(material) -> None:
    assert [p.text[:2] for p in material.problems] == ["1.", "2.", "3.", "4."]
    assert [c.text[:3] for c in material.causes] == ["（一）", "（二）", "（三）"]
    assert [m.text[:3] for m in material.measures] == ["（一）", "（二）", "（三）"]
    assert "causes" in _kinds(material) and "measures" in _kinds(material)


def test_parts_numbered_like_the_items_open_their_parts_when_the_numbering_breaks():
    # "2.问题产生的根源" right after item "4." breaks the items' run: it starts another run, the parts
    _check_numbered_parts(parse_text(_HEAD + _PROBLEMS + "\n" + _REST))


def test_parts_numbered_like_the_items_open_their_parts_when_a_contents_block_lists_them():
    contents = "目 录\n1.一年来的学习体会\n2.问题产生的根源\n3.今后的努力方向和整改措施\n"
    title, rest = _HEAD.split("\n", 1)
    material = parse_text(title + "\n" + contents + rest + _PROBLEMS + "\n" + _REST)
    assert any(r.kind == "contents" for r in material.removed)
    _check_numbered_parts(material)


def test_a_contents_block_alone_opens_a_part_whose_number_continues_the_items():
    title, rest = _HEAD.split("\n", 1)
    contents = "目 录\n1.一年来的学习体会\n5.问题产生的根源\n6.今后的努力方向和整改措施\n"
    tail = _REST.replace("2.问题产生的根源", "5.问题产生的根源").replace("3.今后的努力", "6.今后的努力")
    with_contents = parse_text(title + "\n" + contents + rest + _PROBLEMS + "\n" + tail)
    _check_numbered_parts(with_contents)
    # without the contents block "5." just continues the items 1–4: nothing shows it is a part
    without = parse_text(title + "\n" + rest + _PROBLEMS + "\n" + tail)
    assert "causes" not in _kinds(without)


def test_a_short_numbered_problem_that_names_a_part_stays_a_problem():
    text = """某中心党支部2025年度组织生活会对照检查材料
一、存在的问题
（一）政治理论学习方面
1.学习不够系统：集中学习多，个人自学少，学习笔记照抄原文。
2.研讨不够深入：研讨发言多是表态，联系实际谈体会少。
3.问题整改不彻底
上年度查摆的两个问题中，有一个至今没有销号。
支委会对整改进度的跟踪不够，没有定期通报。
（二）联系服务群众方面
1.走访不够经常：支委下社区走访的次数达不到要求。
2.问题整改不彻底
群众反映的楼道照明问题拖了三个月才解决。
对群众的诉求没有建立台账，办结后也没有回访。
二、原因分析
一是理论学习的自觉性不够强。二是宗旨意识有所淡化。
三、整改措施
一是每月集中学习一次。二是建立群众诉求台账。"""
    material = parse_text(text)
    assert _kinds(material)[:3] == ["problems", "causes", "measures"]
    assert len(material.problems) == 5
    assert not any(m.text.startswith(("3.", "2.问题")) for m in material.measures)


def test_a_long_carryover_heading_that_ends_with_qingkuang_is_a_carryover_part():
    heading = "一、2025年度民主生活会查摆问题和学习教育专题检视问题整改落实情况"
    assert section_kind(heading, 1) == "carryover"
    # a long heading that only mentions an earlier meeting is still no part
    assert section_kind("一、对2025年度民主生活会查摆出的问题整改跟踪问效还不够经常", 1) == "other"


def test_done_work_listed_in_a_carryover_part_gives_no_problems():
    text = """某县统计局党组2026年度民主生活会对照检查材料
一、2025年度民主生活会查摆问题和学习教育专题检视问题整改落实情况
上年度查摆的问题已全部制定整改措施。针对统计造假的突出问题，党组着力抓了以下几项工作：一是对近两年的基层报表进行了全面核查；二是修订了数据质量责任制；三是组织统计人员参加了法治培训。但也要看到，基层统计力量薄弱的问题还没有根本解决。
二、存在的问题
一是理论学习不够深入，中心组学习有时流于形式；二是调查研究不够扎实，下基层多是听汇报。
三、原因分析
一是理论学习的自觉性不强。二是宗旨意识有所淡化。
四、整改措施
一是每月开展一次集中学习。二是每季度到基层蹲点调研一次。"""
    material = parse_text(text)
    assert _kinds(material)[:2] == ["carryover", "problems"]
    assert [p.text[:2] for p in material.problems] == ["一是", "二是"]
    assert all("核查" not in p.text and "修订了" not in p.text for p in material.problems)


def test_a_lead_that_announces_work_done_opens_no_part():
    done = "聚焦群众反映强烈的突出问题开展了专项整治，主要做了以下工作："
    assert inline_lead_kind(done) is None
    assert lead_kind(done) is None
    assert inline_lead_kind("结合新的要求，重点推进了三件事：") is None
    # leads to what will be done, or to problems, still open their parts
    assert inline_lead_kind("针对上述问题，下一步将重点做好以下几项工作：") == "measures"
    assert lead_kind("现将本人存在的主要问题查摆如下：") == "problems"
    assert lead_kind("经过反思，暴露出了以下几个问题：") == "problems"


def test_done_work_after_a_lead_in_another_part_gives_no_problems():
    text = """某县市场监管局党组2026年度民主生活会对照检查材料
一、专项整治开展情况
党组聚焦食品安全领域群众反映强烈的突出问题开展了专项整治，主要做了以下工作：一是对全县校园食堂开展了拉网式检查；二是查处了一批无证经营的小作坊；三是公开了投诉举报的办理结果。
二、存在的问题
一是理论学习不够深入，中心组学习有时流于形式；二是执法监督不够严格，对个别执法人员的提醒不及时。
三、原因分析
一是理论学习的自觉性不强。二是纪律意识有所松懈。
四、整改措施
一是每月开展一次集中学习。二是每季度开展一次执法案卷评查。"""
    material = parse_text(text)
    assert [p.text[:2] for p in material.problems] == ["一是", "二是"]
    assert all("检查" not in p.text[:12] for p in material.problems)


def test_items_after_a_lead_announcing_work_done_are_achievements():
    text = """某社区党支部2026年度组织生活会对照检查材料
一、学习教育开展的基本情况
学习教育开展以来，支部按照上级的部署，主要做了以下工作：一是制定了支部学习计划，明确了每月的学习重点；二是组织党员到敬老院开展了志愿服务；三是支部书记讲了一次专题党课。
二、存在的问题
一是理论学习不够深入，集中学习有时流于形式；二是联系群众不够紧密，入户走访次数偏少。
三、原因分析
一是理论学习的自觉性不强。二是宗旨意识有所淡化。
四、整改措施
一是每月开展一次集中学习。二是每季度入户走访一次。"""
    material = parse_text(text)
    done = [item for item in material.items if "制定了" in item.text or "志愿服务" in item.text or "讲了" in item.text]
    assert len(done) == 3
    assert {item.role for item in done} == {"achievement"}
    assert {item.prior for item in done} == {"carryover"}
    assert len(material.problems) == 2 and len(material.measures) == 2
