"""Families of real-text structure found by the full-length written set (t13–t20): numbered items
whose text starts with a year, measures written under each problem, lead sentences that refer back,
measure items numbered like parts, excerpts that start in the middle of a list, aspects named inside
a paragraph, a site's bracketed headings. Texts written for these tests."""

from duizhao.parse import parse_text


def _texts(items) -> list[str]:
    return [item.text for item in items]


def test_a_numbered_measure_starting_with_a_year_is_its_own_item():
    text = """某局党组2025年度民主生活会对照检查材料
一、存在的问题
（一）带头强化政治忠诚方面
1.学习贯彻不够深入，研讨停留在表态。
2.执行请示报告制度不严。
二、原因分析
一是理想信念有所弱化。
三、整改措施
1.每月集中学习一次，班子成员轮流领学。
2.2024年底前完成请示报告事项清单的修订，报县委备案。
3.2025年6月底前完成基层党组织书记轮训。"""
    material = parse_text(text)
    assert _texts(material.measures) == [
        "1.每月集中学习一次，班子成员轮流领学。",
        "2.2024年底前完成请示报告事项清单的修订，报县委备案。",
        "3.2025年6月底前完成基层党组织书记轮训。",
    ]
    assert material.year == 2025


def test_a_decimal_number_is_not_an_item_marker():
    material = parse_text(
        "某局对照检查材料\n三、整改措施\n全年完成投资2.5亿元。1.2025年底前完成改造。2.2026年6月底前完成验收。"
    )
    assert _texts(material.measures) == ["1.2025年底前完成改造。", "2.2026年6月底前完成验收。"]


PROBLEMS_WITH_MEASURES = """某镇党委班子2024年度民主生活会对照检查材料
一、存在问题及整改措施
（一）在带头严守政治纪律和政治规矩、维护党的团结统一方面
1.学纪不够经常。集中学习后自学少，对新条款掌握不全。
整改措施：每季度安排一次专题学纪，2025年6月底前完成。
2.请示报告有时滞后。项目调整后才补报。
整改措施：制定请示报告事项清单，2025年3月底前印发。
二、问题产生的根源
一是把学纪当成阶段性任务，根源在于纪律意识不牢。
二是对自身要求有所放松。"""


def test_measures_written_under_each_problem_are_measures():
    material = parse_text(PROBLEMS_WITH_MEASURES)
    assert _texts(material.problems) == [
        "1.学纪不够经常。集中学习后自学少，对新条款掌握不全。",
        "2.请示报告有时滞后。项目调整后才补报。",
    ]
    assert [m.text[:5] for m in material.measures] == ["整改措施：", "整改措施："]
    assert len(material.causes) == 2
    assert all(p.aspect_id == "political_discipline" for p in material.problems)


LEADS_ONLY = """县某局领导班子对照检查材料
按照县委统一部署，班子认真开展了对照检查。现将班子存在的突出问题查摆如下：
1.学风不浓，学用脱节。集体学习念得多、议得少。
2.文山会海，会议多而实效少。
3.深入基层不够，服务意识淡薄。
上述问题的产生，有多方面的原因，主要有以下几点：
一是理想信念有所弱化，根源在于世界观改造放松。
二是宗旨意识有所淡化。
针对查摆出的问题，局领导班子将坚持边学边改，重点抓好以下几项工作：
（一）强化理论武装，坚定理想信念。要坚持中心组学习制度，每月集中学习一次。
（二）精简文件会议，切实改进文风。要严格控制发文数量和会议规模。
（三）深入基层一线，密切联系群众。班子成员每人每年到基层调研不少于30天。
以上是班子的对照检查，请批评指正。"""


def test_a_lead_that_refers_back_to_the_problems_opens_the_measures():
    material = parse_text(LEADS_ONLY)
    assert [s.kind for s in material.sections if s.kind != "preamble"] == ["problems", "causes", "measures", "closing"]
    assert len(material.problems) == 3
    assert len(material.causes) == 2
    # the numbered measures run into their text with two clauses: items, not parts
    assert [m.text[:3] for m in material.measures] == ["（一）", "（二）", "（三）"]


EXCERPT = """3.为群众办实事成效不明显。梳理的问题清单中跨部门事项推进缓慢。
4.联系群众渠道单一。主要依靠热线工单了解诉求。
（四）在思想觉悟、能力素质、道德修养、作风形象方面找差距
1.思想上有松懈，工作标准有所降低。
2.能力上有短板，对数字化平台运用不熟。
二、产生问题的根源
（一）理论学习有差距。学习缺乏系统性。
（二）宗旨意识有差距。与群众感情有所疏远。
三、整改措施
（一）坚持理论学习。每天学习不少于1小时。
（二）践行群众路线。每周到社区走访一天。"""


def test_an_excerpt_starting_mid_list_keeps_its_problems_and_the_aspect_heading_places_them():
    material = parse_text(EXCERPT)
    assert [p.text[:2] for p in material.problems] == ["3.", "4.", "1.", "2."]
    assert material.framework_id == "dsh-2019"
    # the heading over 1. and 2. names the aspect; 3. and 4. lost theirs with the cut: not guessed
    assert [p.aspect_id for p in material.problems] == [None, None, "quality_and_image", "quality_and_image"]
    assert len(material.causes) == 2 and len(material.measures) == 2


