"""Fuzz the 征求意见表 importer the way the web uses it: an upload first passes
duizhao.safety.validate_upload, then read_opinion_form reads it; together they end in rows or a
Chinese message, never an unhandled exception."""

import io
import zipfile

import docx
from fuzzing import EXAMPLES, FUZZ, record
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from duizhao.errors import InputError
from duizhao.safety import LEDGER_KINDS, MATERIAL_KINDS, validate_upload

FORM_FUZZ = settings(FUZZ, max_examples=min(EXAMPLES, 150))  # each case writes and reads a workbook
from hostile import rezip


def _form_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _form_docx(rows) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=len(rows), cols=2)
    for i, (label, text) in enumerate(rows):
        table.cell(i, 0).text, table.cell(i, 1).text = label, text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


XLSX = _form_xlsx([("主要内容", "意见和建议"), ("张明", "建议多到基层调研，少开会"), ("班子", "希望改进会风文风")])
DOCX = _form_docx([("主要内容", "意见和建议"), ("李华", "建议加强对下属单位的指导"), ("班子", "希望少发文件")])


def _import(tmp_path, meeting, name: str, data: bytes) -> None:
    from duizhao.web.workbench.imports import read_opinion_form

    check = validate_upload(name, data, allowed=MATERIAL_KINDS | LEDGER_KINDS)
    if not check.ok:
        assert check.reason
        return
    path = tmp_path / check.safe_name
    path.write_bytes(data)
    try:
        rows = read_opinion_form(path, meeting)
    except InputError as error:
        assert error.reason
        return
    assert rows and all(len(row.text) >= 4 for row in rows)


cells = st.one_of(
    st.none(),
    st.text(max_size=50),
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.sampled_from(["张明", "李华", "无", "意见和建议", "主要内容", "=1+1", "<b>x</b>"]),
)


@FORM_FUZZ
@given(rows=st.lists(st.lists(cells, max_size=6), max_size=15))
def test_fuzz_structured_opinion_forms(tmp_path, world, rows):
    record("opinion form import: structured xlsx")
    _import(tmp_path, world["meeting"], "征求意见表.xlsx", _form_xlsx(rows))


@FORM_FUZZ
@given(
    base=st.sampled_from([("表.xlsx", XLSX), ("表.docx", DOCX)]),
    edits=st.lists(st.tuples(st.integers(0, 60000), st.integers(0, 255)), min_size=1, max_size=20),
)
def test_fuzz_corrupted_opinion_forms(tmp_path, world, base, edits):
    record("opinion form import: corrupted bytes")
    name, original = base
    data = bytearray(original)
    for position, value in edits:
        data[position % len(data)] = value
    _import(tmp_path, world["meeting"], name, bytes(data))


_PARTS = {"表.xlsx": XLSX, "表.docx": DOCX}


@FORM_FUZZ
@given(
    name=st.sampled_from(sorted(_PARTS)),
    data=st.data(),
    cut=st.integers(0, 3000),
    junk=st.sampled_from(
        [
            b"",
            b'<c r="A1" t="s"><v>999</v></c>',
            b'<row r="0"/>',
            b"</sheetData>",
            b"<w:tbl/>",
            b"<w:tc/>",
            b"\xff\xfe",
            b"&amp;",
            b"<x>",
        ]
    ),
)
def test_fuzz_odd_but_well_formed_parts(tmp_path, world, name, data, cut, junk):
    record("opinion form import: edited XML parts")
    original = _PARTS[name]
    parts = [n for n in zipfile.ZipFile(io.BytesIO(original)).namelist() if n.endswith(".xml")]
    part = data.draw(st.sampled_from(parts))
    xml = zipfile.ZipFile(io.BytesIO(original)).read(part)
    _import(tmp_path, world["meeting"], name, rezip(original, replace={part: xml[:cut] + junk + xml[cut:]}))
