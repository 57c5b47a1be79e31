"""Materials written for these tests (fictional units) that differ from the shared samples the way
real documents do: other years and units, personal outlines, other numbering, tables, Word
numbering and heading styles, GBK/UTF-16 files, PDF and web copies, markdown, damaged text.
Each states the structure it must yield; none may lose real content."""

import re
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from duizhao.parse import parse_material, read_document

FIXTURES = Path(__file__).parent / "fixtures" / "hardening"


def aspect_counts(material):
    groups = []
    for problem in material.problems:
        if groups and groups[-1][0] == problem.aspect:
            groups[-1][1] += 1
        else:
            groups.append([problem.aspect, 1])
    return [tuple(g) for g in groups]


def _norm(text):
    return re.sub(r"\s+", "", text)


def assert_nothing_lost(raw: str, material, junk: tuple[str, ...] = (), markdown: bool = False):
    """Every raw line is in the cleaned text (line breaks and spaces aside) unless it is one of the
    `junk` lines the test expects to be removed; every removal is one of those junk lines."""
    cleaned = _norm(material.text)
    for line in raw.split("\n"):
        line = _norm(line.replace("**", "").lstrip("#") if markdown else line)
        if not line or any(_norm(j) in line or line in _norm(j) for j in junk):
            continue
        assert line in cleaned, f"lost: {line}"
    for removal in material.removed:
        if removal.kind == "markdown":
            continue
        assert any(_norm(j) in _norm(removal.text) or _norm(removal.text) in _norm(j) for j in junk), removal


