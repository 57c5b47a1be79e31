"""Fuzz the ledger importer: any spreadsheet a user could hand us, or any corruption of a real one,
ends in a LedgerImport or a Chinese InputError — never another exception, never unbounded work."""

import io
import zipfile
from datetime import date, datetime

from fuzzing import FUZZ, record
from hostile import rezip
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from duizhao.cycle.ledger import LedgerImport, Task, import_ledger_xlsx, ledger_bytes, ledger_settings
from duizhao.errors import InputError

TODAY = date(2026, 3, 1)
EXISTING = [
    Task(code="2025-01", problem="会议组织不够规范", measure="修订议事规则", owner="张某", deadline=date(2026, 6, 30)),
    Task(code="2025-02", problem="调研次数偏少", measure="每季度至少调研一次", task_type="ongoing", deadline=None),
]
HEADERS = [column["header"] for column in ledger_settings()["columns"]]
HEADERS += [alias for column in ledger_settings()["columns"] for alias in column.get("aliases", [])]

cell_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "2025-01",
            "2025-02",
            "",
            "长期坚持",
            "已完成",
            "立行立改",
            "=1+1",
            "+SUM(A1)",
            "@x",
            '\'=HYPERLINK("http://x")',
            "2026年6月30日",
            "2026/02/30",
            "9999-99-99",
            "<script>x</script>",
        ]
    ),
)
cell_value = st.one_of(
    st.none(),
    cell_text,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)),
)


def _import(data: bytes, tmp_path) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data)
    try:
        result = import_ledger_xlsx(path, EXISTING, today=TODAY)
    except InputError as error:
        assert error.reason
        return
    assert isinstance(result, LedgerImport)
    assert [t.code for t in result.updated] == [t.code for t in EXISTING]


def _workbook_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@FUZZ
@given(
    header_at=st.integers(0, 4),
    header=st.lists(st.sampled_from(HEADERS), min_size=0, max_size=16),
    rows=st.lists(st.lists(cell_value, max_size=16), max_size=12),
)
def test_fuzz_structured_spreadsheets(tmp_path, header_at, header, rows):
    record("ledger import: structured sheets")
    rows = list(rows)
    rows.insert(min(header_at, len(rows)), header)
    _import(_workbook_bytes(rows), tmp_path)


REAL = ledger_bytes(EXISTING, title="某单位领导班子整改台账", today=TODAY)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(REAL) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_fuzz_corrupted_bytes_of_a_real_ledger(tmp_path, edits):
    record("ledger import: corrupted bytes")
    data = bytearray(REAL)
    for position, value in edits:
        data[position] = value
    _import(bytes(data), tmp_path)


_REAL_PARTS = zipfile.ZipFile(io.BytesIO(REAL)).namelist()


@FUZZ
@given(part=st.sampled_from(_REAL_PARTS), cut=st.integers(0, 4000), junk=st.binary(max_size=200))
def test_fuzz_corrupted_xml_parts(tmp_path, part, cut, junk):
    record("ledger import: corrupted XML parts")
    original = zipfile.ZipFile(io.BytesIO(REAL)).read(part)
    _import(rezip(REAL, replace={part: original[:cut] + junk}), tmp_path)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_fuzz_arbitrary_bytes(tmp_path, data):
    record("ledger import: arbitrary bytes")
    _import(data, tmp_path)


def test_entity_in_a_sheet_does_not_read_server_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-42", encoding="utf-8")
    sheet = zipfile.ZipFile(io.BytesIO(REAL)).read("xl/worksheets/sheet1.xml").decode()
    problem = "".join(f"&#{ord(ch)};" for ch in EXISTING[0].problem)
    assert problem in sheet
    hostile = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>' + sheet.replace(
        problem, "&xxe;", 1
    )
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(rezip(REAL, replace={"xl/worksheets/sheet1.xml": hostile.encode()}))
    try:
        result = import_ledger_xlsx(path, EXISTING, today=TODAY)
    except InputError:
        return
    assert "SECRET-MARKER" not in repr(result)
