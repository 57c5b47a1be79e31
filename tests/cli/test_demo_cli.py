"""`duizhao demo`: the whole document pipeline on the bundled examples, outputs where it says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from duizhao.cli import main
from duizhao.parse import parse_material
from duizhao.review import review_material

STEMS = ("team-2025-qingchuan", "personal-2025-li-mingyuan")


def _printed_paths(output: str) -> list[Path]:
    return [Path(m) for m in re.findall(r"：(/\S+)$", output, flags=re.M)]


def test_demo_without_pdf(tmp_path, capsys):
    out = tmp_path / "演示"
    assert main(["demo", "--out", str(out), "--no-pdf"]) == 0
    printed = capsys.readouterr().out
    for path in _printed_paths(printed):
        assert path.exists(), path
    for stem in STEMS:
        assert json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))["problems"]
        assert docx.Document(out / f"{stem}.docx").paragraphs
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("# ")
        assert not (out / f"{stem}.pdf").exists()
        assert (out / f"{stem}-审读.txt").is_file()
        commented = docx.Document(out / f"{stem}-审读批注.docx")
        material = parse_material(out / f"{stem}.txt")
        findings = review_material(material, material.framework_id).findings
        assert len(list(commented.comments)) == len(findings)
    matrix = json.loads((out / "查重-班子与个人材料互查.json").read_text(encoding="utf-8"))
    assert len(matrix["names"]) == 2
    assert "全部输出在文件夹" in printed


@pytest.mark.libreoffice
def test_demo_makes_pdfs(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path)]) == 0
    for stem in STEMS:
        assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    assert "排版 PDF" in capsys.readouterr().out
