"""Small texts written for these tests (fictional units), one rule each."""

import pytest

from duizhao.parse import parse_text
from duizhao.parse.placeholders import find_placeholders

TEAM_2025 = """青山县林业局党组领导班子2025年度民主生活会对照检查材料
会前，班子开展专题学习研讨3次，谈心谈话26人次，征求意见建议18条。现将对照检查情况报告如下。
一、存在的问题
（一）在“政治忠诚、政治能力”方面。一是学习不够系统。去年林长制学习只开过两次。二是研判不够敏锐。
（二）关于固本培元、增强党性方面，主要是：一是党性锻炼放松。二是批评不够直接。
（三）带头敬畏人民、敬畏组织、敬畏法纪方面
1.群众诉求回应慢。护林员工资拖欠三个月才解决。
2.请示报告不及时。
### （四）干事创业 / 担当作为方面
一是攻坚劲头不足。
（五）在后勤保障方面
一是车辆管理松散。
二、原因剖析
一是理想信念有所松懈。二是宗旨意识有所淡化。
三、整改措施
（一）强化理论武装。每月集中学习一次。
（二）压实工作责任。一是建立台账。二是按月通报。
"""


@pytest.fixture(scope="module")
def team():
    return parse_text(TEAM_2025, name="team.txt")


def test_meta(team):
    assert team.framework_id == "dsh-2025"
    assert team.kind == "team" and team.year == 2025
    assert team.unit == "青山县林业局党组"
    assert team.meeting_kind == "democratic_life"


def test_aspect_headings_worded_many_ways(team):
    aspects = [p.aspect for p in team.problems]
    assert aspects == ["政治忠诚", "政治忠诚", "党性修养", "党性修养", "三个敬畏", "三个敬畏", "担当作为", None]
    assert team.problems[4].summary == "群众诉求回应慢"
    assert team.problems[0].summary == "学习不够系统"


def test_unplaced_problem_is_reported(team):
    unplaced = [w for w in team.warnings if w.code == "unplaced"]
    assert len(unplaced) == 1
    assert team.text[unplaced[0].start : unplaced[0].end].startswith("一是车辆管理松散")


def test_counts(team):
    assert {(c.kind, c.value) for c in team.counts} == {("study_sessions", 3), ("talks", 26), ("opinions", 18)}


def test_causes_and_measures(team):
    assert [c.summary for c in team.causes] == ["理想信念有所松懈", "宗旨意识有所淡化"]
    assert [m.summary for m in team.measures] == ["强化理论武装", "压实工作责任"]
    assert [len(m.items) for m in team.measures] == [0, 2]


def test_forced_framework_is_used():
    material = parse_text(TEAM_2025, framework_id="dsh-2023")
    assert material.framework_id == "dsh-2023"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("某村支部和某局党组", ["某", "某"]),
        ("某某同志", ["某某"]),
        ("某些同志、某种程度、某个环节、某人、某方面、某处", []),
        ("征求意见X条，XX单位，xxx精神", ["X", "XX", "xxx"]),
        ("Xi, TEXT and box", []),
        ("3×4的表格，××局", ["××"]),
        ("20**年，20XX年", ["20**", "20XX"]),
        ("【待补】【姓名】", ["【待补】", "【姓名】"]),
        ("填写____处，贯彻_精神", ["____", "_"]),
        ("（内容略）和(略)", ["（内容略）", "(略)"]),
        ("*单位的**镇", ["*", "**"]),
    ],
)
def test_placeholder_rule(text, expected):
    assert [p.text for p in find_placeholders(text)] == expected


def test_paywall_marker_inside_a_word():
    material = parse_text("标题\n发挥领头##paidbegin##作用。")
    assert "领头作用" in material.text
    assert material.removed[0].raw_offset == len("标题\n发挥领头")


