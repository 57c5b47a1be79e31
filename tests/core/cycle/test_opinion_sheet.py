"""征求意见汇总表: grouped by aspect in the framework's order, verbatim, channel only; Word and
Excel files opened by python-docx and openpyxl. Texts written for these tests."""

from __future__ import annotations

import docx
import openpyxl

from duizhao.cycle.opinion_sheet import SheetOpinion, build_sheet, sheet_docx, sheet_xlsx

OPINIONS = [
    SheetOpinion("执法案件处罚前没有告知听证权利。", "担当作为", "座谈会"),
    SheetOpinion("党组会学习多是念文件。", "理论学习", "意见箱"),
    SheetOpinion('=HYPERLINK("http://x")公车登记漏登。', "廉洁自律", "网上征求意见"),
    SheetOpinion("食堂早餐品种少。", "", "意见箱"),
    SheetOpinion("a挂职人选酝酿不够。", "担当作为", "个别访谈"),
]
ORDER = ["理论学习", "政治素质", "担当作为", "廉洁自律"]


def _sheet():
    return build_sheet("中共某县局党组", "2025年度民主生活会", "李华", OPINIONS, ORDER)


def test_groups_follow_the_framework_and_sort_by_text_not_arrival():
    sheet = _sheet()
    assert [aspect for aspect, _ in sheet.groups] == ["理论学习", "担当作为", "廉洁自律", "其他（未归类）"]
    assert [o.text[:4] for o in sheet.groups[1][1]] == ["a挂职人", "执法案件"]
    assert sheet.title == "2025年度民主生活会李华同志征求意见汇总表" and sheet.count == 5
    team = build_sheet("中共某县局党组", "2025年度民主生活会", "领导班子", OPINIONS, ORDER)
    assert team.title == "2025年度民主生活会领导班子征求意见汇总表"


def test_word_keeps_every_opinion_verbatim(tmp_path):
    sheet_docx(_sheet(), tmp_path / "a.docx")
    document = docx.Document(tmp_path / "a.docx")
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    for opinion in OPINIONS:
        assert opinion.text in cells
    assert "担当作为（2条）" in cells and "共收集意见建议5条" in "\n".join(p.text for p in document.paragraphs)


def test_excel_has_filters_a_frozen_header_and_no_formulas(tmp_path):
    sheet_xlsx(_sheet(), tmp_path / "a.xlsx")
    table = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert [c.value for c in table[2]] == ["序号", "所属方面", "意见建议（原文）", "渠道"]
    assert table.freeze_panes == "A3" and table.auto_filter.ref == "A2:D7"
    texts = [table.cell(row, 3).value for row in range(3, 8)]
    assert not any(str(t).startswith("=") for t in texts)
    assert any("公车登记漏登" in str(t) for t in texts)


def test_an_empty_sheet_is_still_a_document(tmp_path):
    empty = build_sheet("中共某县局党组", "2025年度民主生活会", "王强", [], ORDER)
    sheet_docx(empty, tmp_path / "e.docx")
    assert "共收集意见建议0条" in "\n".join(p.text for p in docx.Document(tmp_path / "e.docx").paragraphs)
