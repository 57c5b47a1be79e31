"""The .docx carries the GB/T 9704 settings in its XML (anchors.md §3, §3.5, §3.6)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from render_support import NS, RUN_IN_HEAD, build_material, docx_part, docx_parts, w

from duizhao.errors import InputError
from duizhao.model import Annotation
from duizhao.render.docx import DocumentBuilder, render_docx

TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture
def rendered(tmp_path, small_material):
    out = tmp_path / "material.docx"
    render_docx(small_material, out)
    return out


def _close(value: str, mm: float) -> bool:
    return abs(int(value) - mm * TWIPS_PER_MM) <= TWIPS_PER_MM  # ± 1 mm


def test_page_size_and_margins(rendered):
    sect = docx_part(rendered, "word/document.xml").find(".//w:body/w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert _close(margins.get(w("top")), 37) and int(margins.get(w("top"))) == 2098
    assert _close(margins.get(w("left")), 28) and int(margins.get(w("left"))) == 1587
    assert _close(margins.get(w("right")), 26) and _close(margins.get(w("bottom")), 35)
    text_width = 11906 - int(margins.get(w("left"))) - int(margins.get(w("right")))
    text_height = 16838 - int(margins.get(w("top"))) - int(margins.get(w("bottom")))
    assert abs(text_width - 156 * TWIPS_PER_MM) <= TWIPS_PER_MM
    assert abs(text_height - 225 * TWIPS_PER_MM) <= TWIPS_PER_MM


def test_document_grid_is_22_lines_and_no_character_grid(rendered):
    sect = docx_part(rendered, "word/document.xml").find(".//w:body/w:sectPr", NS)
    grid = sect.find("w:docGrid", NS)
    margins = sect.find("w:pgMar", NS)
    # LibreOffice sets a 16 pt glyph in two cells of a character grid narrower than the glyph
    # (14 characters a line), so the grid holds lines only.
    assert grid.get(w("type")) == "lines" and grid.get(w("charSpace")) is None
    pitch = int(grid.get(w("linePitch")))
    text_height = 16838 - int(margins.get(w("top"))) - int(margins.get(w("bottom")))
    assert abs(pitch - 579) <= 1 and 22 * pitch <= text_height < 23 * pitch


def _text_width_pt(rendered) -> float:
    margins = docx_part(rendered, "word/document.xml").find(".//w:body/w:sectPr/w:pgMar", NS)
    return (11906 - int(margins.get(w("left"))) - int(margins.get(w("right")))) / 20


def _spacing(rPr) -> int:
    return int(rPr.find("w:spacing", NS).get(w("val")))


def test_body_size_roles_fit_exactly_28_characters_by_character_spacing(rendered):
    """Every suite adds w:spacing (1/20 pt) to each character's advance: 28 fit, 29 do not."""
    styles = docx_part(rendered, "word/styles.xml")
    width = _text_width_pt(rendered)
    for style_id in ("Normal", "Subtitle", "Heading1", "Heading2", "Heading3", "Heading4"):
        rPr = styles.find(f".//w:style[@w:styleId='{style_id}']/w:rPr", NS)
        assert rPr.find("w:sz", NS).get(w("val")) == "32", style_id
        advance = 16 + _spacing(rPr) / 20
        assert 28 * advance <= width < 29 * advance, (style_id, advance)
    assert _spacing(styles.find(".//w:style[@w:styleId='Normal']/w:rPr", NS)) == -5


def test_other_sizes_do_not_inherit_the_body_spacing(rendered, tmp_path):
    styles = docx_part(rendered, "word/styles.xml")
    assert _spacing(styles.find(".//w:style[@w:styleId='Title']/w:rPr", NS)) == 0
    builder = DocumentBuilder()
    builder.table([["序号", "问题"], ["1", "台账未及时更新"]], widths_mm=[20, 136])
    out = tmp_path / "table.docx"
    builder.save(out)
    cell_runs = docx_part(out, "word/document.xml").findall(".//w:tc//w:r/w:rPr", NS)
    assert cell_runs and {_spacing(rPr) for rPr in cell_runs} == {0}


