"""Proofreading of generated documents: doubled punctuation, doubled words or phrases,
instruction text and 【】 gaps, and missing values ("None", "nan").

`document_texts` reads what a generated file says (.docx paragraphs and tables, .xlsx cells,
.zip members, plain text); `proofread` lists the slips in a text; `gaps` lists what is left
visibly for the clerk to fill. Phrase lists are data (`data/cycle/proofread.toml`).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from duizhao.cycle._common import load_cycle_data

KIND_WORDS = {
    "doubled_punctuation": "标点重复",
    "doubled_word": "词语重复",
    "gap": "待补内容",
    "instruction": "说明文字",
    "missing_value": "空值",
}


@dataclass(frozen=True)
class Slip:
    kind: str  # a key of KIND_WORDS
    excerpt: str  # the slip with a few characters around it
    where: str = ""  # file name (and member) it was found in

    def __str__(self) -> str:
        place = f"{self.where}：" if self.where else ""
        return f"{place}{KIND_WORDS.get(self.kind, self.kind)}“{self.excerpt}”"


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    data = load_cycle_data("proofread.toml")
    marks = re.escape(data["punctuation"])
    n = int(data["doubled_min_chars"])
    return {
        "punctuation": re.compile(f"[{marks}]{{2,}}"),
        "doubled": re.compile(rf"([\u4e00-\u9fff]{{{n},}})[，、；,]?\1"),
        "allowed": set(data["doubled_allowed"]),
        "instruction": [p for p in data["instruction_phrases"] if p],
        "missing": re.compile(
            r"(?<![A-Za-z])(?:" + "|".join(map(re.escape, data["missing_value_tokens"])) + r")(?![A-Za-z])"
        ),
        "gap": re.compile(r"【[^】]*】|（[^（）]*(?:待补|待填)[^（）]*）"),
    }


def _excerpt(text: str, start: int, end: int, pad: int = 8) -> str:
    return text[max(0, start - pad) : end + pad].replace("\n", " ")


def gaps(text: str) -> list[str]:
    """What is left visibly for the clerk to fill: every 【…】 marker and （…待填…）."""
    return [m.group(0) for m in _rules()["gap"].finditer(text)]


def proofread(text: str, where: str = "") -> list[Slip]:
    rules = _rules()
    slips: list[Slip] = []
    for line in text.splitlines():
        for m in rules["punctuation"].finditer(line):
            slips.append(Slip("doubled_punctuation", _excerpt(line, m.start(), m.end()), where))
        for m in rules["doubled"].finditer(line):
            if m.group(1) not in rules["allowed"]:
                slips.append(Slip("doubled_word", _excerpt(line, m.start(), m.end(), 4), where))
        found_gaps = rules["gap"].findall(line)
        slips += [Slip("gap", gap, where) for gap in found_gaps]
        bare = rules["gap"].sub("", line)
        for phrase in rules["instruction"]:
            at = bare.find(phrase)
            if at >= 0:
                slips.append(Slip("instruction", _excerpt(bare, at, at + len(phrase)), where))
        for m in rules["missing"].finditer(line):
            slips.append(Slip("missing_value", _excerpt(line, m.start(), m.end()), where))
    return slips


def document_texts(name: str, data: bytes) -> dict[str, str]:
    """{file name: its text} for a generated .docx, .xlsx, .zip (every member) or text file."""
    lower = name.lower()
    if lower.endswith(".zip"):
        found: dict[str, str] = {}
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found.update(document_texts(member, archive.read(member)))
        return found
    if lower.endswith(".docx"):
        return {name: _docx_text(data)}
    if lower.endswith(".xlsx"):
        return {name: _xlsx_text(data)}
    return {name: data.decode("utf-8", errors="replace")}


def proofread_files(files: dict[str, bytes]) -> list[Slip]:
    slips: list[Slip] = []
    for name, data in files.items():
        for member, text in document_texts(name, data).items():
            slips += proofread(text, member)
    return slips


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    for section in document.sections:
        lines += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(lines)


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            lines += [str(value) for value in row if value is not None and value != ""]
    workbook.close()
    return "\n".join(lines)
