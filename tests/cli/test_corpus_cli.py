import json
import random

from duizhao.cli import main


def _text(seed: int, sentences: int = 30) -> str:
    rng = random.Random(seed)
    return "".join("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(26)) + "。\n" for _ in range(sentences))


def test_add_list_remove(tmp_path, capsys):
    files = []
    for i in range(3):
        path = tmp_path / f"材料{i}.txt"
        path.write_text(_text(i), encoding="utf-8")
        files.append(str(path))
    corpus = str(tmp_path / "corpus")
    assert (
        main(["corpus", "add", "--corpus", corpus, *files, "--year", "2022", "--author", "赵平", "--kind", "personal"])
        == 0
    )
    assert "文库现有 3 篇文档" in capsys.readouterr().out
    assert main(["corpus", "list", "--corpus", corpus, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [d["name"] for d in listed] == ["材料0.txt", "材料1.txt", "材料2.txt"]
    assert listed[0]["year"] == 2022 and listed[0]["author"] == "赵平" and listed[0]["doc_class"] == "own"
    assert main(["corpus", "remove", "--corpus", corpus, "材料1.txt"]) == 0
    capsys.readouterr()
    assert main(["corpus", "list", "--corpus", corpus]) == 0
    out = capsys.readouterr().out
    assert "材料1.txt" not in out and "共 2 篇" in out


def test_adding_a_name_twice_is_refused_and_loses_nothing(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(_text(1), encoding="utf-8")
    corpus = str(tmp_path / "corpus")
    assert main(["corpus", "add", "--corpus", corpus, str(path)]) == 0
    assert main(["corpus", "add", "--corpus", corpus, str(path), "--class", "template"]) == 2
    assert "同名" in capsys.readouterr().err
    assert main(["corpus", "list", "--corpus", corpus, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["name"], d["doc_class"]) for d in listed] == [("a.txt", "own")]


def test_bad_input_gives_a_chinese_message(tmp_path, capsys):
    corpus = str(tmp_path / "corpus")
    assert main(["corpus", "add", "--corpus", corpus, str(tmp_path / "missing.txt")]) == 2
    assert "文件不存在" in capsys.readouterr().err
    assert main(["corpus", "remove", "--corpus", corpus, "nothing.txt"]) == 2
    assert "错误" in capsys.readouterr().err


def test_a_bad_file_in_a_parallel_import_adds_nothing(tmp_path, capsys):
    files = []
    for i in range(4):
        path = tmp_path / f"材料{i}.txt"
        path.write_text(_text(10 + i), encoding="utf-8")
        files.append(str(path))
    (tmp_path / "坏文件.docx").write_bytes(b"not a zip at all")
    corpus = str(tmp_path / "corpus")
    assert (
        main(
            [
                "corpus",
                "add",
                "--corpus",
                corpus,
                "--workers",
                "2",
                *files[:2],
                str(tmp_path / "坏文件.docx"),
                *files[2:],
            ]
        )
        == 2
    )
    assert "坏文件.docx" in capsys.readouterr().err
    assert main(["corpus", "add", "--corpus", corpus, "--workers", "0", *files]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["corpus", "add", "--corpus", corpus, "--workers", "2", *files]) == 0
    assert "文库现有 4 篇文档" in capsys.readouterr().out