def test_runs_carry_the_spacing_of_their_role(rendered):
    body = docx_part(rendered, "word/document.xml").find(".//w:body", NS)
    by_size = {}
    for rPr in body.iter(w("rPr")):
        size = rPr.find("w:sz", NS)
        if size is not None and rPr.find("w:spacing", NS) is not None:
            by_size.setdefault(size.get(w("val")), set()).add(_spacing(rPr))
    assert by_size["32"] == {-5} and by_size["44"] == {0}


def test_east_asian_theme_language_is_chinese(rendered):
    settings = docx_part(rendered, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(w("eastAsia")) == "zh-CN"


def test_body_line_spacing_agrees_with_grid(rendered):
    styles = docx_part(rendered, "word/styles.xml")
    spacing = styles.find(".//w:style[@w:styleId='Normal']/w:pPr/w:spacing", NS)
    assert spacing.get(w("lineRule")) == "exact" and spacing.get(w("line")) == "579"


def _style_fonts(styles, style_id):
    return styles.find(f".//w:style[@w:styleId='{style_id}']/w:rPr/w:rFonts", NS)


def test_role_styles_have_east_asian_fonts(rendered):
    styles = docx_part(rendered, "word/styles.xml")
    expected = {
        "Normal": "仿宋_GB2312",
        "Title": "方正小标宋简体",
        "Subtitle": "楷体_GB2312",
        "Heading1": "黑体",
        "Heading2": "楷体_GB2312",
        "Heading3": "仿宋_GB2312",
        "Heading4": "仿宋_GB2312",
    }
    for style_id, font in expected.items():
        fonts = _style_fonts(styles, style_id)
        assert fonts.get(w("eastAsia")) == font, style_id
        assert fonts.get(w("ascii")) == "Times New Roman"
    title_size = styles.find(".//w:style[@w:styleId='Title']/w:rPr/w:sz", NS).get(w("val"))
    assert title_size == "44"  # 2号 = 22 pt
    # the 22 pt title is kept off the 16 pt character grid; body text stays on it
    assert styles.find(".//w:style[@w:styleId='Title']/w:pPr/w:snapToGrid", NS).get(w("val")) == "0"
    assert styles.find(".//w:style[@w:styleId='Normal']/w:pPr/w:snapToGrid", NS) is None
    assert styles.find(".//w:style[@w:styleId='Heading3']/w:rPr/w:b", NS) is not None
    assert styles.find(".//w:style[@w:styleId='Heading1']/w:rPr/w:b", NS) is None
    default = styles.find(".//w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(w("eastAsia")) == "仿宋_GB2312"
    indent = styles.find(".//w:style[@w:styleId='Normal']/w:pPr/w:ind", NS)
    assert indent.get(w("firstLineChars")) == "200"


def test_no_theme_font_anywhere(rendered):
    for name, data in docx_parts(rendered).items():
        if name.endswith(".xml") and "theme/" not in name:
            assert not re.search(rb"w:(asciiTheme|eastAsiaTheme|hAnsiTheme|cstheme)=", data), name


def test_every_run_names_its_east_asian_font(rendered):
    body = docx_part(rendered, "word/document.xml").find(".//w:body", NS)
    runs = [run for run in body.iter(w("r")) if run.find("w:t", NS) is not None]
    assert runs
    for run in runs:
        assert run.find("w:rPr/w:rFonts", NS).get(w("eastAsia")), "".join(run.itertext())


def test_hint_on_runs_with_ambiguous_punctuation(rendered):
    body = docx_part(rendered, "word/document.xml").find(".//w:body", NS)
    checked = 0
    for run in body.iter(w("r")):
        text = "".join(t.text or "" for t in run.findall("w:t", NS))
        if not text:
            continue
        fonts = run.find("w:rPr/w:rFonts", NS)
        if any(char in text for char in "“”‘’…—·、"):
            assert fonts.get(w("hint")) == "eastAsia", text
            checked += 1
    assert checked >= 3


def _paragraph_runs(document_xml, startswith):
    for paragraph in document_xml.iter(w("p")):
        text = "".join(paragraph.itertext())
        if text.startswith(startswith):
            return paragraph, paragraph.findall("w:r", NS)
    raise AssertionError(f"no paragraph starts with {startswith}")


def test_run_in_heading_keeps_heading_font_for_heading_part_only(rendered):
    document = docx_part(rendered, "word/document.xml")
    _, runs = _paragraph_runs(document, "（一）在带头")
    head, rest = runs[0], runs[1]
    assert "".join(head.itertext()) == RUN_IN_HEAD
    assert head.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "楷体_GB2312"
    assert rest.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    _, level1 = _paragraph_runs(document, "一、存在")
    assert level1[0].find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    _, level3 = _paragraph_runs(document, "1.具体")
    assert level3[0].find("w:rPr/w:b", NS) is not None


def test_title_centred_and_date_in_kai(rendered):
    document = docx.Document(rendered)
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == ["青川县自然资源局党组领导班子", "2025年度民主生活会对照检查材料", "（2025年12月26日）"]
    assert [p.style.name for p in document.paragraphs[:3]] == ["Title", "Title", "Subtitle"]
    styles = docx_part(rendered, "word/styles.xml")
    for style_id in ("Title", "Subtitle"):
        assert styles.find(f".//w:style[@w:styleId='{style_id}']/w:pPr/w:jc", NS).get(w("val")) == "center"


def test_page_numbers_from_page_field_on_the_outer_side(rendered):
    parts = docx_parts(rendered)
    settings = docx_part(rendered, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    sect = docx_part(rendered, "word/document.xml").find(".//w:body/w:sectPr", NS)
    references = {
        ref.get(w("type")): ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        for ref in sect.findall("w:footerReference", NS)
    }
    assert set(references) >= {"default", "even"}
    rels = docx_part(rendered, "word/_rels/document.xml.rels")
    target = {rel.get("Id"): rel.get("Target") for rel in rels}
    alignment = {}
    for kind, rel_id in references.items():
        footer = docx_part(rendered, "word/" + target[rel_id])
        assert " PAGE " in "".join(t.text for t in footer.iter(w("instrText")))
        text = "".join(t.text or "" for t in footer.iter(w("t")))
        assert text.startswith("— ") and text.endswith(" —")
        fonts = footer.find(".//w:r/w:rPr/w:rFonts", NS)
        assert fonts.get(w("eastAsia")) == "宋体"
        assert footer.find(".//w:r/w:rPr/w:sz", NS).get(w("val")) == "28"  # 4号
        alignment[kind] = footer.find(".//w:pPr/w:jc", NS).get(w("val"))
    assert alignment == {"default": "right", "even": "left"}
    assert any(name.startswith("word/footer") for name in parts)


def test_annotations_become_comments_on_exact_words(tmp_path, small_material):
    text = small_material.text
    start = text.index("52条")
    second = text.index("以传达代学习")
    annotations = [
        Annotation(start, start + 3, "请核实意见条数", author="审读", category="fact"),
        Annotation(second, second + 6, "与去年材料雷同", author="查重", category="copy"),
    ]
    out = tmp_path / "annotated.docx"
    render_docx(small_material, out, annotations=annotations)
    document = docx.Document(out)
    comments = list(document.comments)
    assert [c.text for c in comments] == ["请核实意见条数", "与去年材料雷同"]
    assert comments[0].author == "审读"
    body = docx_part(out, "word/document.xml").find(".//w:body", NS)
    for comment_id, expected in (("0", "52条"), ("1", "以传达代学习")):
        inside, collecting = [], False
        for element in body.iter():
            if element.tag == w("commentRangeStart") and element.get(w("id")) == comment_id:
                collecting = True
            elif element.tag == w("commentRangeEnd") and element.get(w("id")) == comment_id:
                break
            elif collecting and element.tag == w("t"):
                inside.append(element.text)
        assert "".join(inside) == expected
    # Splitting runs for comments keeps the text and the run-in heading font intact.
    assert any(p.text == small_material.blocks[5].text for p in document.paragraphs)


def test_date_line_replaces_the_date(tmp_path, small_material):
    out = io.BytesIO()
    render_docx(small_material, out, date_line="2026年1月8日")
    document = docx.Document(io.BytesIO(out.getvalue()))
    texts = [p.text for p in document.paragraphs]
    assert "（2026年1月8日）" in texts and "（2025年12月26日）" not in texts


def test_date_line_added_when_missing(tmp_path):
    material = build_material([("title", 0, "个人对照检查材料"), ("paragraph", 0, "正文。")])
    out = io.BytesIO()
    render_docx(material, out, date_line="2025年12月26日")
    texts = [p.text for p in docx.Document(io.BytesIO(out.getvalue())).paragraphs]
    assert texts[:2] == ["个人对照检查材料", "（2025年12月26日）"]


def test_unit_template_keeps_its_styles_and_page_setup(tmp_path, small_material):
    template = docx.Document()
    section = template.sections[0]
    section.left_margin = docx.shared.Mm(30)
    heading = template.styles["Heading 1"]
    heading.font.size = docx.shared.Pt(18)
    template.add_paragraph("模板里的示例文字，应被清除")
    template_path = tmp_path / "unit.docx"
    template.save(template_path)
    out = tmp_path / "from-template.docx"
    render_docx(small_material, out, template=template_path)
    result = docx.Document(out)
    assert abs(result.sections[0].left_margin.mm - 30) < 0.1
    assert result.styles["Heading 1"].font.size == docx.shared.Pt(18)
    assert all("模板里的示例文字" not in p.text for p in result.paragraphs)
    level1 = next(p for p in result.paragraphs if p.text.startswith("一、"))
    assert level1.style.name == "Heading 1"
    assert level1.runs[0].font.size is None  # the template's style decides


def test_bad_template_is_a_clear_input_error(tmp_path, small_material):
    bad = tmp_path / "unit.docx"
    bad.write_text("不是 Word 文件", encoding="utf-8")
    with pytest.raises(InputError) as error:
        render_docx(small_material, tmp_path / "out.docx", template=bad)
    assert "模板" in str(error.value)


def test_builder_table_and_plain_paragraphs(tmp_path):
    builder = DocumentBuilder()
    builder.title("青川县自然资源局党组会议纪要")
    builder.subtitle("（2025年12月30日）")
    builder.heading(1, "一、会议议题")
    builder.paragraph("研究2025年度民主生活会整改台账。")
    builder.table([["序号", "整改事项", "责任领导"], ["1", "公务用车“双登记”", "周立新"]], widths_mm=[20, 96, 40])
    builder.paragraph("青川县自然资源局办公室", align="right", indent=False)
    out = tmp_path / "minutes.docx"
    builder.save(out)
    document = docx.Document(out)
    table = document.tables[0]
    assert [cell.text for cell in table.rows[1].cells] == ["1", "公务用车“双登记”", "周立新"]
    header_run = table.rows[0].cells[0].paragraphs[0].runs[0]
    assert header_run.bold
    assert table.rows[0]._tr.trPr.find(w("tblHeader")) is not None
    cell_fonts = table.rows[1].cells[1].paragraphs[0].runs[0]._r.rPr.rFonts
    assert cell_fonts.get(w("eastAsia")) == "仿宋_GB2312" and cell_fonts.get(w("hint")) == "eastAsia"
    assert abs(table.rows[0].cells[0].width.mm - 20) < 0.1
    last = document.paragraphs[-1]
    assert last.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    assert last._p.pPr.ind.get(w("firstLineChars")) == "0"


def test_long_title_breaks_between_words(tmp_path):
    material = build_material(
        [("title", 0, "青川县自然资源局2025年度民主生活会个人对照检查材料"), ("paragraph", 0, "正文。")]
    )
    out = tmp_path / "title.docx"
    render_docx(material, out)
    document = docx.Document(out)
    titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
    assert titles == ["青川县自然资源局2025年度民主生活会", "个人对照检查材料"]
    short = build_material([("title", 0, "中共青川县自然资源局党组领导班子"), ("paragraph", 0, "正文。")])
    render_docx(short, out)
    assert [p.text for p in docx.Document(out).paragraphs if p.style.name == "Title"] == [
        "中共青川县自然资源局党组领导班子"
    ]


def _commented_text(path, comment_id: str) -> str:
    body = docx_part(path, "word/document.xml").find(".//w:body", NS)
    inside, collecting = [], False
    for element in body.iter():
        if element.tag == w("commentRangeStart") and element.get(w("id")) == comment_id:
            collecting = True
        elif element.tag == w("commentRangeEnd") and element.get(w("id")) == comment_id:
            break
        elif collecting and element.tag == w("t"):
            inside.append(element.text)
    return "".join(inside)


def test_annotation_across_paragraphs_and_outside_the_text(tmp_path, small_material):
    text = small_material.text
    start, end = text.index("46人次"), text.index("存在的主要") + 3
    out = tmp_path / "cross.docx"
    render_docx(
        small_material,
        out,
        annotations=[
            Annotation(start, end, "跨段批注"),
            Annotation(len(text) + 50, len(text) + 60, "越界批注"),
            Annotation(5, 5, "空区间批注"),
        ],
    )
    assert [c.text for c in docx.Document(out).comments] == ["跨段批注", "越界批注", "空区间批注"]
    assert _commented_text(out, "0").startswith("46人次") and _commented_text(out, "0").endswith("一、存在的")
    assert _commented_text(out, "1")  # anchored on the nearest words, never dropped
    assert _commented_text(out, "2") == text[5]


def test_font_table_names_fallbacks_for_missing_gb2312_faces(rendered):
    fonts = docx_part(rendered, "word/fontTable.xml")
    alt = {
        font.get(w("name")): (
            font.find("w:altName", NS).get(w("val")) if font.find("w:altName", NS) is not None else ""
        )
        for font in fonts.findall("w:font", NS)
    }
    assert alt["仿宋_GB2312"] == "仿宋" and alt["楷体_GB2312"] == "楷体" and "黑体" in alt
    assert "Calibri" not in alt and "ＭＳ 明朝" not in alt
    charset = fonts.find("w:font[@w:name='仿宋_GB2312']/w:charset", NS).get(w("val"))
    assert charset == "86"


def test_template_styles_with_chinese_names_are_used(tmp_path, small_material):
    template = docx.Document()
    template.styles["Heading 2"].delete()  # as in a WPS template, which names it 标题 2
    custom = template.styles.add_style("标题 2", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    custom.font.size = docx.shared.Pt(15)
    template_path = tmp_path / "wps.docx"
    template.save(template_path)
    out = tmp_path / "out.docx"
    render_docx(small_material, out, template=template_path)
    result = docx.Document(out)
    run_in = next(p for p in result.paragraphs if p.text.startswith("（一）"))
    assert run_in.runs[0].font.size == docx.shared.Pt(15)  # the heading part takes 标题 2's font
    assert run_in.runs[0].text == RUN_IN_HEAD


MEASURES_TEXT = """青川县自然资源局党组领导班子对照检查材料
三、整改措施
（一）在改进工作作风上下功夫
（二）针对登记排队久的问题，由登记中心牵头压缩环节，本人每月督促，3月底前公开办事指南。
（三）强化理论武装。每月开展一次专题学习，班子成员轮流领学。
"""


def test_measure_written_as_a_whole_sentence_is_typeset_in_the_body_face(tmp_path):
    """A numbered measure that is one sentence of several clauses goes into the body face (仿宋,
    style Normal), while a short （一） heading keeps 楷体 and a run-in heading only its head part."""
    from duizhao.parse import parse_material

    source = tmp_path / "measures.txt"
    source.write_text(MEASURES_TEXT, encoding="utf-8")
    render_docx(parse_material(source), tmp_path / "measures.docx")
    document = docx_part(tmp_path / "measures.docx", "word/document.xml")

    def faces(start: str) -> list[str]:
        _, runs = _paragraph_runs(document, start)
        return [run.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for run in runs]

    assert faces("（二）针对") == ["仿宋_GB2312"]
    assert faces("（一）在改进") == ["楷体_GB2312"]
    assert faces("（三）强化") == ["楷体_GB2312", "仿宋_GB2312"]
    styles = {
        "".join(p.itertext())[:5]: p.find("w:pPr/w:pStyle", NS).get(w("val"))
        for p in document.iter(w("p"))
        if p.find("w:pPr/w:pStyle", NS) is not None and "".join(p.itertext())
    }
    assert styles["（一）在改"] == "Heading2" and "（二）针对" not in styles
