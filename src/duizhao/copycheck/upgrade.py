"""Converting an archive written by an earlier duizhao to the current format, in place.

An archive keeps every document's cleaned text and metadata, so the index is rebuilt from the
archive itself: nothing needs to be added again. The new segments are written beside the old
ones and named by one atomic manifest write, as in any bulk add; the old segments are removed
only after that. Interrupted, the archive is still the old one and the upgrade can run again.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from duizhao.copycheck.corpus import Corpus
from duizhao.copycheck.settings import Settings
from duizhao.errors import InputError

METADATA = ("name", "unit", "author", "year", "kind", "doc_class")


def upgrade_corpus(path: str | Path, *, settings: Settings | None = None, workers: int = 1,
                   progress: Callable[[int], None] | None = None) -> int | None:
    """Rebuild the archive at `path` in the current format. Returns the number of documents,
    or None when it is already current."""
    corpus = Corpus(path, settings, upgrading=True)
    if "upgrading_from" not in corpus.manifest:
        return None
    old = corpus.manifest["upgrading_from"]
    added = corpus.add_many(_old_entries(Path(path), old), workers=workers, progress=progress)
    return len(added)


def _old_entries(folder: Path, manifest: dict) -> Iterator[dict]:
    """The live documents of a format-2 archive, in the order they were added."""
    for name in manifest["segments"]:
        segment = folder / "segments" / name
        documents = json.loads((segment / "meta.json").read_text(encoding="utf-8"))["documents"]
        removed = set(manifest.get("removed", {}).get(name, []))
        texts = _SegmentTexts(segment)
        for local, document in enumerate(documents):
            if local not in removed:
                yield {"item": texts.text(local), **{key: document.get(key) for key in METADATA}}


class _SegmentTexts:
    """Texts of a format-2 segment: texts.bin, or texts-NNN.bin parts with text_parts.npy
    (their starts), and text_offsets.npy into those bytes one after another."""

    def __init__(self, segment: Path):
        self.offsets = np.load(segment / "text_offsets.npy")
        parts = sorted(segment.glob("texts-*.bin"))
        if parts:
            self.part_starts = np.load(segment / "text_parts.npy")
        else:
            parts = [segment / "texts.bin"]
            self.part_starts = np.array([0, parts[0].stat().st_size], dtype=np.int64)
        self.parts = parts

    def text(self, local: int) -> str:
        start, end = int(self.offsets[local]), int(self.offsets[local + 1])
        if end == start:
            return ""
        part = int(np.searchsorted(self.part_starts, start, side="right")) - 1
        base = int(self.part_starts[part])
        with open(self.parts[part], "rb") as handle:
            handle.seek(start - base)
            data = handle.read(end - start)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(str(self.parts[part]), "旧文库中的文本已损坏，无法转换（文库未改动）") from error
