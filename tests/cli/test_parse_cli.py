"""`duizhao parse`: outline, JSON, and bad input (one Chinese line, exit code 2, no traceback)."""

import json
import subprocess
import sys
import zipfile

import docx
import pytest

import needed
from duizhao.cli import main
from duizhao.parse.readers import MAX_INPUT_BYTES

MATERIAL = """某县水利局党组领导班子2023年主题教育专题民主生活会对照检查材料
会前共征求意见建议**条。
一、存在的问题
（一）理论学习方面。一是学用脱节。二是学习不深。
（二）工作作风方面。一是调研不实。
二、原因分析
一是党性锻炼放松。
三、整改措施
（一）加强学习。一是每月一学。二是每季一考。
"""


@pytest.fixture
def material_file(tmp_path):
    path = tmp_path / "材料.txt"
    path.write_text(MATERIAL, encoding="gb18030")
    return path


def test_outline(material_file, capsys):
    assert main(["parse", str(material_file)]) == 0
    out = capsys.readouterr().out
    for word in (
        "标题：",
        "班子对照检查材料",
        "dsh-2023",
        "【理论学习】",
        "学用脱节",
        "原因（1 条）",
        "措施（1 条）",
        "占位符",
    ):
        assert word in out


def test_json_shape(material_file, capsys):
    assert main(["parse", str(material_file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["title"].endswith("对照检查材料") and data["kind"] == "team"
    assert data["framework"] == "dsh-2023" and data["year"] == 2023 and data["unit"] == "某县水利局党组"
    assert [(p["aspect"], p["summary"]) for p in data["problems"]] == [
        ("理论学习", "学用脱节"),
        ("理论学习", "学习不深"),
        ("工作作风", "调研不实"),
    ]
    assert all({"text", "start", "end"} <= set(p) for p in data["problems"])
    assert data["causes"][0]["text"] == "一是党性锻炼放松。"
    assert [i["text"] for i in data["measures"][0]["items"]] == ["一是每月一学。", "二是每季一考。"]
    assert [p["text"] for p in data["placeholders"]] == ["某", "**"]  # 某县 is an anonymised name
    assert set(data["placeholders"][1]) == {"text", "offset", "end"}
    assert data["counts"][0]["is_placeholder"] is True
    assert [s["kind"] for s in data["sections"]] == ["preamble", "problems", "causes", "measures"]
    assert data["removed"] == [] and data["warnings"] == []


def test_forced_framework(material_file, capsys):
    assert main(["parse", str(material_file), "--json", "--framework", "dsh-2025"]) == 0
    assert json.loads(capsys.readouterr().out)["framework"] == "dsh-2025"


def test_unknown_framework(material_file, capsys):
    assert main(["parse", str(material_file), "--framework", "nope"]) == 2
    assert "nope" in capsys.readouterr().err


def test_sample_000_json(capsys):
    assert main(["parse", str(needed.samples() / "000_edabf4a0fb341e20.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["framework"] == "dsh-2023" and len(data["problems"]) == 12
    assert [r["kind"] for r in data["removed"]] == ["paywall_marker", "paywall_marker"]


def bad_inputs(tmp_path):
    cases = {}
    cases["missing"] = tmp_path / "missing.txt"
    cases["directory"] = tmp_path / "folder.txt"
    cases["directory"].mkdir()
    cases["empty"] = tmp_path / "empty.txt"
    cases["empty"].write_bytes(b"")
    cases["binary"] = tmp_path / "binary.txt"
    cases["binary"].write_bytes(bytes(range(256)) * 40)
    cases["unsupported"] = tmp_path / "scan.pdf"
    cases["unsupported"].write_bytes(b"%PDF-1.7 ...")
    cases["oversized"] = tmp_path / "huge.txt"
    with open(cases["oversized"], "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 10)
    cases["corrupt"] = tmp_path / "corrupt.docx"
    cases["corrupt"].write_bytes(b"PK\x03\x04 not really a zip")
    cases["encrypted"] = tmp_path / "encrypted.docx"
    cases["encrypted"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    cases["zip_bomb"] = tmp_path / "bomb.docx"
    with zipfile.ZipFile(cases["zip_bomb"], "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b" " * (6 * 1024 * 1024) + b"</a>")
    good = tmp_path / "good.docx"
    docx.Document().save(good)
    cases["doctype"] = tmp_path / "xxe.docx"
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(cases["doctype"], "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "word/document.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">]><d>&e;</d>'
            new.writestr(item, data)
    return cases


def test_bad_input_one_chinese_line(tmp_path, capsys):
    for name, path in bad_inputs(tmp_path).items():
        assert main(["parse", str(path)]) == 2, name
        captured = capsys.readouterr()
        assert captured.out == "", name
        err = captured.err.strip()
        assert "\n" not in err and "Traceback" not in err, name
        assert err.startswith("duizhao: 错误：") and path.name in err, name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            "bomb.docx",
            "corrupt.docx",
            "empty.txt",
            "encrypted.docx",
            "folder.txt",
            "good.docx",
            "huge.txt",
            "binary.txt",
            "scan.pdf",
            "xxe.docx",
        ]
    )  # nothing written


def test_subprocess_run(tmp_path, material_file):
    done = subprocess.run(
        [sys.executable, "-m", "duizhao", "parse", str(material_file), "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["framework"] == "dsh-2023"
    encrypted = tmp_path / "locked.docx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    done = subprocess.run(
        [sys.executable, "-m", "duizhao", "parse", str(encrypted)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "加密" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_parse_names_the_document_kind_and_the_framework_reason(tmp_path, capsys):
    from duizhao.cli import main

    news = tmp_path / "新闻.txt"
    news.write_text(
        "市税务局党委召开2024年度民主生活会\n本报讯 12月20日上午，市税务局党委召开2024年度民主生活会。"
        "会议指出，要巩固深化党纪学习教育成果。会议强调，要抓好问题整改。\n",
        encoding="utf-8",
    )
    assert main(["parse", str(news)]) == 0
    out = capsys.readouterr().out
    assert "文体：新闻报道，不是对照检查材料" in out and "不套用年度框架" in out
    assert main(["parse", "--json", str(news)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document_kind"] == "news" and data["framework"] is None and data["framework_reason"]
