"""The delivered .docx itself, opened unmodified in LibreOffice, lays out the GB/T 9704 page:
22 lines a full page and 28 full-width characters a full line, for body text, 黑体 (一、) and
楷体 (（一）) headings, and on a page with a table. LibreOffice converts the file as it is (no
font substitution: it falls back to installed CJK faces), and the PDF is measured with pdfplumber.
The text below is written for this test."""

from __future__ import annotations

import shutil
from collections import defaultdict

import pdfplumber
import pytest
from render_support import ARTIFACTS

from duizhao.render.docx import DocumentBuilder
from duizhao.render.pdf import convert_to_pdf

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(
        shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装：apt-get install libreoffice-writer-nogui"
    ),
]
PT_PER_MM = 72 / 25.4
LEFT_PT, RIGHT_PT = 28 * PT_PER_MM, (28 + 156) * PT_PER_MM

BODY = (
    "党组围绕年度重点工作逐项对照检查，班子成员分别到基层站所蹲点调研，听取干部职工和服务对象"
    "的意见建议，梳理出学习教育、履职尽责、作风建设和廉洁自律等方面的具体问题，逐条明确整改责任"
    "领导、牵头科室和完成时限，形成问题清单、任务清单和责任清单，坚持边查边改、立行立改。"
)
HEADING1 = "一、对照上年度民主生活会整改任务逐项回头看并深入查摆本年度班子在履职尽责方面存在的突出问题"
HEADING2 = "（一）在带头深入学习贯彻党的创新理论、不断提高运用科学理论指导实践解决问题能力方面的差距"


def _document(path):
    builder = DocumentBuilder()
    builder.title("青川县自然资源局党组领导班子对照检查材料")
    builder.blank()
    for _ in range(3):
        builder.heading(1, HEADING1)
        builder.paragraph(BODY + BODY)
        builder.heading(2, HEADING2)
        builder.paragraph(BODY * 3)
    builder.table(
        [["序号", "问题", "责任领导"]] + [[str(i), "台账更新不及时，佐证材料不全", "周立新"] for i in range(1, 6)],
        widths_mm=[20, 96, 40],
    )
    builder.paragraph(BODY * 3)
    builder.save(path)


@pytest.fixture(scope="module")
def delivered_pdf(tmp_path_factory):
    work = tmp_path_factory.mktemp("delivered")
    _document(work / "delivered.docx")
    ARTIFACTS.mkdir(exist_ok=True)
    return convert_to_pdf(work / "delivered.docx", ARTIFACTS / "delivered-unmodified.pdf", substitute_fonts=False)


def _lines(page):
    bottom = page.height - 35 * PT_PER_MM + 2
    rows = defaultdict(list)
    for char in page.chars:
        if char["top"] < bottom and char["text"].strip():
            rows[round(char["top"])].append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def _full_width_cells(line) -> float:
    """Characters inside the text block, in full-width cells, plus the indent; punctuation that
    LibreOffice hangs into the margin is not counted."""
    inside = [c for c in line if c["x1"] <= RIGHT_PT + 1]
    indent = (line[0]["x0"] - LEFT_PT) / 16
    return round(indent) + sum(1 if ord(c["text"]) > 0x2E7F else 0.5 for c in inside)


def _has_table_text(lines) -> bool:
    return any(round(c["size"]) == 14 for line in lines for c in line)


def _is_full(line) -> bool:
    return line[-1]["x1"] > RIGHT_PT - 8 and all(round(c["size"]) == 16 for c in line)


def test_pages_hold_at_most_and_at_best_22_lines(delivered_pdf):
    """A page ends early only where a heading must stay with its next line (keepNext)."""
    with pdfplumber.open(delivered_pdf) as document:
        counts = [len(lines) for lines in map(_lines, document.pages) if not _has_table_text(lines)]
    assert len(counts) >= 3 and max(counts) == 22 and counts.count(22) >= 2, counts


def test_every_full_line_holds_28_characters(delivered_pdf):
    with pdfplumber.open(delivered_pdf) as document:
        full = [line for page in document.pages for line in _lines(page) if _is_full(line)]
    assert len(full) >= 40
    wrong = ["".join(c["text"] for c in line) for line in full if _full_width_cells(line) != 28]
    assert not wrong, wrong


def test_headings_in_both_faces_hold_28_characters(delivered_pdf):
    with pdfplumber.open(delivered_pdf) as document:
        lines = [line for page in document.pages for line in _lines(page)]
    heading_lines = [line for line in lines if "".join(c["text"] for c in line).startswith(("一、", "（一）"))]
    assert len(heading_lines) == 6
    for line in heading_lines:
        assert _is_full(line) and _full_width_cells(line) == 28, "".join(c["text"] for c in line)


def test_a_page_with_a_table_keeps_the_body_measure(delivered_pdf):
    with pdfplumber.open(delivered_pdf) as document:
        pages = [lines for lines in map(_lines, document.pages) if _has_table_text(lines)]
        assert pages, "the table's 4号 text was not found"
        body = [line for line in pages[0] if _is_full(line)]
    assert body and all(_full_width_cells(line) == 28 for line in body)


def test_cycle_documents_use_the_same_builder_and_measure(tmp_path):
    """Reports, minutes and 通报 are typeset by the same DocumentBuilder: the rectification report
    (headings, body and a table) keeps 28 characters on every full line too."""
    from datetime import date

    from duizhao.cycle.documents import RectificationReportData, rectification_report_docx
    from duizhao.cycle.ledger import Task

    tasks = [
        Task(
            f"2025-{n:02d}",
            "窗口办件排队时间长，群众反映预约渠道少、材料要求说明不清楚",
            "上线预约并公开办事指南",
            owner="赵敏",
            deadline=date(2026, 3, 31),
            status="in_progress",
        )
        for n in range(1, 9)
    ]
    data = RectificationReportData(
        unit="中共青川县自然资源局党组",
        recipient="中共青川县委",
        meeting_title="2025年度民主生活会",
        tasks=tasks,
        today=date(2026, 2, 15),
        institutions=["修订《执法案件审核办法》"],
    )
    rectification_report_docx(data, tmp_path / "rect.docx")
    pdf = convert_to_pdf(tmp_path / "rect.docx", tmp_path / "rect.pdf", substitute_fonts=False)
    with pdfplumber.open(pdf) as document:
        full = [line for page in document.pages for line in _lines(page) if _is_full(line)]
    all_full_width = [line for line in full if all(ord(c["text"]) > 0x2E7F for c in line)]
    assert all_full_width
    # (lines with digits are left out: without Times New Roman installed, LibreOffice sets digits
    # in a fallback face wider than half a character)
    assert all(_full_width_cells(line) == 28 for line in all_full_width)
