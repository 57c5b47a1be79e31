"""Merging index segments into one, in bounded memory.

Every segment is already sorted by fingerprint, so the merge walks the 64-bit key space in
ranges: for each range it takes the postings of every input segment that fall in it, sorts
them (stably: by key, then by the new document number) and appends them to the output arrays,
which are memory-mapped files. Only one range is in memory at a time, so merging ten segments
of 100,000 documents costs a few GB, not the whole index. Fewer segments mean fewer lookups
per checked fingerprint: a query pays for each segment it searches.

Documents removed from an input segment are left out, text and postings alike. The merged
keys keep the lowest precision of the inputs' (see key_table).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from duizhao.copycheck.documents import DocumentColumns, DocumentRow, to_columns
from duizhao.copycheck.key_table import REMAINDER_BITS, bucket_bits, bucket_starts, remainders, truncate
from duizhao.copycheck.postings import stable_hash_order
from duizhao.copycheck.segment_writer import SegmentMeta, fsync_dir, fsync_write, offsets_dtype

if TYPE_CHECKING:  # corpus imports this module
    from duizhao.copycheck.corpus import Segment

RANGE_POSTINGS = 40_000_000  # postings sorted at once (about 2 GB of arrays)
HEADER_BYTES = 128  # room for an .npy header of any one-dimensional array


@dataclass
class MergeSource:
    """One input segment and which of its documents are still in the archive."""

    segment: Segment
    alive: np.ndarray


def merge_segments(folder: Path, name: str, sources: list[MergeSource], official: bool) -> str:
    """Write the live documents of `sources` as one new segment `name`, crash-safely."""
    tmp = folder / f".tmp-{name}"
    tmp.mkdir()
    renumbered, documents = _renumber(sources)
    postings = sum(len(s.segment.docs) for s in sources)
    key_room = sum(len(s.segment.keys) for s in sources)
    wide_pos = any(s.segment.pos.dtype != np.uint16 for s in sources)
    bits = bucket_bits(postings)
    # the dropped bits of an input's keys are gone: the merged keys keep the fewest of them
    precision = min([bits + REMAINDER_BITS] + [s.segment.table.precision for s in sources])
    keys = _GrowingNpy(tmp / "keys.npy", np.uint64, key_room)  # full keys, cut below
    starts = _GrowingNpy(tmp / "starts.npy", offsets_dtype(postings), key_room + 1)
    docs = _GrowingNpy(tmp / "docs.npy", np.uint16 if len(documents["name"]) <= 1 << 16 else np.uint32, postings)
    pos = _GrowingNpy(tmp / "pos.npy", np.uint32 if wide_pos else np.uint16, postings)
    for low, high in _key_ranges(postings):
        range_keys, range_docs, range_pos = _postings_in_range(sources, renumbered, low, high)
        order, range_keys = stable_hash_order(truncate(range_keys, precision))
        first = (
            np.flatnonzero(np.concatenate(([True], range_keys[1:] != range_keys[:-1])))
            if len(range_keys)
            else np.empty(0, np.int64)
        )
        starts.append(first + docs.count)
        keys.append(range_keys[first])
        docs.append(range_docs[order])
        pos.append(range_pos[order])
    starts.append(np.array([docs.count]))
    for array in (keys, starts, docs, pos):
        array.close()
    distinct = np.load(tmp / "keys.npy", mmap_mode="r")
    _save(tmp / "buckets.npy", bucket_starts(distinct, bits))
    _save_remainders(tmp / "keys.npy", distinct, bits)
    del distinct
    _write_texts(tmp, sources)
    meta: SegmentMeta = {"official": official, "key_precision": precision, "documents": documents}
    fsync_write(tmp / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    fsync_dir(tmp)
    os.rename(tmp, folder / name)
    fsync_dir(folder)
    return name


def _renumber(sources: list[MergeSource]) -> tuple[list[np.ndarray], DocumentColumns]:
    """New document number of each input document (-1 when removed), and the live documents'
    metadata as columns."""
    renumbered: list[np.ndarray] = []
    documents: list[DocumentRow] = []
    for source in sources:
        new = np.cumsum(source.alive) - 1 + len(documents)
        renumbered.append(np.where(source.alive, new, -1))
        documents += source.segment.documents.rows(np.flatnonzero(source.alive).tolist())
    return renumbered, to_columns(documents)


def _key_ranges(postings: int) -> Iterator[tuple[np.uint64, np.uint64 | None]]:
    """Ranges of the key space holding about RANGE_POSTINGS postings each (keys are uniform hashes)."""
    bits = max(0, int(np.ceil(np.log2(max(postings, 1) / RANGE_POSTINGS))))
    for index in range(1 << bits):
        low = index << (64 - bits) if bits else 0
        high = (index + 1) << (64 - bits) if index + 1 < 1 << bits else None
        yield np.uint64(low), (np.uint64(high) if high is not None else None)


def _postings_in_range(
    sources: list[MergeSource], renumbered: list[np.ndarray], low: np.uint64, high: np.uint64 | None
) -> tuple[npt.NDArray[np.uint64], np.ndarray, np.ndarray]:
    keys, docs, pos = [], [], []
    for source, new_number in zip(sources, renumbered):
        segment = source.segment
        table = segment.table
        first = table.first_at_least(int(low))
        last = len(table) if high is None else table.first_at_least(int(high))
        if last <= first:
            continue
        bounds = np.asarray(segment.starts[first : last + 1]).astype(np.int64)
        numbers = new_number[np.asarray(segment.docs[bounds[0] : bounds[-1]])]
        keep = numbers >= 0
        keys.append(np.repeat(table.keys(first, last), np.diff(bounds))[keep])
        docs.append(numbers[keep])
        pos.append(np.asarray(segment.pos[bounds[0] : bounds[-1]])[keep])
    if not keys:
        return np.empty(0, np.uint64), np.empty(0, np.int64), np.empty(0, np.uint32)
    return np.concatenate(keys), np.concatenate(docs), np.concatenate(pos)


def _write_texts(tmp: Path, sources: list[MergeSource]) -> None:
    """One text part per source: its part files hard-linked when none of its documents was
    removed (nothing copied), else the live texts written out."""
    parts: list[Path | list[bytes]] = []  # a part file to link, or the texts to write
    part_starts, offsets, total = [0], [0], 0
    for source in sources:
        segment = source.segment
        old_offsets = np.asarray(segment.text_offsets).astype(np.int64)
        if source.alive.all():
            for file, start, end in zip(segment.text_files, segment.part_starts[:-1], segment.part_starts[1:]):
                parts.append(file)
                total += int(end - start)
                part_starts.append(total)
            offsets += (old_offsets[1:] - old_offsets[0] + offsets[-1]).tolist()
            continue
        texts = [segment.text_data(int(i)) for i in np.flatnonzero(source.alive)]
        parts.append(texts)
        for data in texts:
            offsets.append(offsets[-1] + len(data))
        total = offsets[-1]
        part_starts.append(total)
    for index, part in enumerate(parts):
        target = tmp / f"texts-{index:03d}.bin"
        if isinstance(part, Path):
            os.link(part, target)
        else:
            with open(target, "wb") as out:
                out.writelines(part)
                out.flush()
                os.fsync(out.fileno())
    _save(tmp / "text_parts.npy", np.array(part_starts, dtype=np.int64))
    _save(tmp / "text_offsets.npy", np.array(offsets, dtype=np.int64))


def _save_remainders(path: Path, keys: np.ndarray, bits: int, piece: int = 1 << 24) -> None:
    """Replace the full keys written during the merge by their stored 32-bit form, piece by piece."""
    out = _GrowingNpy(path.with_name("keys-stored.npy"), np.uint32, len(keys))
    for at in range(0, len(keys), piece):
        out.append(remainders(keys[at : at + piece], bits))
    out.close()
    os.replace(path.with_name("keys-stored.npy"), path)


def _save(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())


def _npy_header(dtype: npt.DTypeLike, count: int) -> bytes:
    """A version 1.0 .npy header padded to HEADER_BYTES, so the count can be rewritten in place."""
    described = np.lib.format.dtype_to_descr(np.dtype(dtype))
    text = f"{{'descr': {described!r}, 'fortran_order': False, 'shape': ({count},), }}"
    length = HEADER_BYTES - 10
    return b"\x93NUMPY\x01\x00" + length.to_bytes(2, "little") + text.ljust(length - 1).encode("latin1") + b"\n"


class _GrowingNpy:
    """An .npy file written by appending, of at most `room` items: the file is made that large
    (sparse), filled through a memory map, and cut to what was written when closed."""

    def __init__(self, path: Path, dtype: npt.DTypeLike, room: int):
        self.path, self.dtype, self.count = path, np.dtype(dtype), 0
        with open(path, "wb") as handle:
            handle.write(_npy_header(self.dtype, room))
            handle.truncate(HEADER_BYTES + room * self.dtype.itemsize)
        self.map = np.memmap(path, dtype=self.dtype, mode="r+", offset=HEADER_BYTES, shape=(room,)) if room else None

    def append(self, values: np.ndarray) -> None:
        if len(values):
            assert self.map is not None, "more values than the room asked for"
            self.map[self.count : self.count + len(values)] = values
            self.count += len(values)

    def close(self) -> None:
        if self.map is not None:
            self.map.flush()
            del self.map
        with open(self.path, "r+b") as handle:
            handle.write(_npy_header(self.dtype, self.count))
            handle.truncate(HEADER_BYTES + self.count * self.dtype.itemsize)
            handle.flush()
            os.fsync(handle.fileno())