EXPECTED = {
    # name: (title start, kind, framework, [(aspect, problems)…], causes, [measure sub-items…])
    "h01_2016_lxyz_team.txt": ("白河县交通运输局党委领导班子“两学一做”", "team", None, [(None, 7)], 3, [0, 0, 0]),
    "h02_2018_school_team.txt": ("青禾市第三中学党总支", "team", None, [(None, 5)], 2, [0, 0, 0]),
    "h03_2019_personal_outline.txt": (
        "“不忘初心、牢记使命”专题民主生活会个人",
        "personal",
        "dsh-2019",
        [("四个意识", 2), ("知敬畏守底线", 1), ("群众观点", 3), ("素质形象", 1)],
        3,
        [0, 0, 0],
    ),
    "h04_2020_hospital_team.txt": (
        "南屏县人民医院党委",
        "team",
        "dsh-2020",
        [("学懂弄通做实", 2), ("党的全面领导", 1), ("担当作为", 2), ("五中全会精神", 1), ("全面从严治党", 2)],
        3,
        [2, 0, 0],
    ),
    "h05_2021_school_personal.txt": (
        "2021年度党史学习教育",
        "personal",
        "dsh-2021",
        [("两个确立", 2), ("初心使命", 2), ("创新理论", 3), ("为民办实事", 1), ("斗争精神", 1), ("全面从严治党", 2)],
        3,
        [0, 0, 0],
    ),
    "h06_2022_soe_team.txt": (
        "江源能源集团有限公司党委",
        "team",
        "dsh-2022",
        [("两个确立", 2), ("创新理论", 1), ("集中统一领导", 2), ("为民造福", 1), ("斗争精神", 1), ("全面从严治党", 2)],
        3,
        [0, 0, 0],
    ),
    "h07_2024_bureau_team.txt": (
        "松陵县自然资源局党组",
        "team",
        "dsh-2024",
        [("政治纪律", 2), ("党性作风", 3), ("担责创新", 1), ("从严治党", 2), (None, 1)],
        4,
        [0, 0, 0],
    ),
    "h08_2025_osh_personal.txt": (
        "2025年度组织生活会党员个人",
        "personal",
        "osh-2025",
        [("政治纪律", 2), ("组织纪律", 2), ("廉洁纪律", 1), ("群众纪律", 2), ("工作纪律", 1), ("生活纪律", 1)],
        3,
        [0, 0, 0],
    ),
    "h09_2025_outline_numbered.txt": (
        "县委组织部部务会成员",
        "personal",
        "dsh-2025",
        [("政治忠诚", 3), ("党性修养", 2), ("三个敬畏", 2), ("担当作为", 1), ("管党治党", 2)],
        3,
        [0, 0],
    ),
    "h10_2023_township_team.txt": (
        "中共莲花镇委员会",
        "team",
        "dsh-2023",
        [("理论学习", 2), ("政治素质", 1), ("能力本领", 1), ("担当作为", 2), ("工作作风", 1), ("廉洁自律", 1)],
        4,
        [2, 2, 0],
    ),
    "h11_2023_osh_branch.txt": (
        "XX社区党支部",
        "team",
        "osh-2023",
        [("学习创新理论", 2), ("党性修养", 1), ("联系服务群众", 2), ("先锋模范", 1)],
        2,
        [0, 0, 0],
    ),
    "h12_2021_county_team_para.txt": (
        "丰宁县审计局党组",
        "team",
        "dsh-2021",
        [("两个确立", 2), ("初心使命", 1), ("创新理论", 1), ("为民办实事", 1), ("斗争精神", 1), ("全面从严治党", 1)],
        3,
        [0, 0, 0],
    ),
    "h13_pdf_copy.txt": (
        "白鹭县水务局党组",
        "team",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1), ("三个敬畏", 2), ("担当作为", 1), ("管党治党", 1)],
        3,
        [0, 0, 0],
    ),
    "h14_web_copy.txt": (
        "2024年度民主生活会个人对照检查材料（区住建局副局长）",
        "personal",
        "dsh-2024",
        [("政治纪律", 2), ("党性作风", 2), ("担责创新", 1), ("从严治党", 1)],
        3,
        [0, 0, 0],
    ),
    "h15_markdown_bold.md": (
        "红星乡党委",
        "team",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1), ("三个敬畏", 2), ("担当作为", 1), ("管党治党", 1)],
        2,
        [0, 0],
    ),
    "h16_mojibake.txt": ("某县税务局党委", "team", "dsh-2025", [("政治忠诚", 2), ("党性修养", 5)], 0, [0]),
    "h17_one_line.txt": (
        "梧桐街道党工委",
        "team",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1), ("三个敬畏", 2), ("担当作为", 1), ("管党治党", 1)],
        2,
        [0, 0, 0],
    ),
    "h18_gbk_source.txt": (
        "平阳县教育局党组",
        "team",
        "dsh-2022",
        [("两个确立", 2), ("创新理论", 1), ("全面从严治党", 1)],
        3,
        [0, 0],
    ),
    "h19_utf16_source.txt": (
        "临溪县卫生健康局机关第二党支部",
        "team",
        "osh-2024",
        [("政治纪律", 2), ("组织纪律", 1), ("廉洁纪律", 1), ("群众纪律", 1), ("工作纪律", 2), ("生活纪律", 1)],
        2,
        [0, 0],
    ),
    "h20_fullwidth_indent_branch.txt": (
        "汉江区疾病预防控制中心党支部",
        "team",
        "osh-2024",
        [("政治纪律", 2), ("组织纪律", 1), ("廉洁纪律", 1), ("群众纪律", 1), ("工作纪律", 2), ("生活纪律", 1)],
        3,
        [0, 0, 0],
    ),
    "h21_parts_personal.txt": (
        "2022年度民主生活会个人对照检查材料",
        "personal",
        "dsh-2022",
        [("两个确立", 1), ("创新理论", 1), ("为民造福", 1), ("全面从严治党", 1)],
        3,
        [0, 0, 0],
    ),
    "h22_unnumbered_personal.txt": (
        "主题教育专题民主生活会个人检视剖析材料",
        "personal",
        "dsh-2023",
        [("理论学习", 2), ("政治素质", 1), ("担当作为", 2), ("廉洁自律", 1)],
        3,
        [0, 0, 0],
    ),
    "h23_problems_with_causes.txt": (
        "长岭县统计局党组",
        "team",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1), ("担当作为", 2)],
        3,
        [0, 0],
    ),
    "h24_osh_personal_web.txt": (
        "关于2023年度组织生活会的个人对照检查材料",
        "personal",
        "osh-2023",
        [("学习创新理论", 1), ("党性修养", 1), ("联系服务群众", 1), ("先锋模范", 1)],
        2,
        [0, 0],
    ),
    "h25_speech_closing.txt": (
        "2025年度民主生活会个人发言提纲",
        "personal",
        "dsh-2025",
        [("政治忠诚", 1), ("党性修养", 1), ("担当作为", 1)],
        2,
        [0, 0],
    ),
    "h27_aspects_as_parts.txt": (
        "市图书馆馆长",
        "personal",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1), ("三个敬畏", 1), ("担当作为", 1), ("管党治党", 1)],
        2,
        [0, 0],
    ),
    # The title names the 2019 campaign: dsh-2019. Its "四个对照" are no aspects of that framework
    # ("四个找一找"): nothing is placed.
    "h28_2019_four_checks.txt": ("云岭县商务局党组", "team", "dsh-2019", [(None, 5)], 1, [0, 0]),
    "h29_problem_details.txt": (
        "某县农业农村局党组",
        "team",
        "dsh-2025",
        [("政治忠诚", 2), ("党性修养", 1)],
        0,
        [2, 0],
    ),
    "h30_2020_personal_political_building.txt": (
        "2020年度民主生活会个人对照检查材料（县中医院副院长）",
        "personal",
        "dsh-2020",
        [("党的全面领导", 2), ("学懂弄通做实", 1), ("担当作为", 1), (None, 1)],
        1,
        [0],
    ),
    "h31_three_line_title.txt": (
        "中共南江县委常委班子2024年度民主生活会对照检查材料",
        "team",
        "dsh-2024",
        [("政治纪律", 1)],
        0,
        [0],
    ),
    # 2024: the "四个带头" name the framework; the 六项纪律 section's problems are reported, not
    # forced into the four aspects (政治纪律 is one of them).
    "h32_2024_personal_discipline_sections.txt": (
        "县住房和城乡建设局党组书记、局长",
        "personal",
        "dsh-2024",
        [("政治纪律", 2), ("党性作风", 1), ("担责创新", 1), ("从严治党", 2), ("政治纪律", 1), (None, 5)],
        3,
        [2, 1, 1],  # "1.2025年上半年……" is an item whose text starts with a year (was missed)
    ),
    "h33_wechat_copy.txt": (
        "云溪镇党委领导班子2024年度民主生活会对照检查材料",
        "team",
        "dsh-2024",
        [("政治纪律", 2), ("党性作风", 1), ("担责创新", 1), ("从严治党", 1)],
        2,
        [0, 0],
    ),
    # No part headings at all: the paragraphs that open with their aspect are the problems.
    "h34_speech_without_parts.txt": (
        "区市场监管局副局长",
        "personal",
        "dsh-2025",
        [("政治忠诚", 1), ("党性修养", 1), ("担当作为", 1)],
        0,
        [],
    ),
}