def test_one_line_document_is_split():
    body = "某镇党委关于落实整改的工作制度 一、总体要求。按季度推进。 二、主要任务 1、建立台账;2、定期通报;3、按时销号。 三、保障措施。加强督导。"
    body = body + "本制度自印发之日起施行，由镇党政办负责解释，未尽事宜按上级规定执行。" * 3
    material = parse_text(body)
    headings = [b.text for b in material.blocks if b.kind == "heading"]
    assert [h[:2] for h in headings if h[0] in "一二三"] == ["一、", "二、", "三、"]
    assert any(h.startswith("2、定期通报") for h in headings)


def test_pdf_line_breaks_joined_but_paragraphs_kept():
    wrapped = (
        "某乡党委班子对照检查材料\n"
        "本年度班子围绕乡村振兴开展了调研，召开专题会议研究产业\n"
        "发展问题，形成了三份调研报告并报送县委，取得一定成效。\n"
        "同时也要看到差距。班子成员深入村组次数偏少，掌握情况\n"
        "不够全面。\n"
    )
    material = parse_text(wrapped)
    lines = material.text.split("\n")
    assert lines[0] == "某乡党委班子对照检查材料"
    assert lines[1].endswith("取得一定成效。") and "研究产业发展问题" in lines[1]
    assert lines[2] == "同时也要看到差距。班子成员深入村组次数偏少，掌握情况不够全面。"


def test_real_content_is_not_removed():
    text = (
        "某局党组对照检查材料\n"
        "时间：2024年1月5日\n"
        "请登录网址www.example.cn查看通知。\n"
        "问题清单见附表（共12项）。\n"
        "来源于群众的意见要逐条认领。\n"
    )
    material = parse_text(text)
    assert material.removed == []
    assert "www.example.cn" in material.text and "时间：2024年1月5日" in material.text


def test_web_chrome_and_watermarks_removed():
    text = (
        "您好，欢迎访问某某文库\n"
        "当前位置：首页 > 范文 > 心得体会\n"
        "某局个人对照检查材料\n"
        "某局个人对照检查材料\n"
        "来源：本站  浏览次数：12\n"
        "本人认真学习了党章。wap.samplesite.com我还存在不足。\n"
        "声明：本站文章均来自网友上传，如有侵权请联系站长删除。\n"
    )
    material = parse_text(text)
    kinds = [r.kind for r in material.removed]
    assert kinds.count("web_chrome") == 2 and "banner" in kinds and "watermark" in kinds and "doubled_title" in kinds
    assert material.text == "某局个人对照检查材料\n本人认真学习了党章。我还存在不足。"
    for removal in material.removed:
        assert text[removal.raw_offset : removal.raw_offset + len(removal.text)] == removal.text
        assert removal.description


def test_damage_warnings():
    material = parse_text("标题\n黨員發(fā)言。文字\ufffd损坏。")
    codes = {w.code for w in material.warnings}
    assert {"pinyin", "replacement_char"} <= codes


def test_run_in_heading_block():
    material = parse_text(
        "标题\n一、存在的问题\n（二）政治素质方面。作为镇党委书记，本人对上级部署研究不深，落实打了折扣。"
    )
    block = next(b for b in material.blocks if b.level == 2)
    assert block.text[: block.run_in] == "（二）政治素质方面。"


PERSONAL_2023 = """2023年度主题教育专题民主生活会个人发言提纲
（石桥镇党委副书记  王某某）
按照镇党委统一安排，本人认真学习了规定篇目，与班子成员逐一谈心谈话，共收到意见建议12条。现对照检查如下：
一、上年度民主生活会整改落实情况
上年度查摆问题5个，已完成4个，1个持续推进。
二、存在的突出问题
( 一 ) 关于理论学习方面，主要是：1.学习碎片化，去年自学记录只有9篇；2.学用结合不紧，规划会上只喊口号。
〔二〕政治素质方面
（1）对上级决策的理解停留在文件层面。
（2）对网络舆情反应慢，10月一起投诉48小时后才回应。
（三）能力本领方面
第一，抓经济发展的本领不足。第二，应急处置能力欠缺。
四、担当作为方面
一是遇到矛盾绕着走。
三、产生问题的原因
（一）理想信念有所松懈。对理论学习的重要性认识不足。
（二）宗旨意识有所淡化。
四、整改措施
1.加强理论学习。（1）每周自学不少于3小时；（2）每季度撰写心得1篇。
2.提升能力本领。到2024年6月底前完成应急演练2次。
五、典型案例剖析
以某村土地流转纠纷为例，本人调处不及时，造成群众上访。
"""


