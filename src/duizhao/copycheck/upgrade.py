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
from typing import Any

from duizhao.copycheck.corpus import Corpus, CorpusEntry, SegmentTexts
from duizhao.copycheck.settings import Settings
from duizhao.errors import InputError


def upgrade_corpus(
    path: str | Path,
    *,
    settings: Settings | None = None,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int | None:
    """Rebuild the archive at `path` in the current format. Returns the number of documents,
    or None when it is already current."""
    corpus = Corpus(path, settings, upgrading=True)
    if "upgrading_from" not in corpus.manifest:
        return None
    old = corpus.manifest["upgrading_from"]
    added = corpus.add_many(_old_entries(Path(path), old), workers=workers, progress=progress)
    return len(added)


def _old_entries(folder: Path, manifest: dict[str, Any]) -> Iterator[CorpusEntry]:
    """The live documents of a format-2 archive, in the order they were added. `manifest`: its
    manifest.json as read."""
    for name in manifest["segments"]:
        segment = folder / "segments" / name
        documents = json.loads((segment / "meta.json").read_text(encoding="utf-8"))["documents"]
        removed = set(manifest.get("removed", {}).get(name, []))
        texts = SegmentTexts(segment)
        for local, document in enumerate(documents):
            if local not in removed:
                yield CorpusEntry(
                    item=_decoded(texts.data(local), segment),
                    name=document.get("name"),
                    unit=document.get("unit"),
                    author=document.get("author"),
                    year=document.get("year"),
                    kind=document.get("kind"),
                    doc_class=document.get("doc_class"),
                )


def _decoded(data: bytes, segment: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(str(segment), "旧文库中的文本已损坏，无法转换（文库未改动）") from error
