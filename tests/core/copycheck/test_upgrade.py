"""An archive written in the earlier format (duizhao-corpus-2) is converted in place from its
own texts and metadata; an interrupted conversion leaves the old archive as it was."""

import json

import numpy as np
import pytest
from test_check import random_text

from duizhao.cli import main
from duizhao.copycheck import Corpus, check_copies
from duizhao.errors import InputError

DOCS = [  # (segment, name, metadata, text)
    (
        "seg-000001-aaaa",
        "2022年班子材料.txt",
        {"unit": "青禾县水务服务中心", "year": 2022, "kind": "team"},
        random_text(41),
    ),
    ("seg-000001-aaaa", "已删除.txt", {}, random_text(42)),
    ("seg-000001-aaaa", "空白.txt", {}, ""),
    ("seg-000002-bbbb", "2023年个人材料.docx", {"author": "赵明", "year": 2023, "kind": "personal"}, random_text(43)),
    ("seg-000002-bbbb", "通知.txt", {"doc_class": "official"}, random_text(44)),
]


def _write_format_2(folder):
    """The format-2 layout as documented in that version: meta.json, texts (one texts.bin, or
    texts-NNN.bin parts with text_parts.npy for a merged segment), text_offsets.npy."""
    for segment in ("seg-000001-aaaa", "seg-000002-bbbb"):
        path = folder / "segments" / segment
        path.mkdir(parents=True)
        docs = [d for d in DOCS if d[0] == segment]
        data = [text.encode("utf-8") for *_, text in docs]
        offsets = np.concatenate(([0], np.cumsum([len(d) for d in data]))).astype(np.int64)
        if segment.endswith("aaaa"):
            (path / "texts.bin").write_bytes(b"".join(data))
        else:  # a merged segment: one part per document
            for index, piece in enumerate(data):
                (path / f"texts-{index:03d}.bin").write_bytes(piece)
            np.save(path / "text_parts.npy", offsets)
        np.save(path / "text_offsets.npy", offsets)
        np.save(path / "keys.npy", np.zeros(3, np.uint64))  # the old index, not read
        documents = [
            {
                "name": name,
                "unit": None,
                "author": None,
                "year": None,
                "kind": None,
                "doc_class": "own",
                "chars": len(text),
            }
            | meta
            for _, name, meta, text in docs
        ]
        (path / "meta.json").write_text(
            json.dumps({"official": False, "documents": documents}, ensure_ascii=False), encoding="utf-8"
        )
    manifest = {
        "format": "duizhao-corpus-2",
        "generation": 2,
        "segments": ["seg-000001-aaaa", "seg-000002-bbbb"],
        "removed": {"seg-000001-aaaa": [1]},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_an_old_archive_is_named_and_converted_with_everything_kept(tmp_path, capsys):
    folder = tmp_path / "corpus"
    _write_format_2(folder)
    with pytest.raises(InputError, match="duizhao corpus upgrade"):
        Corpus(folder)
    assert main(["corpus", "upgrade", "--corpus", str(folder)]) == 0
    assert "已转换：4 篇文档" in capsys.readouterr().out
    corpus = Corpus(folder)
    live = [d for d in DOCS if d[1] != "已删除.txt"]
    assert sorted(d.name for d in corpus.list()) == sorted(name for _, name, _, _ in live)
    for _, name, meta, text in live:
        assert corpus.text(name) == text
        info = corpus.info(name)
        assert {key: getattr(info, key) for key in meta} == meta
    assert corpus.info("通知.txt").doc_class == "official"
    assert sorted(p.name for p in (folder / "segments").iterdir()) == sorted(corpus.manifest["segments"])
    report = check_copies(DOCS[0][3] + "\n" + random_text(45), corpus)
    assert report.max_single_source == "2022年班子材料.txt"
    assert main(["corpus", "upgrade", "--corpus", str(folder)]) == 0
    assert "已是本版格式" in capsys.readouterr().out


def test_a_failed_conversion_leaves_the_old_archive(tmp_path, capsys):
    folder = tmp_path / "corpus"
    _write_format_2(folder)
    part = folder / "segments" / "seg-000002-bbbb" / "texts-000.bin"
    good = part.read_bytes()
    part.write_bytes(b"\xff" + good[1:])
    before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != ".lock")
    manifest = (folder / "manifest.json").read_bytes()
    assert main(["corpus", "upgrade", "--corpus", str(folder)]) == 2
    assert "旧文库中的文本已损坏" in capsys.readouterr().err
    assert (folder / "manifest.json").read_bytes() == manifest
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name != ".lock") == before
    part.write_bytes(good)
    assert main(["corpus", "upgrade", "--corpus", str(folder)]) == 0
    assert len(Corpus(folder)) == 4