# Lines each material must lose (page furniture, web chrome, a doubled title); nothing else goes.
JUNK = {
    "h13_pdf_copy.txt": (
        "— 1 —",
        "— 2 —",
        "— 3 —",
        "第 1 页 共 3 页",
        "第 2 页 共 3 页",
        "第 3 页 共 3 页",
        "白鹭县水务局党组领导班子对照检查材料",
    ),
    "h14_web_copy.txt": (
        "首页 > 范文大全",
        "来源：文秘帮",
        "VIP  下载",
        "本文由文秘帮",
        "免责声明",
        "扫码关注",
        "上一篇：",
        "下一篇：",
        "相关推荐",
        "2024年民主生活会个人发言提纲精选",
        "2024年度个人对照检查材料范文三篇",
        "2024年度民主生活会个人对照检查材料（区住建局副局长）",
    ),
    "h24_osh_personal_web.txt": (
        "您的位置：首页",
        "【大】【中】【小】",
        "作者：佚名",
        "本文来源于网络",
        "关于2023年度组织生活会的个人对照检查材料",
    ),
    "h33_wechat_copy.txt": (
        "点击上方蓝字",
        "原创 党建学习园地",
        "来源 | ",
        "编辑 | ",
        "审核 | ",
        "END",
        "往期推荐",
        "云溪镇召开2024年度党建工作总结会",
        "云溪镇开展冬春农田水利建设",
        "点个“在看”",
        "分享  收藏",
    ),
}

ENCODINGS = {"h18_gbk_source.txt": ("gbk", b""), "h19_utf16_source.txt": ("utf-16-le", b"\xff\xfe")}


def load(name, tmp_path):
    """The fixture as the user would hand it over: GBK and UTF-16 files are written in that encoding."""
    source = FIXTURES / name
    raw = source.read_text(encoding="utf-8")
    if name in ENCODINGS:
        encoding, bom = ENCODINGS[name]
        path = tmp_path / name
        path.write_bytes(bom + raw.encode(encoding))
        return raw, path
    return raw, source


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_structure(name, tmp_path):
    title, kind, framework, aspects, causes, measure_items = EXPECTED[name]
    raw, path = load(name, tmp_path)
    material = parse_material(path)
    assert material.title.startswith(title)
    assert material.kind == kind
    assert material.framework_id == framework
    assert aspect_counts(material) == aspects
    assert len(material.causes) == causes
    assert [len(m.items) for m in material.measures] == measure_items
    unplaced = [w for w in material.warnings if w.code == "unplaced"]
    assert len(unplaced) == sum(n for a, n in aspects if a is None)
    assert_nothing_lost(raw, material, JUNK.get(name, ()), markdown=name.endswith(".md"))


def test_gbk_and_utf16_files_decode(tmp_path):
    for name in ENCODINGS:
        raw, path = load(name, tmp_path)
        assert read_document(path).text == raw


def test_years_without_a_framework_are_not_guessed(tmp_path):
    for name, year in (("h01_2016_lxyz_team.txt", 2016), ("h02_2018_school_team.txt", 2018)):
        material = parse_material(FIXTURES / name)
        assert material.year == year and material.framework_id is None
        assert all("未识别出年度框架" in w.message for w in material.warnings if w.code == "unplaced")


def test_run_in_aspect_with_one_problem_summarises_the_problem():
    material = parse_material(FIXTURES / "h01_2016_lxyz_team.txt")
    assert material.problems[-1].summary == "对超限超载治理中的难点问题"
    assert material.problems[-1].text.startswith("对超限超载")


def test_other_numbering_is_stripped_from_summaries():
    outline = parse_material(FIXTURES / "h03_2019_personal_outline.txt")
    assert outline.year == 2019  # from the date line under the title
    assert outline.author == "东川区市场监督管理局党组书记、局长宋明远"
    assert [p.summary for p in outline.problems[:2]] == ["理论学习的自觉性不够强", "政治敏锐性不够高"]
    speech = parse_material(FIXTURES / "h09_2025_outline_numbered.txt")
    assert [p.summary for p in speech.problems[:3]] == [
        "学习领会党的创新理论不够系统，满足于完成规定动作",
        "对干部工作中的风险隐患预判不够",
        "落实党管干部原则的举措还需细化",
    ]
    assert [s.kind for s in speech.sections] == ["preamble", "problems", "causes", "measures", "other"]
    assert speech.author == "杨建平"


def test_inline_numbered_causes_in_one_paragraph():
    material = parse_material(FIXTURES / "h06_2022_soe_team.txt")
    assert [c.summary for c in material.causes] == ["理论学习的深度不够", "党性修养还需加强", "责任担当还有差距"]


def test_measures_keep_owners_and_dates():
    material = parse_material(FIXTURES / "h10_2023_township_team.txt")
    assert material.carryover is not None
    first = material.measures[0].items[0].text
    assert "责任人：党委书记" in first and "完成时限：长期坚持" in first
    assert [(c.kind, c.value) for c in material.counts] == [("opinions", 24), ("carryover_problems", 8)]


def test_placeholders_in_a_branch_template():
    material = parse_material(FIXTURES / "h11_2023_osh_branch.txt")
    assert [p.text for p in material.placeholders] == ["XX", "**", "X", "20XX", "【小区名称】", "某某"]
    assert {(c.kind, c.value, c.is_placeholder) for c in material.counts} == {
        ("talks", None, True),
        ("opinions", None, True),
    }


