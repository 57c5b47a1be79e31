import json
import random
import re

import pytest

from duizhao.cli import main


def _sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(26)) + "。" for _ in range(count)]


@pytest.fixture
def setup(tmp_path, capsys):
    source = "\n".join(_sentences(1, 30))
    (tmp_path / "往年材料.txt").write_text(source, encoding="utf-8")
    (tmp_path / "其他.txt").write_text("\n".join(_sentences(2, 30)), encoding="utf-8")
    corpus = str(tmp_path / "corpus")
    assert main(["corpus", "add", "--corpus", corpus, str(tmp_path / "往年材料.txt"), str(tmp_path / "其他.txt")]) == 0
    own = _sentences(3, 20)
    copied = source[270:540].replace("。", "；")
    text = "\n".join(own[:10]) + "\n" + copied + "\n" + "\n".join(own[10:])
    checked = tmp_path / "本年材料.txt"
    checked.write_text(text, encoding="utf-8")
    capsys.readouterr()
    return tmp_path, corpus, checked, text, copied


def test_json_output(setup, capsys):
    _, corpus, checked, text, copied = setup
    assert main(["check", str(checked), "--corpus", corpus, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 < data["copy_ratio"] < 1
    assert data["copy_ratio"] == pytest.approx(len(re.sub(r"\W", "", copied)) / len(re.sub(r"\W", "", text)), abs=0.03)
    passage = data["passages"][0]
    assert passage["source"] == "往年材料.txt"
    start = text.index(copied)
    assert abs(passage["start"] - start) <= 2 and abs(passage["end"] - (start + len(copied))) <= 2
    assert {"source_start", "source_end", "similarity", "category"} <= set(passage)


def test_text_report_in_chinese(setup, capsys):
    _, corpus, checked, _, _ = setup
    assert main(["check", str(checked), "--corpus", corpus]) == 0
    out = capsys.readouterr().out
    assert "总文字复制比" in out and "单篇最大复制比" in out and "往年材料.txt" in out


def test_min_run_option(setup, capsys):
    _, corpus, checked, _, _ = setup
    assert main(["check", str(checked), "--corpus", corpus, "--json", "--min-run", "400"]) == 0
    assert json.loads(capsys.readouterr().out)["copy_ratio"] == 0


def test_html_is_self_contained(setup, capsys):
    tmp_path, corpus, checked, _, copied = setup
    out = tmp_path / "report.html"
    assert main(["check", str(checked), "--corpus", corpus, "--html", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "往年材料.txt" in html and copied[:10] in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html


def test_docx_has_comments_naming_the_source(setup, capsys):
    import zipfile

    tmp_path, corpus, checked, _, _ = setup
    out = tmp_path / "report.docx"
    assert main(["check", str(checked), "--corpus", corpus, "--docx", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        comments = archive.read("word/comments.xml").decode("utf-8")
    assert "往年材料.txt" in comments


def test_team_matrix(tmp_path, capsys):
    team = tmp_path / "team"
    team.mkdir()
    first = "\n".join(_sentences(10, 30))
    (team / "班子.txt").write_text(first, encoding="utf-8")
    (team / "成员甲.txt").write_text("\n".join(_sentences(11, 10)) + first[:400], encoding="utf-8")
    (team / "成员乙.txt").write_text("\n".join(_sentences(12, 30)), encoding="utf-8")
    assert main(["check", "--team", str(team), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["names"] == ["成员乙.txt", "成员甲.txt", "班子.txt"]
    assert data["matrix"][1][2] > 0.3 and data["matrix"][0][1] == 0
    assert main(["check", "--team", str(team)]) == 0
    assert "班子材料互相比对" in capsys.readouterr().out


def test_missing_corpus_is_a_clear_error(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text("内容", encoding="utf-8")
    assert main(["check", str(path), "--corpus", str(tmp_path / "none")]) == 2
    assert "文库文件夹不存在" in capsys.readouterr().err


def test_several_files_in_one_run(setup, capsys):
    """A 督导组 checks many materials at once: the archive is opened once, each material gets its
    report, and a summary lists them from the highest copy ratio down."""
    tmp_path, corpus, checked, _, _ = setup
    clean = tmp_path / "另一单位.txt"
    clean.write_text("\n".join(_sentences(7, 20)), encoding="utf-8")
    assert main(["check", str(clean), str(checked), "--corpus", corpus]) == 0
    out = capsys.readouterr().out
    summary = out[out.index("汇总（2 份") :]
    assert summary.index("本年材料.txt") < summary.index("另一单位.txt")
    assert "最多来自《往年材料.txt》" in summary
    assert out.count("总文字复制比：") == 2

    reports = tmp_path / "reports"
    assert main(["check", str(clean), str(checked), "--corpus", corpus, "--json", "--html", str(reports)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["file"] for d in data] == ["另一单位.txt", "本年材料.txt"]
    assert data[0]["copy_ratio"] == 0 and data[1]["passages"][0]["source"] == "往年材料.txt"
    assert sorted(p.name for p in reports.iterdir()) == ["另一单位.html", "本年材料.html"]


def test_several_files_with_one_unreadable_write_nothing(setup, capsys):
    tmp_path, corpus, checked, _, _ = setup
    broken = tmp_path / "坏文件.docx"
    broken.write_bytes(b"not a docx")
    reports = tmp_path / "reports"
    assert main(["check", str(checked), str(broken), "--corpus", corpus, "--html", str(reports)]) == 2
    captured = capsys.readouterr()
    assert "坏文件.docx" in captured.err and captured.out == ""
    assert not reports.exists()


def test_two_files_with_the_same_name_are_refused(setup, capsys):
    tmp_path, corpus, checked, text, _ = setup
    other = tmp_path / "sub"
    other.mkdir()
    (other / checked.name).write_text(text, encoding="utf-8")
    assert main(["check", str(checked), str(other / checked.name), "--corpus", corpus]) == 2
    assert "同名" in capsys.readouterr().err


def test_common_phrases_show_their_document_count_in_every_output(tmp_path, capsys):
    """A 20-character phrase that twelve other documents hold is a stock phrase (it would need
    stock_length(12) = 25 characters to count as copied): every output says so and gives the
    number of documents."""
    phrase = "".join(_sentences(40, 1))[:20]
    holders = []
    for i in range(12):
        path = tmp_path / f"他人{i:02d}.txt"
        path.write_text(_sentences(100 + i, 1)[0] + phrase + "。" + _sentences(200 + i, 1)[0], encoding="utf-8")
        holders.append(str(path))
    corpus = str(tmp_path / "corpus")
    assert main(["corpus", "add", "--corpus", corpus, *holders]) == 0
    checked = tmp_path / "本年材料.txt"
    checked.write_text("\n".join(_sentences(60, 6)) + phrase + "。" + "\n".join(_sentences(61, 6)), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(checked), "--corpus", corpus, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["copy_ratio"] == 0 and data["common_phrase_ratio"] > 0
    assert [(p["category"], p["text"], p["documents"]) for p in data["passages"]] == [("common_phrase", phrase, 12)]
    assert main(["check", str(checked), "--corpus", corpus]) == 0
    assert "[常见套话（文库中 12 篇都有）]" in capsys.readouterr().out
    html, docx = tmp_path / "r.html", tmp_path / "r.docx"
    assert main(["check", str(checked), "--corpus", corpus, "--html", str(html), "--docx", str(docx)]) == 0
    assert "常见套话，文库中 12 篇文档都有" in html.read_text(encoding="utf-8")
    import zipfile

    with zipfile.ZipFile(docx) as archive:
        assert "常见套话，文库中 12 篇文档都有" in archive.read("word/comments.xml").decode("utf-8")