@pytest.fixture(scope="module")
def personal():
    return parse_text(PERSONAL_2023)


def test_personal_meta_and_sections(personal):
    assert personal.kind == "personal" and personal.year == 2023 and personal.framework_id == "dsh-2023"
    assert [s.kind for s in personal.sections] == [
        "preamble",
        "carryover",
        "problems",
        "problems",
        "causes",
        "measures",
        "cases",
    ]
    assert personal.carryover.heading == "一、上年度民主生活会整改落实情况"
    assert ("carryover_problems", 5) in {(c.kind, c.value) for c in personal.counts}
    assert personal.blocks[1].kind == "subtitle"
    assert "副书记 王某某" in personal.text  # a deliberate double space is kept as one


def test_items_numbered_every_way(personal):
    assert [(p.aspect, p.summary) for p in personal.problems] == [
        ("理论学习", "学习碎片化，去年自学记录只有9篇"),
        ("理论学习", "学用结合不紧，规划会上只喊口号"),
        ("政治素质", "对上级决策的理解停留在文件层面"),
        ("政治素质", "对网络舆情反应慢，10月一起投诉48小时后才回应"),
        ("能力本领", "抓经济发展的本领不足"),
        ("能力本领", "应急处置能力欠缺"),
        ("担当作为", "遇到矛盾绕着走"),
    ]
    assert not [w for w in personal.warnings if w.code == "unplaced"]
    assert [m.summary for m in personal.measures] == ["加强理论学习", "提升能力本领"]
    assert [i.text for i in personal.measures[0].items] == ["（1）每周自学不少于3小时；", "（2）每季度撰写心得1篇。"]
    assert [c.summary for c in personal.causes] == ["理想信念有所松懈", "宗旨意识有所淡化"]


def test_unnumbered_aspect_and_section_lines():
    text = (
        "某街道党工委班子2025年度民主生活会对照检查材料\n"
        "存在的主要问题\n"
        "在带头强化政治忠诚、提高政治能力方面\n"
        "一是学习不系统。二是研判不敏锐。\n"
        "带头干事创业、担当作为方面\n"
        "一是攻坚不够。\n"
        "今后的努力方向\n"
        "一是坚持每月集中学习。\n"
    )
    material = parse_text(text)
    assert [s.kind for s in material.sections] == ["problems", "measures"]
    assert [p.aspect for p in material.problems] == ["政治忠诚", "政治忠诚", "担当作为"]
    assert len(material.measures) == 1


def test_author_line_of_a_personal_material(personal):
    assert personal.author == "石桥镇党委副书记 王某某"


def test_numbered_problem_with_body_on_next_line():
    text = (
        "某委员个人对照检查材料\n"
        "一、存在的问题\n"
        "（一）理论学习方面\n"
        "1.学习不够系统\n"
        "全年自学笔记只有6篇，读原著不多。\n"
        "2.学用结合不紧\n"
        "在课题调研中引用理论少。\n"
    )
    material = parse_text(text, framework_id="dsh-2023")
    assert [(p.aspect, p.summary) for p in material.problems] == [
        ("理论学习", "学习不够系统"),
        ("理论学习", "学用结合不紧"),
    ]
    assert material.problems[0].text == "1.学习不够系统\n全年自学笔记只有6篇，读原著不多。"


