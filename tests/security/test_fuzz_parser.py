"""Fuzz the material parser: any text gives a Material whose every span lies inside its text, any
file gives a Material or a Chinese InputError — never another exception, never unbounded work."""

import dataclasses
import io
import random

import docx
import pytest
from fuzzing import FUZZ, record
from hostile import good_docx, rezip
from hypothesis import example, given
from hypothesis import strategies as st

import needed
from duizhao.errors import InputError
from duizhao.model import Material
from duizhao.parse import parse_material, parse_text, read_document

SAMPLE_TEXTS = needed.sample_texts()


@pytest.fixture(scope="module")
def real_samples():
    """Checked once before hypothesis starts: a missing folder skips (fails under CI) at once."""
    return needed.samples()


MARKERS = [
    "一、",
    "二、",
    "（一）",
    "（二）",
    "1.",
    "2．",
    "(1)",
    "①",
    "第一，",
    "存在的问题",
    "问题查摆",
    "原因剖析",
    "整改措施",
    "努力方向",
    "上年度整改落实情况",
    "XX",
    "××",
    "某某",
    "【待补】",
    "____",
    "*",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    "\u3000",
    "\ufeff",
    "\u200b",
    "<b>",
    "</b>",
    "# ",
    "**",
    "> ",
    "|",
    "---",
    "2023年",
    "12个",
]


def assert_spans_inside(material: Material) -> None:
    size = len(material.text)
    seen = set()

    def walk(value):
        if id(value) in seen:
            return
        seen.add(id(value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            if (
                isinstance(fields.get("start"), int)
                and isinstance(fields.get("end"), int)
                and type(value).__name__ not in {"CopiedPassage"}
            ):
                assert 0 <= fields["start"] <= fields["end"] <= size, (
                    type(value).__name__,
                    fields["start"],
                    fields["end"],
                    size,
                )
            for item in fields.values():
                walk(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(material)


def _parse(text: str) -> None:
    material = parse_text(text, name="fuzz.txt")
    assert isinstance(material, Material)
    assert_spans_inside(material)


@FUZZ
@given(st.text(max_size=3000))
@example("")
@example("\n" * 5000)
@example("一、" * 20000)
@example("（一）存在的问题\n" * 2000)
@example("\ud7ff\ue000\U0010ffff\x00\x01\x7f")
def test_fuzz_parse_arbitrary_text(text):
    record("parse_text: arbitrary text")
    _parse(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=40)), max_size=120))
def test_fuzz_parse_marker_soup(parts):
    record("parse_text: structure-marker soup")
    _parse("".join(parts))


@FUZZ
@given(
    sample=st.integers(0, max(len(SAMPLE_TEXTS) - 1, 0)),
    seed=st.integers(0, 2**32 - 1),
    edits=st.integers(1, 30),
    insert=st.sampled_from(MARKERS + ["", "\n\n\n", "无"]),
)
def test_fuzz_parse_mutated_real_materials(real_samples, sample, seed, edits, insert):
    record("parse_text: mutated real materials")
    text = SAMPLE_TEXTS[sample]
    rng = random.Random(seed)
    for _ in range(edits):
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.randrange(200))
        choice = rng.random()
        if choice < 0.4:
            text = text[:a] + text[b:]
        elif choice < 0.8:
            text = text[:a] + insert + text[a:]
        else:
            text = text[:a] + text[a:b] * 3 + text[b:]
    _parse(text)


def _read(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        document = read_document(path)
        material = parse_material(path)
    except InputError as error:
        assert error.reason
        return
    assert isinstance(document.text, str)
    assert_spans_inside(material)


@FUZZ
@given(suffix=st.sampled_from([".txt", ".md", ".docx", ".doc", ""]), data=st.binary(max_size=4000))
def test_fuzz_read_arbitrary_bytes(tmp_path, suffix, data):
    record("read_document: arbitrary bytes")
    _read(tmp_path, f"fuzz{suffix}", data)


def _sample_docx() -> bytes:
    document = docx.Document()
    for line in (SAMPLE_TEXTS[0] if SAMPLE_TEXTS else "一、存在的问题\n（一）理论学习方面").splitlines()[:80]:
        document.add_paragraph(line)
    document.add_table(rows=2, cols=2).cell(0, 0).text = "表格中的文字"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX = _sample_docx()


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_fuzz_read_corrupted_docx(tmp_path, edits):
    record("read_document: corrupted docx bytes")
    data = bytearray(DOCX)
    for position, value in edits:
        data[position] = value
    _read(tmp_path, "fuzz.docx", bytes(data))


@FUZZ
@given(cut=st.integers(0, 20000), junk=st.binary(max_size=300))
def test_fuzz_read_corrupted_document_xml(tmp_path, cut, junk):
    record("read_document: corrupted document.xml")
    import zipfile

    original = zipfile.ZipFile(io.BytesIO(DOCX)).read("word/document.xml")
    _read(tmp_path, "fuzz.docx", rezip(DOCX, replace={"word/document.xml": original[:cut] + junk}))


def test_hostile_docx_refused_by_the_reader(tmp_path):
    from hostile import XXE_DOCUMENT, deflate_bomb_docx

    for name, data in [
        ("xxe.docx", rezip(good_docx(), replace={"word/document.xml": XXE_DOCUMENT})),
        ("bomb.docx", deflate_bomb_docx(30)),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            material = parse_material(path)
        except InputError as error:
            assert error.reason
            continue
        assert "root:" not in material.text and len(material.text) < 100_000
