"""Bulk adds written by several processes give the same archive as one process, stream their
input, and leave nothing behind when they fail."""

import dataclasses

import numpy as np
import pytest
from test_check import random_text

from duizhao.copycheck import Corpus, check_copies
from duizhao.copycheck.settings import load_settings
from duizhao.errors import InputError

SETTINGS = dataclasses.replace(load_settings(), segment_docs=3, max_segments=50)
ARRAYS = ("keys", "starts", "buckets", "docs", "pos", "text_offsets")


def _entries(count: int, official_every: int = 4):
    for i in range(count):
        yield {
            "item": random_text(300 + i, 8),
            "name": f"d{i:02d}.txt",
            "year": 2020 + i % 4,
            "doc_class": "official" if official_every and i % official_every == 0 else "own",
        }


def _segment_contents(corpus: Corpus) -> list:
    contents = []
    for segment in corpus.segments:
        arrays = tuple(np.asarray(getattr(segment, name)).tobytes() for name in ARRAYS)
        contents.append(
            (segment.official, [d.name for d in segment.documents], arrays, (segment.folder / "texts.bin").read_bytes())
        )
    return contents


def test_two_workers_write_the_same_segments_as_one(tmp_path):
    serial = Corpus(tmp_path / "serial", SETTINGS)
    infos = serial.add_many(_entries(17))
    parallel = Corpus(tmp_path / "parallel", SETTINGS)
    written = []
    parallel_infos = parallel.add_many(_entries(17), workers=2, progress=written.append)
    assert [i.name for i in parallel_infos] == [i.name for i in infos] == [f"d{i:02d}.txt" for i in range(17)]
    assert len(parallel.segments) == 6  # 12 own documents in 4 segments of 3, 5 official in 3 + 2
    assert _segment_contents(parallel) == _segment_contents(serial)
    assert written[-1] == 17 and written == sorted(written)
    reopened = Corpus(tmp_path / "parallel", SETTINGS)
    text = reopened.text("d05.txt")
    assert check_copies(text, reopened, exclude={"d05.txt"}).copy_ratio == 0
    assert check_copies(text + text, reopened).max_single_source == "d05.txt"


def test_entries_are_read_as_they_are_written(tmp_path):
    """A generator is consumed one entry at a time: each full segment is written before the
    next entries are read, so a large import never holds all its documents."""
    corpus = Corpus(tmp_path / "corpus", SETTINGS)
    written_before = []

    def entries():
        for i, entry in enumerate(_entries(10, official_every=0)):
            if i in (3, 7):
                written_before.append(sorted(p.name[:3] for p in (tmp_path / "corpus" / "segments").iterdir()))
            yield entry

    corpus.add_many(entries())
    assert written_before == [["seg"], ["seg", "seg"]]
    assert len(corpus) == 10 and len(corpus.segments) == 4


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failure_late_in_a_bulk_add_adds_nothing_and_leaves_no_files(tmp_path, workers):
    corpus = Corpus(tmp_path / "corpus", SETTINGS)
    corpus.add(random_text(1, 8), name="kept.txt")
    before = sorted(p.name for p in (tmp_path / "corpus" / "segments").iterdir())
    entries = list(_entries(12))
    entries[10] = dict(entries[10], name="d01.txt")
    with pytest.raises(InputError, match="同一批中文档名重复"):
        corpus.add_many(entries, workers=workers)
    assert sorted(p.name for p in (tmp_path / "corpus" / "segments").iterdir()) == before
    reopened = Corpus(tmp_path / "corpus", SETTINGS)
    assert [d.name for d in reopened.list()] == ["kept.txt"]
    reopened.add_many(_entries(5), workers=workers)
    assert len(reopened) == 6


def _arrays(segment) -> tuple:
    texts = b"".join(segment.text_data(i) for i in range(len(segment.documents)))
    return tuple(np.asarray(getattr(segment, name)).tolist() for name in ARRAYS) + (
        texts,
        [d.name for d in segment.documents],
    )


@pytest.mark.parametrize("range_postings", [10**9, 50])
def test_merged_segments_equal_one_segment_built_from_the_same_documents(tmp_path, monkeypatch, range_postings):
    """Merging walks the key space in ranges (tiny ranges here: many of them); the result is the
    segment a single build of the surviving documents gives, array for array."""
    from duizhao.copycheck import segment_merge

    monkeypatch.setattr(segment_merge, "RANGE_POSTINGS", range_postings)
    entries = list(_entries(14, official_every=0))
    pieces = Corpus(tmp_path / "pieces", dataclasses.replace(SETTINGS, max_segments=100))
    pieces.add_many(entries)
    pieces.remove("d04.txt")
    pieces.remove("d10.txt")
    assert len(pieces.segments) == 5
    untouched = {(s.folder / "texts.bin").stat().st_ino for s in pieces.segments[0::2]}  # no removed documents
    merged = Corpus(tmp_path / "pieces", dataclasses.replace(SETTINGS, max_segments=2, segment_docs=100))
    newest = {"item": random_text(999, 8), "name": "new.txt"}
    merged.add_many([newest])
    assert len(merged.segments) == 1  # the two smallest, then each no more than twice the rest
    survivors = [e for e in entries if e["name"] not in ("d04.txt", "d10.txt")] + [newest]
    whole = Corpus(tmp_path / "whole", dataclasses.replace(SETTINGS, segment_docs=100))
    whole.add_many(survivors)
    biggest = merged.segments[0]
    assert len(biggest.documents) == 13
    assert _arrays(biggest) == _arrays(whole.segments[0])
    for entry in survivors:
        assert merged.text(entry["name"]) == entry["item"]
    assert "d04.txt" not in merged and "d10.txt" not in merged
    # texts of segments without removed documents are hard links, the others are rewritten
    parts = sorted(biggest.folder.glob("texts-*.bin"))
    assert [part.stat().st_nlink for part in parts] == [1, 1, 1, 1, 1, 1]  # the old segments are gone
    assert untouched <= {part.stat().st_ino for part in parts}
    assert sum(part.stat().st_size for part in parts) == biggest.text_bytes == len(_arrays(biggest)[-2])
    assert check_copies(entries[7]["item"] * 2, merged).max_single_source == "d07.txt"


def test_full_segments_are_never_merged(tmp_path):
    corpus = Corpus(tmp_path / "corpus", dataclasses.replace(SETTINGS, max_segments=2))
    corpus.add_many(_entries(12, official_every=0))  # four full segments of three
    corpus.add_many(_entries(1, official_every=0).__next__() | {"name": f"x{i}.txt"} for i in range(2))
    sizes = sorted(len(s.documents) for s in corpus.segments)
    assert sizes == [2, 3, 3, 3, 3]
