"""The .docx we deliver lays out 22 lines of 28 characters in LibreOffice as it is, and so does
the PDF made from it (anchors.md §6): measured with pdfplumber on LibreOffice's own conversion of
the unmodified file, for body text, 黑体 and 楷体 headings and a page with a table."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict

import pdfplumber
import pytest
from render_support import ARTIFACTS, SEED, build_material

import needed
from duizhao.errors import InputError
from duizhao.render import pdf as pdf_module
from duizhao.render.docx import render_docx
from duizhao.render.gbt9704 import default_profile
from duizhao.render.pdf import convert_to_pdf, missing_substitutes, write_font_substituted_copy

PT_PER_MM = 72 / 25.4


def seed_material():
    from duizhao.parse import parse_material

    return parse_material(SEED)


def body_lines(page) -> list[list[dict]]:
    """Characters of the text block grouped into lines by their top; the footer is left out."""
    bottom = page.height - 35 * PT_PER_MM + 2
    rows: dict[int, list[dict]] = defaultdict(list)
    for char in page.chars:
        if char["top"] < bottom and char["text"].strip():
            rows[round(char["top"])].append(char)
    return [sorted(row, key=lambda c: c["x0"]) for _, row in sorted(rows.items())]


def width_in_characters(line: list[dict]) -> float:
    """Full-width characters count 1, half-width (Latin, digits, *) count ½."""
    return sum(1 if ord(c["text"]) > 0x2E7F else 0.5 for c in line)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory):
    needed.soffice()
    needed.samples()
    work = tmp_path_factory.mktemp("pdf")
    docx_path = work / "seed.docx"
    render_docx(seed_material(), docx_path, date_line="2023年12月20日")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = convert_to_pdf(docx_path, ARTIFACTS / "seed.pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-f",
                "2",
                "-l",
                "2",
                "-r",
                "80",
                "-png",
                "-singlefile",
                str(pdf_path),
                str(ARTIFACTS / "seed-page2"),
            ],
            check=True,
            timeout=60,
        )
    return pdf_path


@pytest.mark.libreoffice
def test_full_body_page_has_22_lines(seed_pdf):
    with pdfplumber.open(seed_pdf) as document:
        counts = [len(body_lines(page)) for page in document.pages]
        assert len(counts) >= 3, counts
        assert len(body_lines(document.pages[1])) == 22, counts
        assert max(counts) == 22, counts


@pytest.mark.libreoffice
def test_full_lines_hold_26_to_28_characters(seed_pdf):
    with pdfplumber.open(seed_pdf) as document:
        page = document.pages[1]
        right = page.width - 26 * PT_PER_MM
        lines = body_lines(page)
        full = [line for line in lines if line[-1]["x1"] > right - 8]
        assert len(full) >= 12
        left = 28 * PT_PER_MM
        for line in full:
            indent = round((line[0]["x0"] - left) / 16)  # a paragraph's first line: 2 characters
            assert 26 <= indent + width_in_characters(line) <= 28.5, "".join(c["text"] for c in line)
        sizes = {round(c["size"]) for line in lines for c in line}
        assert sizes == {16}


@pytest.mark.libreoffice
def test_page_number_on_outer_side(seed_pdf):
    with pdfplumber.open(seed_pdf) as document:
        for index in (0, 1):
            page = document.pages[index]
            footer = [c for c in page.chars if c["top"] > page.height - 35 * PT_PER_MM + 2]
            text = "".join(c["text"] for c in sorted(footer, key=lambda c: c["x0"]))
            assert text.replace(" ", "") == f"—{index + 1}—"
            middle = (min(c["x0"] for c in footer) + max(c["x1"] for c in footer)) / 2
            assert (middle > page.width / 2) == (index == 0)  # page 1 odd: right; page 2 even: left


def test_pdf_copy_changes_only_the_missing_fonts(tmp_path):
    material = build_material([("title", 0, "对照检查材料"), ("paragraph", 0, "正文“一是”。")])
    source, copy = tmp_path / "a.docx", tmp_path / "b.docx"
    render_docx(material, source)
    write_font_substituted_copy(source, copy, installed=frozenset({"黑体", "楷体_GB2312"}))
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(copy) as changed:
        assert original.namelist() == changed.namelist()
        document = changed.read("word/document.xml").decode()
        styles = changed.read("word/styles.xml").decode()
        grid_before = re.search(r"<w:docGrid[^>]*>", original.read("word/document.xml").decode()).group()
    assert re.search(r"<w:docGrid[^>]*>", document).group() == grid_before
    assert "仿宋_GB2312" not in document + styles and "方正小标宋简体" not in document + styles
    assert "Noto Serif CJK SC" in styles
    assert "楷体_GB2312" in styles and "黑体" in styles  # installed: kept


def test_nothing_is_substituted_when_the_official_faces_are_installed():
    profile = default_profile()
    assert missing_substitutes(profile, frozenset(profile.pdf_substitutes)) == {}
    assert missing_substitutes(profile, frozenset()) == profile.pdf_substitutes


def test_missing_soffice_names_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(InputError) as error:
        convert_to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert "apt-get install libreoffice-writer-nogui" in str(error.value)
