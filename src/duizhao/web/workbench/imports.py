"""Reading a filled-in 征求意见表 (.xlsx or .docx): a table of 主要内容 | 意见和建议 rows.

A row whose first cell names a member is an opinion about that member; other rows are about
the team. Empty cells and headers are skipped. Bad files raise InputError with a Chinese reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from duizhao.errors import InputError

HEADER_WORDS = ("意见和建议", "意见建议", "主要内容", "序号", "内容")
EMPTY_WORDS = {"无", "没有", "暂无", "无意见", "/", "-", "—"}


@dataclass
class OpinionRow:
    text: str
    member: object | None  # a Member, or None for the team


def _rows_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise InputError(str(path), f"无法读取 Excel 文件（{type(error).__name__}）") from error
    rows = []
    try:  # read-only sheets are parsed while iterating: a broken sheet fails here, not above
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                rows.append(["" if v is None else str(v).strip() for v in row])
    except Exception as error:  # any parse failure of the sheet XML is the file's fault
        raise InputError(str(path), f"Excel 文件中的工作表已损坏，无法读取（{type(error).__name__}）") from error
    finally:
        book.close()
    return rows


def _rows_docx(path: Path) -> list[list[str]]:
    from docx import Document

    try:
        document = Document(str(path))
    except Exception as error:
        raise InputError(str(path), f"无法读取 Word 文件（{type(error).__name__}）") from error
    rows = []
    for table in document.tables:
        for row in table.rows:
            rows.append([cell.text.strip() for cell in row.cells])
    return rows


def read_opinion_form(path: Path, meeting) -> list[OpinionRow]:
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        rows = _rows_xlsx(path)
    elif suffix == ".docx":
        rows = _rows_docx(path)
    else:
        raise InputError(str(path), "只能导入 .xlsx 或 .docx 格式的征求意见表")
    members = list(meeting.team.members.all())
    found: list[OpinionRow] = []
    seen = set()
    for cells in rows:
        cells = [c for c in cells if c is not None]
        if len(cells) < 2:
            continue
        label, text = cells[0], cells[-1]
        if not text or text in EMPTY_WORDS or text == label or any(text.startswith(w) for w in HEADER_WORDS[:2]):
            continue
        if len(text) < 4:
            continue
        member = next((x for x in members if x.name and x.name in label), None)
        key = (text, member.pk if member else None)
        if key in seen:  # merged cells repeat their text
            continue
        seen.add(key)
        found.append(OpinionRow(text, member))
    if not found:
        raise InputError(str(path), "表格中没有找到填写的意见（应为“主要内容 | 意见和建议”两列）")
    return found