@pytest.mark.parametrize(
    "heading,kind",
    [
        ("一、2024年度民主生活会整改落实情况", "carryover"),
        ("二、上次民主生活会整改措施落实情况", "carryover"),
        ("一、整改落实情况", "carryover"),
        ("二、存在的主要问题", "problems"),
        ("三、对照检查剖析", "problems"),
        ("三、问题产生的原因", "causes"),
        ("四、今后的努力方向和改进措施", "measures"),
        ("四、下一步整改措施", "measures"),
        ("五、典型案例剖析", "cases"),
        ("一、会议主题与会前准备", "other"),
    ],
)
def test_section_kinds(heading, kind):
    from duizhao.parse.sections import section_kind

    assert section_kind(heading) == kind


def test_line_rules_are_anchored():
    from duizhao.parse.cleaning import cleaning_rules

    assert all(rule.regex.pattern.startswith("^") for rule in cleaning_rules().line)


def test_markdown_bold_heading_lines_are_markup_not_placeholders():
    text = "# 青山局班子对照检查材料\n**一、存在的问题**\n**（一）理论学习方面**\n一是在推进**村项目时学习不够。\n"
    material = parse_text(text, framework_id="dsh-2023")
    assert "一、存在的问题" in material.text.split("\n")
    assert [p.text for p in material.placeholders] == ["**"]
    assert sum(r.kind == "markdown" for r in material.removed) == 5
    assert [p.aspect for p in material.problems] == ["理论学习"]


def test_2024_frameworks_told_apart():
    team = parse_text(
        "某局党组班子2024年度民主生活会对照检查材料\n一、存在的问题\n"
        "（一）在带头严守政治纪律和政治规矩，维护党的团结统一方面。一是学习不深。\n"
        "（二）在带头增强党性、严守纪律、砥砺作风方面。一是作风不实。\n"
        "（三）在带头履行全面从严治党政治责任方面。一是监督不严。\n"
    )
    assert team.framework_id == "dsh-2024"
    branch = parse_text(
        "第三党支部党员2024年度组织生活会个人对照检查材料\n一、对照六项纪律查摆的问题\n"
        "（一）政治纪律方面。一是学习不深。\n（二）组织纪律方面。一是请示不及时。\n"
        "（三）廉洁纪律方面。一是节俭不够。\n（四）工作纪律方面。一是迟到早退。\n"
    )
    assert branch.framework_id == "osh-2024"
    assert [p.aspect for p in branch.problems] == ["政治纪律", "组织纪律", "廉洁纪律", "工作纪律"]


def test_sections_one_level_down():
    text = (
        "某局班子2023年主题教育专题民主生活会对照检查材料\n"
        "一、对照检查情况\n"
        "（一）存在的主要问题\n"
        "1.理论学习方面。一是学得不深。\n"
        "2.工作作风方面。一是调研不实。\n"
        "（二）原因分析\n"
        "一是放松了学习。\n"
        "（三）整改措施\n"
        "一是建立学习制度。\n"
        "二、其他需要说明的事项\n"
        "无。\n"
    )
    material = parse_text(text)
    kinds = [s.kind for s in material.sections]
    assert kinds[-4:] == ["problems", "causes", "measures", "other"]
    assert [p.aspect for p in material.problems] == ["理论学习", "工作作风"]
    assert len(material.causes) == 1 and len(material.measures) == 1


@pytest.mark.parametrize("heading", ["二、存在的问题及原因分析", "二、查摆的问题和原因"])
def test_problems_with_their_causes(heading):
    from duizhao.parse.sections import section_kind

    assert section_kind(heading) == "problems"
    assert section_kind("三、问题产生的原因") == "causes"


