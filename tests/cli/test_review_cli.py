"""`duizhao review`: the terminal report, --json, --html, --docx, --criticism and exit codes."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from duizhao.cli import main

REPO = Path(__file__).resolve().parents[2]
REVIEW_SET = REPO / "bench" / "data" / "review_set"

CRITICISMS = """1. 希望王建国同志今后进一步加强理论学习。
2. 陈东同志今年8月检查化工园区时只看了台账，没有到车间核查。
3. 张明同志工作太拼，不注意劳逸结合。
4. 有的同志开会时<script>看手机</script>。
"""


@pytest.fixture
def criticisms(tmp_path):
    path = tmp_path / "批评意见.txt"
    path.write_text(CRITICISMS, encoding="utf-8")
    return path


def test_criticism_report(criticisms, capsys):
    assert main(["review", "--criticism", str(criticisms)]) == 0
    out = capsys.readouterr().out
    assert "共 4 条批评意见，其中 3 条有待改进" in out
    assert "【警告】4 条" in out and "第 1 行" in out and "第 3 行第 8 字" in out
    assert "criticism.hope_instead" in out and "“不注意劳逸结合”" in out


def test_criticism_json(criticisms, capsys):
    assert main(["review", "--criticism", "--json", str(criticisms)]) == 0
    data = json.loads(capsys.readouterr().out)
    rules = [f["rule"] for f in data["findings"]]
    assert rules == [
        "criticism.hope_instead",
        "criticism.disguised_praise",
        "criticism.disguised_praise",
        "criticism.no_target",
    ]
    assert all({"rule", "severity", "message", "start", "end"} <= set(f) for f in data["findings"])
    assert CRITICISMS[data["findings"][3]["start"] : data["findings"][3]["end"]] == "有的同志"


def test_criticism_html(criticisms, tmp_path, capsys):
    out = tmp_path / "review.html"
    assert main(["review", "--criticism", "--html", str(out), str(criticisms)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "<script>" not in page
    assert page.count('<li id="n') == 4 and "http" not in page


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["review", "--criticism", str(tmp_path / "nope.txt")]) == 2
    assert "错误" in capsys.readouterr().err


def test_unwritable_html_exits_2(criticisms, tmp_path, capsys):
    assert main(["review", "--criticism", "--html", str(tmp_path / "no" / "dir" / "x.html"), str(criticisms)]) == 2


def test_bad_framework_exits_2(criticisms, capsys):
    assert main(["review", "--framework", "dsh-1900", str(REVIEW_SET / "mat04_missing_aspects.txt")]) == 2


def test_material_report_json_html_docx(tmp_path, capsys):
    source = REVIEW_SET / "mat02_team_template_residue.txt"
    html, docx = tmp_path / "r.html", tmp_path / "r.docx"
    assert main(["review", "--framework", "dsh-2025", "--html", str(html), "--docx", str(docx), str(source)]) == 0
    out = capsys.readouterr().out
    assert "【错误】" in out and "residue.placeholder" in out and "coverage.carryover_missing" in out
    assert "见人见事具体度：0 分" in out and out.count("分  ") == 10 and "（无具体事例）" in out
    page = html.read_text(encoding="utf-8")
    assert "<mark" in page and page.count("<tr><td>0</td>") == 10
    with zipfile.ZipFile(docx) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "占位符" in comments
    assert main(["review", "--json", "--framework", "dsh-2025", str(source)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["framework"] == "dsh-2025" and data["scores"]["specificity"]["problems"]


SPEECH = """在县水利局2024年度民主生活会上的点评讲话
同志们：
刚才，局党组班子和班子成员作了对照检查，开展了批评和自我批评。下面，我讲三点意见。
一、总体评价
这次民主生活会准备充分，查摆问题比较深入。
二、几点要求
一是要抓好整改落实。二是要建立长效机制。
谢谢大家。
"""


def test_review_says_what_a_non_material_is_instead_of_reviewing_it(tmp_path, capsys):
    path = tmp_path / "讲话.txt"
    path.write_text(SPEECH, encoding="utf-8")
    assert main(["review", str(path)]) == 0
    out = capsys.readouterr().out
    assert "这份文件是讲话稿，不是对照检查材料" in out and "--as-material" in out
    assert "coverage." not in out
    assert main(["review", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document_kind"] == "speech" and data["reviewed"] is False and data["findings"] == []
    assert main(["review", "--as-material", "--json", str(path)]) == 0
    assert "findings" in json.loads(capsys.readouterr().out)


def test_same_placeholder_is_one_finding_in_terminal_and_json(tmp_path, capsys):
    source = tmp_path / "材料.txt"
    body = "\n".join(f"{n}、巡查记录漏签，涉及XX名职工。" for n in range(1, 22))
    source.write_text(f"柳溪县水利局党组班子对照检查材料\n一、存在的问题\n{body}\n", encoding="utf-8")
    assert main(["review", str(source)]) == 0
    out = capsys.readouterr().out
    assert "共 21 处［residue.placeholder］" in out
    assert main(["review", "--json", str(source)]) == 0
    data = json.loads(capsys.readouterr().out)
    placeholders = [f for f in data["findings"] if f["rule"] == "residue.placeholder"]
    assert len(placeholders) == 1 and len(placeholders[0]["places"]) == 21
    text = source.read_text(encoding="utf-8")
    assert all(text[s:e] == "XX" for s, e in placeholders[0]["places"])


def test_grouped_finding_keeps_one_highlight_per_place(tmp_path, capsys):
    source = tmp_path / "材料.txt"
    body = "\n".join(f"{n}、巡查记录漏签，涉及XX名职工。" for n in range(1, 22))
    source.write_text(f"柳溪县水利局党组班子对照检查材料\n一、存在的问题\n{body}\n", encoding="utf-8")
    html, docx = tmp_path / "r.html", tmp_path / "r.docx"
    assert main(["review", "--html", str(html), "--docx", str(docx), str(source)]) == 0
    page = html.read_text(encoding="utf-8")
    assert page.count(">XX</mark>") == 21
    with zipfile.ZipFile(docx) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert comments.count("未填写的占位符“XX”") == 21
