"""Every real sample parses; a good number of them must yield the structure they carry
(see INDEX.tsv in the samples folders for what each one is and what damage it has)."""

import pytest

from duizhao.parse import parse_material


def all_sample_files(samples):
    return sorted(p for p in samples.rglob("*.txt"))


def test_every_sample_parses_with_spans_inside(samples):
    files = all_sample_files(samples)
    assert len(files) >= 30
    for path in files:
        material = parse_material(path)
        n = len(material.text)
        for item in [
            *material.blocks,
            *material.problems,
            *material.causes,
            *material.measures,
            *material.placeholders,
        ]:
            assert 0 <= item.start <= item.end <= n, path
            assert material.text[item.start : item.end] == item.text, path
        for block in material.blocks:
            assert block.run_in <= len(block.text)


def parse(samples, name):
    return parse_material(samples / name)


def test_excerpt_001_2022_framework_doubled_title(samples):
    m = parse(samples, "excerpts/001.txt")
    assert m.framework_id == "dsh-2022"
    assert m.kind == "team" and m.year == 2022
    assert any(r.kind == "doubled_title" for r in m.removed)
    assert m.text.count("检视剖析材料") == 1
    assert [p.aspect for p in m.problems] == ["两个确立", "两个确立"]
    assert m.problems[1].summary == "政治“三力”有待提升"
    assert sum(p.text.lower() == "xx" for p in m.placeholders) == 4


def test_excerpt_003_pdf_breaks_joined_2025(samples):
    m = parse(samples, "excerpts/003.txt")
    assert m.framework_id == "dsh-2025"
    assert m.title == "镇党委领导班子2025年度民主生活会对照检查材料(含案例)"
    assert m.unit == "镇党委"
    assert "对照检查材料" in m.text
    # the preamble is one paragraph again, and its counts are read
    assert {c.kind: c.value for c in m.counts} == {"study_sessions": 4, "talks": 30, "opinions": 45}
    assert [p.summary for p in m.problems] == ["理论学习的转化效果不彻底", "政治风险的洞察能力不敏锐"]
    assert {p.aspect for p in m.problems} == {"政治忠诚"}
    assert any(p.text == "**" for p in m.placeholders)


def test_excerpt_013_personal_five_leads_doubled_title(samples):
    m = parse(samples, "excerpts/013.txt")
    assert m.kind == "personal"
    assert m.meeting_kind == "organisational_life"
    assert m.framework_id == "dsh-2025"  # the five 带头 of 2025
    assert m.year == 2025
    doubled = [r for r in m.removed if r.kind == "doubled_title"]
    assert doubled and doubled[0].text.startswith("〔*〕")
    assert [p.aspect for p in m.problems] == ["政治忠诚", "政治忠诚"]


def test_excerpt_019_one_line_document_split(samples):
    m = parse(samples, "excerpts/019.txt")
    headings = [b for b in m.blocks if b.kind == "heading"]
    assert len(headings) >= 10
    assert sum(b.level == 1 for b in headings) == 6
    assert any(r.kind == "banner" for r in m.removed)


def test_excerpt_051_one_line_body_split(samples):
    m = parse(samples, "excerpts/051.txt")
    assert m.title == "形式主义方面存在的突出问题及具体表现"
    kinds = {r.kind for r in m.removed}
    assert {"banner", "web_chrome", "doubled_title"} <= kinds
    assert any(b.kind == "heading" and b.level == 1 for b in m.blocks)
    assert any(b.kind == "heading" and b.level == 3 and b.text.startswith("1.学风不正") for b in m.blocks)


@pytest.mark.parametrize(
    "name,code", [("027", "pinyin"), ("031", "replacement_char"), ("057", "pinyin"), ("057", "lost_char")]
)
def test_damaged_excerpts_warn(samples, name, code):
    m = parse(samples, f"excerpts/{name}.txt")
    assert code in {w.code for w in m.warnings}


def test_excerpt_027_watermark_removed(samples):
    m = parse(samples, "excerpts/027.txt")
    assert any(r.kind == "watermark" and r.text == "m.dkbsf.cn" for r in m.removed)
    assert "dkbsf" not in m.text


def test_excerpt_037_site_name_watermark(samples):
    m = parse(samples, "excerpts/037.txt")
    assert any(r.text == "(中华励志网)" for r in m.removed)
    assert len(m.problems) == 4 and all(p.aspect is None for p in m.problems)
    assert sum(w.code == "unplaced" for w in m.warnings) == 4