def test_paragraph_ending_in_a_closing_quote_is_not_joined():
    first = "班子成员在学习中反复强调，要把理论学习成果转化为推动工作的实际成效，真正做到“学以致用。”"
    second = "同时也要看到，部分同志的学习还停留在读读文件、记记笔记的层面，联系实际不够紧密，效果不明显"
    material = parse_text("某局班子对照检查材料\n" + first + "\n" + second + "\n")
    assert material.text.split("\n")[1:] == [first, second]


@pytest.mark.parametrize(
    "line",
    [
        "请登录共产党员网（www.12371.cn）学习。",
        "网址：www.sample-unit.com，欢迎监督。",
        "详见县政府网站 www.qingshan.gov.cn 公示。",
        "意见可发至邮箱 dangban@sample.cn 。",
    ],
)
def test_addresses_given_on_purpose_are_kept(line):
    material = parse_text("某局对照检查材料\n" + line)
    assert material.removed == []


def test_cited_news_site_is_kept_but_pasted_site_name_removed():
    material = parse_text("某局对照检查材料\n总书记强调，要把纪律挺在前面（人民网）。有的同志工作(范例文库)不扎实。")
    assert "（人民网）" in material.text
    assert [r.text for r in material.removed] == ["(范例文库)"]


@pytest.mark.parametrize("line", ["来源：上级督导组反馈意见", "阅读：《习近平谈治国理政》第四卷", "时间：2024年1月5日"])
def test_field_lines_of_a_material_are_kept(line):
    assert parse_text("某局对照检查材料\n" + line + "\n正文。").removed == []


@pytest.mark.parametrize(
    "line",
    ["来源：本站", "浏览次数：35", "责任编辑：张三", "作者：李四 来源：某某网 发布时间：2023-01-02", "来源:范文网"],
)
def test_page_field_lines_are_removed(line):
    assert [r.kind for r in parse_text("某局对照检查材料\n" + line + "\n正文。").removed] == ["web_chrome"]


@pytest.mark.parametrize(
    "line",
    [
        "征求意见 > 汇总梳理 > 反馈认领 > 整改销号",
        "希望大家多提宝贵意见，对我改进工作有帮助。",
        "流程：学习 → 谈心 → 查摆 → 整改",
    ],
)
def test_material_lines_that_look_like_page_furniture_are_kept(line):
    assert parse_text("某局对照检查材料\n" + line + "\n正文。").removed == []


def test_fused_title_split_only_without_sentence_punctuation():
    fused = parse_text(
        "某镇党建工作调研报告党支部组织生活是党内生活的重要内容，" + "近年来各支部坚持按期召开组织生活会。" * 4
    )
    assert fused.title == "某镇党建工作调研报告"
    sentence = "根据通知要求，本人认真撰写了对照检查材料现报告如下，" + "请各位同志批评指正。" * 6
    assert parse_text(sentence).text == sentence


def test_intro_sentence_is_not_an_item():
    text = (
        "某局班子对照检查材料\n一、产生问题的原因\n"
        "经过深刻反思，问题产生的原因主要有以下几个方面。\n"
        "理想信念有所动摇，理论学习没有入脑入心。\n"
        "宗旨意识有所淡化，联系群众不够经常。\n"
    )
    material = parse_text(text)
    assert [c.summary for c in material.causes] == [
        "理想信念有所动摇，理论学习没有入脑入心",
        "宗旨意识有所淡化，联系群众不够经常",
    ]


def test_paragraphs_that_open_with_their_aspect():
    text = (
        "某局班子2025年度民主生活会对照检查材料\n一、存在的问题\n"
        "在政治忠诚方面，班子坚持第一议题制度，但还存在以下不足：一是学习不深；二是研判不准。\n"
        "管党治党方面：一是监督偏软。\n"
        "此外，个别同志作风不实。\n"
    )
    material = parse_text(text)
    assert [(p.aspect, p.summary) for p in material.problems] == [
        ("政治忠诚", "学习不深"),
        ("政治忠诚", "研判不准"),
        ("管党治党", "监督偏软"),
        ("管党治党", "此外，个别同志作风不实"),
    ]
