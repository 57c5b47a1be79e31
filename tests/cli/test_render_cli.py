"""`duizhao render`: every format, options, and clear Chinese errors (exit 2)."""

from __future__ import annotations

import json
import shutil

import docx
import pytest

from duizhao.cli import main
from duizhao.parse import parse_material
from duizhao.render.examples import example_paths

TEAM, PERSONAL = example_paths()


def test_render_docx_by_suffix(tmp_path, capsys):
    out = tmp_path / "班子材料.docx"
    assert main(["render", str(TEAM), "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    document = docx.Document(out)
    assert document.paragraphs[0].text == "中共青川县自然资源局党组领导班子"
    assert parse_material(out).title == parse_material(TEAM).title


def test_render_markdown_and_json(tmp_path):
    md, js = tmp_path / "a.md", tmp_path / "a.out"
    assert main(["render", str(PERSONAL), "-o", str(md)]) == 0
    assert md.read_text(encoding="utf-8").startswith("# 青川县自然资源局")
    assert main(["render", str(PERSONAL), "-o", str(js), "--format", "json"]) == 0
    data = json.loads(js.read_text(encoding="utf-8"))
    assert data["kind"] == "personal" and len(data["problems"]) == len(parse_material(PERSONAL).problems)


def test_render_with_date_and_template(tmp_path):
    template = docx.Document()
    template.sections[0].left_margin = docx.shared.Mm(30)
    template_path = tmp_path / "unit.docx"
    template.save(template_path)
    out = tmp_path / "out.docx"
    assert (
        main(["render", str(PERSONAL), "-o", str(out), "--template", str(template_path), "--date", "2026年1月8日"]) == 0
    )
    document = docx.Document(out)
    assert abs(document.sections[0].left_margin.mm - 30) < 0.1
    assert "（2026年1月8日）" in [p.text for p in document.paragraphs]


def test_default_output_name_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["render", str(PERSONAL)]) == 0
    assert (tmp_path / f"{PERSONAL.stem}-排版.docx").is_file()


@pytest.mark.parametrize(
    "args, words",
    [
        (["render", "不存在.txt", "-o", "x.docx"], "不存在"),
        (["render", "{team}", "-o", "x.docx", "--template", "没有这个模板.docx"], "模板"),
        (["render", "{team}", "-o", "{team}"], "不能与输入文件相同"),
        (["render", "{team}", "-o", "."], "文件夹"),
    ],
)
def test_errors_are_one_chinese_line(tmp_path, monkeypatch, capsys, args, words):
    monkeypatch.chdir(tmp_path)
    team = tmp_path / "team.txt"
    shutil.copyfile(TEAM, team)
    args = [a.replace("{team}", str(team)) for a in args]
    assert main(args) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("duizhao: 错误：") and words in error and "\n" not in error
    assert team.read_bytes() == TEAM.read_bytes()  # nothing lost


@pytest.mark.libreoffice
def test_render_pdf(tmp_path):
    import pdfplumber

    out = tmp_path / "personal.pdf"
    assert main(["render", str(PERSONAL), "-o", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2
        text = pdf.pages[0].extract_text()
    assert "个人对照检查材料" in text.replace(" ", "") and "—1—" in text.replace(" ", "")