def test_excerpt_011_anti_copy_token(samples):
    m = parse(samples, "excerpts/011.txt")
    assert "达到应到会人数" in m.text
    assert {r.kind for r in m.removed} == {"watermark", "junk"}


def test_excerpt_015_breadcrumb_and_breaks(samples):
    m = parse(samples, "excerpts/015.txt")
    assert any(r.kind == "web_chrome" and ">" in r.text for r in m.removed)
    assert "理解、贯彻、执行" in m.text
    assert len(m.problems) == 5
    assert m.framework_id is None  # one weak alias is not a framework


def test_excerpt_017_web_chrome(samples):
    m = parse(samples, "excerpts/017.txt")
    kinds = [r.kind for r in m.removed]
    assert kinds.count("web_chrome") >= 4
    assert m.title == "谈心谈话制度"
    assert "【大】" not in m.text


def test_excerpt_039_traditional_doubled_title_year_placeholders(samples):
    m = parse(samples, "excerpts/039.txt")
    assert any(r.kind == "banner" for r in m.removed)
    assert any(r.kind == "doubled_title" for r in m.removed)
    assert [p.text for p in m.placeholders] == ["20*", "20*", "20*"]


def test_excerpt_041_banner_tail(samples):
    m = parse(samples, "excerpts/041.txt")
    assert "小编" not in m.text
    assert "提高党员素质。" in m.text


def test_excerpt_043_two_line_title(samples):
    m = parse(samples, "excerpts/043.txt")
    assert m.title.endswith("大讨论个人剖析材料")
    assert m.kind == "personal"


def test_excerpt_045_doubled_heading(samples):
    m = parse(samples, "excerpts/045.txt")
    assert m.text.count("三、评议结果") == 1
    assert any(r.kind == "doubled_line" for r in m.removed)


def test_excerpt_047_forum_junk(samples):
    m = parse(samples, "excerpts/047.txt")
    assert sum(r.kind == "junk" for r in m.removed) >= 8
    assert "G%" not in m.text and "文体特性" in m.text and "如下特性:" in m.text
    assert "\n2、正文" in m.text


def test_excerpt_059_split_doubled_title_and_reflow(samples):
    m = parse(samples, "excerpts/059.txt")
    assert m.title == "指导组领导在2022年度民主生活会上的点评讲话"
    assert sum(r.kind == "doubled_title" for r in m.removed) == 2
    assert "对照检查" in m.text and "主动整改" in m.text


def test_excerpt_005_table_of_contents_and_omissions(samples):
    m = parse(samples, "excerpts/005.txt")
    assert m.title == "在政协党组领导班子2025年度民主生活会上的讲话"
    assert [p.text for p in m.placeholders] == ["(内容略)", "(内容略)"]


def test_github_markdown_skeletons(samples):
    personal = parse(samples, "github/003.txt")
    assert personal.kind == "personal"
    assert personal.title == "民主生活会个人对照检查材料"
    assert [s.kind for s in personal.sections] == ["preamble", "other", "problems", "causes", "measures"]
    assert sum(p.text == "【待补】" for p in personal.placeholders) == 4
    assert {"【姓名】", "【职务】", "【主题】"} <= {p.text for p in personal.placeholders}
    assert len(personal.problems) == 3
    assert "#" not in personal.text and "&nbsp;" not in personal.text
    assert any(r.kind == "markdown" for r in personal.removed)
    slash = [b for b in personal.blocks if b.kind == "heading" and "/" in b.text]
    assert slash and slash[0].level == 2

    team = parse(samples, "github/004.txt")
    assert team.kind == "team"
    assert [s.kind for s in team.sections] == ["preamble", "other", "carryover", "problems", "causes", "measures"]
    assert team.carryover is not None
    assert len(team.problems) == 4


def test_github_001_problems_by_numbered_aspects(samples):
    m = parse(samples, "github/001.txt")
    assert m.kind == "personal"
    # a 组织生活会 material that names no year: its headings are close to the 2025 民主生活会's, but
    # taking them would guess the year and the meeting both (meta.toml labels it "none")
    assert m.framework_id is None and "另一种会议" in m.framework_reason
    first_four = [p for p in m.problems if p.start < m.text.index("（五）")]
    assert len(first_four) == 12
    assert first_four[0].summary == "理论学习的系统性不够"
    assert len(m.measures) == 5
    assert m.measures[0].summary == "强化理论武装，筑牢思想根基"
    # headings that name no aspect of the year are reported, not guessed
    assert any(w.code == "unplaced" for w in m.warnings)
