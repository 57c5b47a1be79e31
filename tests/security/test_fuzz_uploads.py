"""Fuzz validate_upload: whatever the bytes and the name, it returns an UploadCheck (never raises),
and anything it accepts really is the kind it says."""

import io
import zipfile

from fuzzing import FUZZ, record
from hostile import good_docx, good_xlsx
from hypothesis import given
from hypothesis import strategies as st

from duizhao.safety import EVIDENCE_KINDS, LEDGER_KINDS, MATERIAL_KINDS, safe_filename, validate_upload

ALL = MATERIAL_KINDS | LEDGER_KINDS | EVIDENCE_KINDS
DOCX, XLSX = good_docx(), good_xlsx()
names = st.one_of(
    st.text(max_size=80), st.sampled_from(["a.docx", "b.xlsx", "c.pdf", "d.txt", "e.png", "f.jpg", "g.md"])
)


def _valid_if_accepted(check, data):
    assert check.reason is None if check.ok else check.reason
    if check.ok and check.kind in {"docx", "xlsx"}:
        assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


@FUZZ
@given(name=names, data=st.binary(max_size=3000))
def test_fuzz_any_bytes_any_name(name, data):
    record("validate_upload: arbitrary bytes and names")
    check = validate_upload(name, data, allowed=ALL)
    assert "/" not in check.safe_name and "\\" not in check.safe_name and "\x00" not in check.safe_name
    _valid_if_accepted(check, data)


@FUZZ
@given(
    base=st.sampled_from([("a.docx", DOCX), ("b.xlsx", XLSX)]),
    edits=st.lists(st.tuples(st.integers(0, 40000), st.integers(0, 255)), min_size=1, max_size=30),
)
def test_fuzz_corrupted_office_files(base, edits):
    record("validate_upload: corrupted docx/xlsx")
    name, original = base
    data = bytearray(original)
    for position, value in edits:
        data[position % len(data)] = value
    check = validate_upload(name, bytes(data), allowed=ALL)
    _valid_if_accepted(check, bytes(data))


@FUZZ
@given(name=st.text(max_size=300))
def test_fuzz_safe_filename(name):
    record("safe_filename")
    safe = safe_filename(name)
    assert safe and len(safe) <= 120
    assert not any(ch in safe for ch in '/\\<>:"|?*') and all(ord(ch) >= 32 for ch in safe)
    assert safe not in {".", ".."} and not safe.startswith(".")