def test_pdf_copy_rejoins_sentences_across_pages():
    material = parse_material(FIXTURES / "h13_pdf_copy.txt")
    assert "支部组织生活会上批评意见多是工作建议，触及思想的少。" in material.text
    assert "二是党性修养还不够扎实" in material.text
    assert {r.kind for r in material.removed} == {"page_furniture"}
    assert material.measures[1].text.endswith("责任股室：农村水利股。")


def test_web_copy_chrome_is_reported():
    material = parse_material(FIXTURES / "h14_web_copy.txt")
    kinds = {r.kind for r in material.removed}
    assert kinds == {"web_chrome", "banner", "doubled_title"}
    assert material.author is None
    assert material.text.rstrip().endswith("每季度听取一次分管科室廉政工作汇报。")


def test_markdown_bold_run_in_headings():
    material = parse_material(FIXTURES / "h15_markdown_bold.md")
    assert "**" not in material.text
    assert material.placeholders == []
    assert [c.summary for c in material.causes] == ["理想信念有所弱化", "宗旨意识有所淡化"]


def test_damage_is_reported_not_repaired():
    material = parse_material(FIXTURES / "h16_mojibake.txt")
    codes = [w.code for w in material.warnings]
    mojibake = [material.text[w.start : w.end] for w in material.warnings if w.code == "mojibake"]
    assert any(m.startswith("鍦ㄦ斂娌") for m in mojibake)  # UTF-8 read as GBK
    assert any("锟斤拷" in m for m in mojibake)
    assert any(m.startswith("æ‰¹") for m in mojibake)  # UTF-8 read as Latin-1
    assert any("鈥" in m for m in mojibake)
    assert any("ぷ" in m for m in mojibake)  # GBK read one byte off
    assert not any("濮阳" in m or "鑫淼" in m for m in mojibake)  # rare characters in names are fine
    assert "replacement_char" in codes
    assert len(mojibake) == 5


@pytest.mark.parametrize(
    "text",
    [
        "对邗江区、亳州市谯城区、婺源县和鄱阳湖畔赣鄱大地的调研不够深入。",
        "踔厉奋发、砥砺奋进，赓续红色血脉，擘画发展蓝图，耄耋老党员讲党课。",
        "Präsentation naïve café",
    ],
)
def test_rare_but_real_words_are_not_mojibake(text):
    from duizhao.parse.damage import damage_warnings

    assert [w for w in damage_warnings(text) if w.code == "mojibake"] == []


def test_one_line_document_splits_at_section_and_list_markers():
    material = parse_material(FIXTURES / "h17_one_line.txt")
    assert [s.heading for s in material.sections] == ["一、存在的问题", "二、问题产生的原因", "三、整改措施"]


# ---------------------------------------------------------------- .docx written here


def _numbering(document, formats):
    """Add an automatic-numbering definition (one level per format) and return its numId."""
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for level, (fmt, text) in enumerate(formats)
    )
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return 90