MINUTES = """某医院党支部2023年度主题教育专题组织生活会会议记录
一、支部书记代表支委会作检视剖析
书记指出，支委会在学习贯彻党的创新理论方面还有差距，一是集中学习时间仓促，讨论少；二是学用结合不紧。在党性修养提高方面，一是组织生活有时推迟；二是批评辣味不足。在联系服务群众方面，一是候诊时间长的问题推动解决不力。
二、党员逐一发言
党员依次作了检视发言。"""


def test_aspects_named_inside_a_paragraph_place_the_items_after_them():
    material = parse_text(MINUTES)
    assert material.framework_id == "osh-2023"
    assert [p.aspect_id for p in material.problems] == [
        "theory_study",
        "theory_study",
        "party_spirit",
        "party_spirit",
        "serving_masses",
    ]
    # the clause naming the next aspect is not part of the item before it
    assert material.problems[1].text == "二是学用结合不紧。"


def test_a_sites_bracketed_headings_are_part_headings():
    text = """2018年度机关党支部组织生活会对照检查材料
本支部现有党员23名。
【自查自纠】支委会班子查摆的主要缺失
1.学习抓得不够实：集中学习次数不足。
2.组织生活不够严：有时延期召开。
【深挖根源】缺失背后的成因
一是重业务、轻党建。
二是制度执行有折扣。
【下步打算】整改的方向与举措
（一）严格组织生活，按时召开“三会一课”。
（二）强化学习，每月集中学习一次。"""
    material = parse_text(text)
    assert [s.kind for s in material.sections if s.kind != "preamble"] == ["problems", "causes", "measures"]
    assert len(material.problems) == 2 and len(material.causes) == 2 and len(material.measures) == 2
    assert material.framework_id is None  # 2018: no framework, never a neighbouring year's


def test_paragraphs_opening_with_a_short_topic_sentence_are_a_list():
    text = """对照要求，我们也要看到，一些党员身上还存在不少问题，有的还比较突出。
学习热情减退。有的同志满足于参加集中学习，自学很少，对新部署不闻不问，学习笔记多是抄录，谈体会时泛泛而谈。
组织观念淡薄。有的同志不按时参加组织生活，该请示的事项不请示，会上不表态、会后随意议论集体决定。
服务意识欠缺。有的同志对群众来访推诿扯皮，办事拖拉，群众反映的问题一拖再拖，造成不良影响。"""
    material = parse_text(text)
    assert [p.text[:6] for p in material.problems] == ["学习热情减退", "组织观念淡薄", "服务意识欠缺"]


def test_topic_paragraphs_of_achievements_are_not_problems():
    text = """今年以来，局党组带领全局干部职工攻坚克难，各项工作取得了新成效。
项目建设提速。全年完成重点项目投资12.6亿元，同比增长15%，新开工项目8个，竣工投产5个，获评全市先进。
营商环境优化。企业开办时间压缩至1个工作日，办理建筑许可时间压缩到40个工作日以内，群众满意度达到96分。
民生保障有力。新建改造城镇老旧小区14个，惠及居民3200余户，完成农村危房改造210户，群众获得感持续增强。"""
    assert parse_text(text).problems == []


def test_a_case_told_under_the_problems_is_not_one_more_problem():
    text = """某局党组2020年度民主生活会对照检查材料
一、存在的问题
（一）在落实全面从严治党责任方面
1.一岗双责落实不够到位，对基层所提醒教育少。
2.监督执纪四种形态运用不充分。
（二）典型案例剖析
去年某基层所接到投诉一周后才到现场，又简单结案，暴露出日常巡查流于形式的问题。
二、原因分析
一是管党治党失之于宽。"""
    material = parse_text(text)
    assert [p.text[:2] for p in material.problems] == ["1.", "2."]


def test_a_compilation_page_gives_the_pieces_own_title_and_its_unit_line():
    text = """2020年度民主生活会班子对照检查材料【精选3篇】
篇一：2020年度民主生活会班子对照检查材料
区某某局党组
按照区委要求，局党组认真查摆问题。
一、存在的问题
1.学习不够系统。
2.调研不够深入。"""
    material = parse_text(text)
    assert material.title == "2020年度民主生活会班子对照检查材料"
    assert material.unit == "区某某局党组"
    assert material.kind == "team" and material.year == 2020


def test_a_paragraph_that_gives_the_causes_leaves_the_problems_its_lead_opened():
    text = """个人对照检查材料
本人认真查找了自身存在的问题，现将剖析如下：
在理论学习上，满足于完成规定动作，系统学习不够，学用结合不紧，遇到新情况时办法不多。
在工作作风上，深入基层不够，听汇报多、实地调研少，对群众反映的问题跟踪不够。
在廉洁自律上，对身边工作人员要求不够严格，提醒教育不够经常。
产生这些问题的原因，主要是理论学习不够自觉，宗旨意识有所淡化。"""
    material = parse_text(text)
    assert [p.text[:6] for p in material.problems] == ["在理论学习上", "在工作作风上", "在廉洁自律上"]
    assert [c.text[:6] for c in material.causes] == ["产生这些问题"]