def _numbered(document, text, num_id, level):
    paragraph = document.add_paragraph(text)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def test_docx_word_numbering_without_literal_numbers(tmp_path):
    document = docx.Document()
    document.add_paragraph("青岭镇中心学校党支部2025年度组织生活会对照检查材料")
    document.add_paragraph("支部会前开展谈心谈话14人次。")
    num = _numbering(document, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    _numbered(document, "存在的问题", num, 0)
    _numbered(document, "政治纪律方面", num, 1)
    _numbered(document, "对教师思想动态掌握不够及时。", num, 2)
    _numbered(document, "传达学习上级精神有时滞后。", num, 2)
    _numbered(document, "工作纪律方面", num, 1)
    _numbered(document, "课后服务签到管理不严。", num, 2)
    _numbered(document, "整改措施", num, 0)
    _numbered(document, "每月开展一次纪律教育。", num, 1)
    path = tmp_path / "numbered.docx"
    document.save(path)
    lines = read_document(path).text.split("\n")
    assert lines[2:6] == [
        "一、存在的问题",
        "（一）政治纪律方面",
        "1.对教师思想动态掌握不够及时。",
        "2.传达学习上级精神有时滞后。",
    ]
    material = parse_material(path)
    assert material.framework_id == "osh-2025" and material.kind == "team"
    assert aspect_counts(material) == [("政治纪律", 2), ("工作纪律", 1)]
    assert [m.summary for m in material.measures] == ["每月开展一次纪律教育"]


def test_docx_heading_styles_name_the_parts(tmp_path):
    document = docx.Document()
    document.add_paragraph("金沙县人民检察院党组领导班子2024年度民主生活会对照检查材料", style="Title")
    document.add_paragraph("会前征求意见建议17条。")
    document.add_paragraph("查摆的主要问题", style="Heading 1")
    document.add_paragraph("带头严守政治纪律和政治规矩，维护党的团结统一方面", style="Heading 2")
    document.add_paragraph("首先，落实重大事项请示报告制度不够严格。其次，对干警思想动态分析不够经常。")
    document.add_paragraph("带头履行全面从严治党政治责任方面", style="Heading 2")
    document.add_paragraph("对检务保障领域的监督存在薄弱环节。")
    document.add_paragraph("问题产生的根源", style="Heading 1")
    document.add_paragraph("一是理论学习不够深入；二是纪律意识有所松懈。")
    document.add_paragraph("今后的努力方向", style="Heading 1")
    document.add_paragraph("强化政治建设。每季度专题研究一次意识形态工作。")
    document.add_paragraph("从严管党治检。2025年6月底前完成检务保障领域风险排查。")
    path = tmp_path / "styled.docx"
    document.save(path)
    material = parse_material(path)
    assert material.framework_id == "dsh-2024"
    assert aspect_counts(material) == [("政治纪律", 2), ("从严治党", 1)]
    assert len(material.causes) == 2
    assert [m.summary for m in material.measures] == ["强化政治建设", "从严管党治检"]


def test_docx_problem_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("清水县医疗保障局党组领导班子2025年度民主生活会对照检查材料")
    document.add_paragraph("一、存在的问题")
    document.add_paragraph("班子对照会议主题，查摆出以下问题：")
    rows = [
        ("序号", "问题类别", "具体问题", "整改措施", "责任人", "完成时限"),
        ("1", "政治忠诚", "学习贯彻上级部署不够及时，医保政策宣传滞后。", "每月专题学习", "局长", "2026年3月"),
        ("2", "政治忠诚", "对基金监管风险研判不足。", "建立风险台账", "分管副局长", "2026年6月"),
        ("3", "管党治党", "对定点医药机构检查中的廉洁风险防控不严。", "开展专项检查", "纪检组长", "2026年5月"),
        ("4", "后勤管理", "公务用车使用登记不规范。", "修订制度", "办公室主任", "2026年2月"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、整改措施")
    document.add_paragraph("一是建立问题清单台账。二是逐项对账销号。")
    path = tmp_path / "table.docx"
    document.save(path)
    material = parse_material(path)
    assert material.framework_id == "dsh-2025"
    assert aspect_counts(material) == [("政治忠诚", 2), ("管党治党", 1), (None, 1)]
    assert [p.summary for p in material.problems] == [
        "学习贯彻上级部署不够及时，医保政策宣传滞后",
        "对基金监管风险研判不足",
        "对定点医药机构检查中的廉洁风险防控不严",
        "公务用车使用登记不规范",
    ]
    assert "2026年3月" in material.problems[0].text  # the whole row stays with its problem
    assert len([w for w in material.warnings if w.code == "unplaced"]) == 1
    assert len(material.measures[0].items) == 0 and len(material.measures) == 2


def test_parts_above_numbered_headings():
    material = parse_material(FIXTURES / "h21_parts_personal.txt")
    assert [s.kind for s in material.sections] == ["preamble", "problems", "causes", "measures"]
    assert material.author == "县财政局党组成员、副局长贺立新"
    headings = [b for b in material.blocks if b.kind == "heading"]
    assert [b.level for b in headings[:3]] == [1, 2, 2]


def test_date_line_is_not_an_author():
    material = parse_material(FIXTURES / "h22_unnumbered_personal.txt")
    assert material.author is None and material.year == 2023


def test_causes_inside_a_problems_and_causes_section():
    material = parse_material(FIXTURES / "h23_problems_with_causes.txt")
    assert [c.summary for c in material.causes] == [
        "政治意识还不够强，没有把统计数据质量上升到政治高度来认识",
        "党性锻炼不够经常",
        "担当精神有所减弱",
    ]
    assert material.problems[1].text == "2.学习贯彻党的创新理论有差距，中心组学习研讨质量不高。"
    assert not any(p.text.startswith("原因") for p in material.problems)
    assert [(c.kind, c.value) for c in material.counts] == [("study_sessions", 3), ("opinions", 15), ("talks", 20)]


def test_fullwidth_indentation_is_not_content():
    material = parse_material(FIXTURES / "h20_fullwidth_indent_branch.txt")
    assert all(not line.startswith((" ", "\u3000")) for line in material.text.split("\n"))
    assert [m.summary for m in material.measures] == ["加强理论学习", "严格组织生活", "强化廉洁提醒"]


def test_closing_words_and_signature_are_no_measures():
    material = parse_material(FIXTURES / "h25_speech_closing.txt")
    assert [s.kind for s in material.sections][-2:] == ["measures", "closing"]
    assert material.text[material.sections[-1].start :].startswith("以上是我的个人对照检查")
    assert [m.summary for m in material.measures] == ["加强理论学习，每周自学4小时", "改进工作作风，每月下基层2次"]
    assert [c.summary for c in material.causes] == ["理想信念有所弱化", "宗旨意识有所淡化"]  # "1）" numbering
    assert [p.summary for p in material.problems] == [
        "对上级部署的领会不够深，落实中有时打折扣",
        "开展批评有顾虑，怕伤和气",
        "面对难题有畏难情绪",
    ]


def test_several_materials_on_one_page_are_reported():
    material = parse_material(FIXTURES / "h26_several_on_one_page.txt")
    assert [w.code for w in material.warnings] == ["several_materials"]
    assert [r.text for r in material.removed] == ["展开全文"]


@pytest.mark.parametrize(
    "line",
    [
        "本文由局办公室根据党组会议讨论意见整理形成。",
        "下一步，班子将把整改情况纳入年终考核。",
        "附件：问题清单（共2页）",
        "2025/12",
        "扫黑除恶专项斗争中线索核查不够及时。",
        "相关推荐人选的考察程序不够规范。",
        "免责条款审查不严，合同管理存在漏洞。",
    ],
)
def test_material_lines_that_look_like_page_furniture_stay(line):
    from duizhao.parse import parse_text

    text = (
        f"某县林业局党组领导班子2025年度民主生活会对照检查材料\n一、存在的问题\n{line}\n二、整改措施\n一是建立台账。\n"
    )
    material = parse_text(text)
    assert line in material.text
    assert material.removed == []


WRAP_STABLE = sorted(
    n for n in EXPECTED if n.endswith(".txt") and n not in ("h13_pdf_copy.txt", "h16_mojibake.txt", "h17_one_line.txt")
)


@pytest.mark.parametrize("width", [28, 35, 42])
def test_pdf_hard_wraps_give_the_same_structure(width):
    """Every material broken into lines of `width` characters (as a PDF copy does) parses as the
    original: same problems with the same aspects and summaries, same causes and measures."""
    from duizhao.parse import parse_text

    for name in WRAP_STABLE:
        source = (FIXTURES / name).read_text(encoding="utf-8")
        lines = []
        for paragraph in source.split("\n"):
            lines += [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]
        wrapped, original = parse_text("\n".join(lines)), parse_text(source)
        assert [(p.aspect, p.summary) for p in wrapped.problems] == [
            (p.aspect, p.summary) for p in original.problems
        ], name
        assert [c.summary for c in wrapped.causes] == [c.summary for c in original.causes], name
        assert [m.summary for m in wrapped.measures] == [m.summary for m in original.measures], name


def test_docx_problem_table_with_aspects_written_once(tmp_path):
    document = docx.Document()
    document.add_paragraph("东湖区司法局党组领导班子2024年度民主生活会对照检查材料")
    document.add_paragraph("上年度民主生活会查摆的9个问题已全部整改完成。")
    document.add_paragraph("一、查摆的问题")
    rows = [
        ("对照方面", "问题表现", "整改时限"),
        ("带头严守政治纪律和政治规矩", "落实法治督察反馈意见不够及时。", "2025年4月"),
        ("", "对社区矫正对象思想动态研判不足。", "2025年6月"),
        ("带头履行全面从严治党政治责任", "对基层司法所的廉政监督不够经常。", "2025年5月"),
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、整改措施")
    document.add_paragraph("一是逐条建立整改台账。")
    path = tmp_path / "table.docx"
    document.save(path)
    material = parse_material(path)
    assert material.framework_id == "dsh-2024"
    assert aspect_counts(material) == [("政治纪律", 2), ("从严治党", 1)]
    assert [(c.kind, c.value) for c in material.counts] == [("carryover_problems", 9)]


def test_web_page_title_suffix_and_reading_hints():
    from duizhao.parse import parse_text

    text = (
        "2024年度民主生活会班子对照检查材料_党建范文_青松文秘网\n全文共3256字，阅读大约需要9分钟\n"
        "原标题：2024年度民主生活会班子对照检查材料\n一、存在的问题\n"
        "（一）带头严守政治纪律和政治规矩方面。一是学习不深。二是落实不力。\n二、整改措施\n一是每月学习。\n"
    )
    material = parse_text(text)
    assert material.title == "2024年度民主生活会班子对照检查材料"
    assert [r.kind for r in material.removed] == ["watermark", "web_chrome", "web_chrome"]
    assert aspect_counts(material) == [("政治纪律", 2)]


@pytest.mark.parametrize(
    "line",
    [
        "推进“放管服”改革 | 一网通办 | 跨省通办的落实不够。",
        "个别干部对“学习强国”平台学习积分不够重视，原标题党现象仍有发生。",
    ],
)
def test_site_suffix_rule_keeps_sentences(line):
    from duizhao.parse import parse_text

    material = parse_text(f"某县林业局党组领导班子2025年度民主生活会对照检查材料\n一、存在的问题\n{line}\n")
    assert line in material.text and material.removed == []


def test_a_part_named_like_an_aspect_but_about_study_is_not_problems():
    from duizhao.parse import parse_text

    text = (
        "某镇党委领导班子2023年主题教育专题民主生活会对照检查材料\n一、理论学习情况\n班子集中学习12次。\n"
        "二、存在的问题\n（一）理论学习方面\n一是学用脱节。\n三、整改措施\n一是每月学习。\n"
    )
    material = parse_text(text)
    assert [s.kind for s in material.sections] == ["other", "problems", "measures"]
    assert aspect_counts(material) == [("理论学习", 1)]


def test_labelled_problems_in_measures():
    material = parse_material(FIXTURES / "h28_2019_four_checks.txt")
    assert [m.summary for m in material.measures] == ["执行民主集中制不严", "服务群众意识淡化"]
    assert material.year == 2019 and material.meeting_kind == "democratic_life"


def test_numbered_problem_keeps_its_details():
    material = parse_material(FIXTURES / "h29_problem_details.txt")
    first = material.problems[0]
    assert first.summary == "学习贯彻不够深入"
    assert first.text.endswith("指导乡村振兴实践不足。")
    assert material.placeholders[0].text == "某"


def test_full_width_digits_number_headings():
    from duizhao.parse import parse_text

    source = (FIXTURES / "h29_problem_details.txt").read_text(encoding="utf-8")
    wide = source.translate({ord(d): chr(0xFF10 + int(d)) for d in "0123456789"}).replace("2025", "２０２５")
    material = parse_text(wide)
    assert [p.summary for p in material.problems] == ["学习贯彻不够深入", "政治判断力不强", "组织生活不够严肃"]


def test_html_source_copy():
    from duizhao.parse import parse_text

    text = (
        "<p>某县林业局党组领导班子2025年度民主生活会对照检查材料</p><p>一、存在的问题</p>"
        "<p><strong>（一）带头强化政治忠诚、提高政治能力方面</strong></p><p>一是学习不深。<br/>二是得分<60分的支部整改不力。</p>"
        "<p>二、整改措施</p><p>一是每月学习一次。</p>"
    )
    material = parse_text(text)
    assert material.text.split("\n")[4] == "二是得分<60分的支部整改不力。"
    assert aspect_counts(material) == [("政治忠诚", 2)]
    assert {r.kind for r in material.removed} == {"html_entity"}


def test_docx_content_controls_are_read(tmp_path):
    """Templates wrap passages in content controls (w:sdt); their paragraphs are content too."""
    document = docx.Document()
    document.add_paragraph("北山县档案馆党支部2025年度组织生活会对照检查材料")
    document.add_paragraph("一、存在的问题")
    body = document.element.body
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>（一）政治纪律方面。一是学习不深。二是落实不力。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body.insert(len(body) - 1, sdt)  # before sectPr
    document.add_paragraph("二、整改措施")
    document.add_paragraph("一是每月学习一次。")
    path = tmp_path / "sdt.docx"
    document.save(path)
    lines = read_document(path).text.split("\n")
    assert lines[2] == "（一）政治纪律方面。一是学习不深。二是落实不力。"
    material = parse_material(path)
    assert aspect_counts(material) == [("政治纪律", 2)]


def test_docx_tracked_changes_text_boxes_and_fields(tmp_path):
    """An edited document: inserted text (w:ins) is content, deleted text (w:del) is not; a title
    set in a text box and text in smart tags or simple fields are read too."""
    document = docx.Document()
    holder = document.add_paragraph()
    holder._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>石门县交通运输局党组领导班子2025年度民主生活会对照检查材料</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("一、存在的问题")
    document.add_paragraph("（一）带头强化政治忠诚、提高政治能力方面")
    paragraph = document.add_paragraph("一是学习")
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="办公室" w:date="2025-12-01T00:00:00Z"><w:r><w:t>贯彻不够深入</w:t></w:r></w:ins>'
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="办公室" w:date="2025-12-01T00:00:00Z"><w:r><w:delText>（此句删去）</w:delText></w:r></w:del>'
        )
    )
    paragraph._p.append(
        parse_xml(f'<w:smartTag {nsdecls("w")} w:uri="u" w:element="e"><w:r><w:t>。二是</w:t></w:r></w:smartTag>')
    )
    paragraph._p.append(
        parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="DOCPROPERTY x"><w:r><w:t>落实不力。</w:t></w:r></w:fldSimple>')
    )
    document.add_paragraph("二、整改措施")
    document.add_paragraph("一是每月学习一次。")
    path = tmp_path / "edited.docx"
    document.save(path)
    text = read_document(path).text
    assert "一是学习贯彻不够深入。二是落实不力。" in text
    assert "此句删去" not in text
    material = parse_material(path)
    assert material.title == "石门县交通运输局党组领导班子2025年度民主生活会对照检查材料"
    assert [p.summary for p in material.problems] == ["学习贯彻不够深入", "落实不力"]


def _structure(material):
    return (
        material.title,
        material.framework_id,
        [(p.aspect, p.summary) for p in material.problems],
        [c.summary for c in material.causes],
        [(m.summary, len(m.items)) for m in material.measures],
    )


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rendered_material_reads_back_the_same(name, tmp_path):
    """What duizhao writes (markdown, .docx with the title split over two lines) parses back to
    the same structure, with nothing removed but markdown marks."""
    from duizhao.parse import parse_text
    from duizhao.render.docx import render_docx
    from duizhao.render.markdown import render_markdown

    _, path = load(name, tmp_path)
    material = parse_material(path)
    again = parse_text(render_markdown(material))
    assert _structure(again) == _structure(material)
    assert {r.kind for r in again.removed} <= {"markdown"}
    out = tmp_path / "rendered.docx"
    render_docx(material, out)
    from_docx = parse_material(out)
    assert _structure(from_docx) == _structure(material)
    assert from_docx.removed == []


def test_three_line_title_and_its_date():
    material = parse_material(FIXTURES / "h31_three_line_title.txt")
    assert [b.kind for b in material.blocks[:4]] == ["title", "title", "title", "subtitle"]
    assert material.year == 2024


@pytest.mark.parametrize(
    "title,kind",
    [
        ("青山县水利局党组书记、局长2025年度民主生活会对照检查材料", "personal"),
        ("某中学副校长2023年主题教育专题民主生活会检视剖析材料", "personal"),
        ("县委常委班子2024年度民主生活会对照检查材料", "team"),
        ("XX社区党支部2023年度组织生活会对照检查材料", "team"),
        ("第三党支部党员2025年度组织生活会对照检查材料", "personal"),
        ("机关党委2025年度党员大会材料", "unknown"),
    ],
)
def test_kind_from_the_title(title, kind):
    from duizhao.parse.meta import material_kind

    assert material_kind(title, "") == kind


def test_run_in_problem_that_names_an_aspect_keeps_its_own_summary():
    from duizhao.parse import parse_text

    text = (
        "某区委统战部领导班子2022年度民主生活会对照检查材料\n一、存在的问题\n"
        "（一）带头深刻领悟“两个确立”的决定性意义方面\n"
        "1、把握“两个确立”内涵上有差距。班子成员学习研究偏重统战业务，对其历史逻辑理解不够。\n"
        "2、政治判断力有待提升。\n二、整改措施\n一是每月学习。\n"
    )
    material = parse_text(text)
    assert [p.summary for p in material.problems] == ["把握“两个确立”内涵上有差距", "政治判断力有待提升"]


def test_a_speech_title_with_a_post_is_not_a_personal_material():
    from duizhao.parse.meta import material_kind

    assert material_kind("在市党委书记抓基层党建工作专项述职会议上的讲话", "") == "unknown"


@pytest.mark.parametrize(
    "fmt,n,expected",
    [
        ("decimalEnclosedParen", 2, "⑵"),
        ("decimalEnclosedCircleChinese", 3, "③"),
        ("ideographDigital", 2, "二"),
        ("decimalEnclosedFullstop", 4, "4."),
        ("chineseLegalSimplified", 1, "壹"),
        ("decimalZero", 7, "07"),
    ],
)
def test_more_word_number_formats(fmt, n, expected):
    from duizhao.parse.readers import _format_number

    assert _format_number(n, fmt) == expected


def test_docx_restarted_word_list_counts_from_its_start(tmp_path):
    document = docx.Document()
    document.add_paragraph("某局党组领导班子2025年度民主生活会对照检查材料")
    num = _numbering(document, [("decimal", "%1.")])
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    _numbered(document, "学习不深。", num, 0)
    _numbered(document, "落实不力。", num, 0)
    document.add_paragraph("整改措施")
    _numbered(document, "每月学习。", 91, 0)
    _numbered(document, "每季调研。", 91, 0)
    path = tmp_path / "restart.docx"
    document.save(path)
    lines = read_document(path).text.split("\n")
    assert lines[1:] == ["1.学习不深。", "2.落实不力。", "整改措施", "1.每月学习。", "2.每季调研。"]


def test_sentence_headings_with_causes_under_them_are_problems():
    from duizhao.parse import parse_text

    text = "某局党组领导班子2016年度民主生活会对照检查材料\n一、存在的问题及原因\n" + "".join(
        f"{n}.问题{n}落实不够到位。\n原因：学习{n}不够深入。\n" for n in range(1, 4)
    )
    material = parse_text(text)
    assert [p.text for p in material.problems] == [
        "1.问题1落实不够到位。",
        "2.问题2落实不够到位。",
        "3.问题3落实不够到位。",
    ]
    assert [c.summary for c in material.causes] == ["学习1不够深入", "学习2不够深入", "学习3不够深入"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("202X年度民主生活会", ["202X"]),
        ("○○局和△△同志", ["○○", "△△"]),
        ("（单位名称）党组、[姓名]同志、(姓名，职务)", ["（单位名称）", "[姓名]", "(姓名，职务)"]),
        ("（此处填写具体事例）", ["（此处填写具体事例）"]),
        ("二〇〇五年（2025年1月）（一）（单位：万元）（部门负责人）2021年 3×4 [1]", []),
    ],
)
def test_more_template_placeholders(text, expected):
    from duizhao.parse.placeholders import find_placeholders

    assert [p.text for p in find_placeholders(text)] == expected


def test_two_materials_pasted_together_are_reported():
    from duizhao.parse import parse_text

    first = (FIXTURES / "h04_2020_hospital_team.txt").read_text(encoding="utf-8")
    second = (FIXTURES / "h18_gbk_source.txt").read_text(encoding="utf-8")
    assert "several_materials" not in {w.code for w in parse_text(first).warnings}
    warnings = [w for w in parse_text(first + second).warnings if w.code == "several_materials"]
    assert len(warnings) == 1 and "一、存在的问题" in warnings[0].message


@pytest.mark.parametrize(
    "title,flagged",
    [
        ("政治定力方面存在的问题4篇", True),
        ("2025年度个人对照检查材料（通用3篇）", True),
        ("个人对照检查材料范文三篇", True),
        ("2025年度民主生活会个人对照检查材料", False),
        ("第一篇章：理论学习", False),
    ],
)
def test_title_that_counts_its_materials(title, flagged):
    from duizhao.parse.damage import several_materials

    assert bool(several_materials(title + "\n一、存在的问题\n一是学习不深。\n")) == flagged


@pytest.mark.parametrize(
    "line",
    [
        "来源：镇党政办汇总的群众意见。",
        "审核把关不严，个别文件出现差错。",
        "原创性工作亮点不多，2024年仅有1项经验被推广。",
        "上方案时征求意见不充分。",
    ],
)
def test_wechat_rules_keep_material_lines(line):
    from duizhao.parse import parse_text

    material = parse_text(
        f"某县林业局党组领导班子2025年度民主生活会对照检查材料\n一、存在的问题\n{line}\n二、整改措施\n一是建立台账。\n"
    )
    assert line in material.text and material.removed == []


def test_four_rare_characters_in_a_row_are_mojibake():
    from duizhao.parse.damage import damage_warnings

    text = "本人对" + "鍦斂娌鑲" + "的学习不够。"
    assert [text[w.start : w.end] for w in damage_warnings(text) if w.code == "mojibake"] == ["鍦斂娌鑲"]
    assert [w for w in damage_warnings("饕餮之徒与觥筹交错，翟鑫淼同志在濮阳县。") if w.code == "mojibake"] == []


def test_unit_without_the_team_word():
    material = parse_material(FIXTURES / "h31_three_line_title.txt")
    assert material.unit == "中共南江县委"


def test_table_row_ending_in_a_site_like_word_stays(tmp_path):
    document = docx.Document()
    document.add_paragraph("东林县水利局党组领导班子2025年度民主生活会对照检查材料")
    document.add_paragraph("一、存在的问题")
    document.add_paragraph("（一）带头干事创业、担当作为方面。一是农村供水工程推进慢。二是管网改造滞后。")
    document.add_paragraph("二、整改措施")
    rows = [("序号", "整改事项", "涉及设施"), ("1", "加快农村供水工程", "村级供水管网")]
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    path = tmp_path / "rows.docx"
    document.save(path)
    material = parse_material(path)
    assert "1 | 加快农村供水工程 | 村级供水管网" in material.text
    assert material.removed == []
