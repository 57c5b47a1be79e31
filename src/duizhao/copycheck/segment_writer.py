"""Writing index segments: fingerprint documents, sort the postings, store the arrays.

A segment is written under a temporary name, every file fsynced, then renamed; the corpus
names it in its manifest only afterwards, so a crash leaves at most an unnamed folder that
the next write removes. `SegmentWriter` writes the segments of one bulk add, in this process
or, with `workers` > 1, in forked child processes that each build one segment while this
process reads and parses the next documents (segments are independent, so a large archive
builds on all cores).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import shutil
from collections.abc import Callable, Iterable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Literal, TypedDict

import numpy as np

from duizhao.copycheck.documents import DocumentColumns, DocumentInfo, to_columns
from duizhao.copycheck.fingerprint import winnow
from duizhao.copycheck.key_table import REMAINDER_BITS, bucket_bits, bucket_starts, remainders, truncate
from duizhao.copycheck.normalize import normalize
from duizhao.copycheck.postings import stable_hash_order
from duizhao.copycheck.settings import Settings
from duizhao.errors import InputError

Batch = list[tuple[DocumentInfo, str]]  # the documents of one segment, with their texts


class SegmentMeta(TypedDict):
    """A segment's meta.json."""

    official: bool
    key_precision: int  # see key_table
    documents: DocumentColumns


def fingerprint_text(text: str, settings: Settings) -> tuple[np.ndarray, np.ndarray, int]:
    normalized = normalize(text)
    hashes, positions = winnow(normalized.codes, settings.kgram, settings.window)
    return hashes, positions, len(normalized.codes)


def offsets_dtype(count: int) -> type[np.uint32] | type[np.int64]:
    return np.uint32 if count < 1 << 32 else np.int64


def fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_npy(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as handle:
        np.save(handle, array)
        handle.flush()
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_segment_name(generation: int) -> str:
    return f"seg-{generation:06d}-{secrets.token_hex(4)}"


def store_segment(
    folder: Path,
    name: str,
    keys: np.ndarray,
    docs: np.ndarray,
    pos: np.ndarray,
    texts: Iterable[bytes],
    meta: SegmentMeta,
) -> str:
    """Write one segment from postings sorted by key (stable), crash-safely. The keys must be
    cut to `meta["key_precision"]` = bucket_bits(postings) + REMAINDER_BITS bits (see key_table)."""
    tmp = folder / f".tmp-{name}"
    tmp.mkdir()
    bits = meta["key_precision"] - REMAINDER_BITS
    first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.empty(0, np.int64)
    distinct = keys[first]
    starts = np.concatenate((first, [len(keys)])).astype(offsets_dtype(len(keys)))
    _fsync_npy(tmp / "keys.npy", remainders(distinct, bits))
    _fsync_npy(tmp / "starts.npy", starts)
    _fsync_npy(tmp / "buckets.npy", bucket_starts(distinct, bits))
    _fsync_npy(tmp / "docs.npy", np.ascontiguousarray(docs, dtype=_docs_dtype(len(meta["documents"]["name"]))))
    _fsync_npy(tmp / "pos.npy", np.ascontiguousarray(pos, dtype=_pos_dtype(pos)))
    lengths = []
    with open(tmp / "texts.bin", "wb") as handle:
        for data in texts:
            handle.write(data)
            lengths.append(len(data))
        handle.flush()
        os.fsync(handle.fileno())
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum(lengths)
    _fsync_npy(tmp / "text_offsets.npy", offsets)
    fsync_write(tmp / "meta.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
    fsync_dir(tmp)
    os.rename(tmp, folder / name)
    fsync_dir(folder)
    return name


def _docs_dtype(documents: int) -> type[np.uint16] | type[np.uint32]:
    return np.uint16 if documents <= 1 << 16 else np.uint32


def _pos_dtype(pos: np.ndarray) -> type[np.uint16] | type[np.uint32]:
    """Positions fit 16 bits unless a document is longer than 65,535 normalised characters."""
    return np.uint16 if len(pos) == 0 or int(np.max(pos)) < 1 << 16 else np.uint32


def write_segment(folder: Path, name: str, docs: Batch, official: bool, settings: Settings) -> str:
    """Fingerprint `docs` ([(DocumentInfo, text)]) and store them as segment `name`."""
    hashes, positions, counts = [], [], []
    for _, text in docs:
        h, p, _ = fingerprint_text(text, settings)
        hashes.append(h)
        positions.append(p)
        counts.append(len(h))
    keys = np.concatenate(hashes) if hashes else np.empty(0, np.uint64)
    del hashes
    pos = np.concatenate(positions) if positions else np.empty(0, np.uint32)
    del positions
    pos = pos.astype(_pos_dtype(pos), copy=False)  # narrow before the gather: less memory traffic
    doc_index = np.repeat(np.arange(len(docs), dtype=_docs_dtype(len(docs))), counts)
    precision = bucket_bits(len(keys)) + REMAINDER_BITS
    # cut before sorting, so that keys equal after the cut keep their postings in document order
    keys = truncate(keys, precision)
    order, keys = stable_hash_order(keys)
    meta: SegmentMeta = {
        "official": official,
        "key_precision": precision,
        "documents": to_columns(info for info, _ in docs),
    }
    return store_segment(
        folder, name, keys, doc_index[order], pos[order], (text.encode("utf-8") for _, text in docs), meta
    )


_Outcome = tuple[str, str]  # what a child reports: ("ok", segment name) or ("error", message)


class SegmentWriter:
    """Writes the segments of one bulk add, at most `workers` at a time. Use as a context
    manager: on an error every segment it wrote is removed again (none was in a manifest)."""

    def __init__(
        self,
        folder: Path,
        generation: int,
        settings: Settings,
        workers: int = 1,
        progress: Callable[[int], None] | None = None,
    ):
        self.folder, self.generation, self.settings = folder, generation, settings
        self.workers = max(1, workers) if hasattr(os, "fork") else 1
        self.progress = progress
        self.names: list[str] = []
        self.written_docs = 0
        self._running: list[tuple[BaseProcess, Connection[_Outcome, _Outcome], int]] = []

    def __enter__(self) -> SegmentWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> Literal[False]:
        if kind is not None:
            for process, _, _ in self._running:
                process.kill()
                process.join()
            for name in self.names:
                shutil.rmtree(self.folder / name, ignore_errors=True)
                shutil.rmtree(self.folder / f".tmp-{name}", ignore_errors=True)
        return False

    def submit(self, docs: Batch, official: bool) -> None:
        name = new_segment_name(self.generation)
        self.names.append(name)
        if self.workers == 1:
            write_segment(self.folder, name, docs, official, self.settings)
            self._done(len(docs))
            return
        while len(self._running) >= self.workers:
            self._wait_oldest()
        receiver, sender = multiprocessing.Pipe(duplex=False)
        # fork: the child sees `docs` as they are in memory (nothing is pickled)
        process = multiprocessing.get_context("fork").Process(
            target=_write_in_child,
            args=(sender, self.folder, name, docs, official, self.settings, os.getpid()),
            daemon=True,
        )
        process.start()
        sender.close()
        self._running.append((process, receiver, len(docs)))

    def finish(self) -> list[str]:
        while self._running:
            self._wait_oldest()
        return self.names

    def _wait_oldest(self) -> None:
        process, receiver, count = self._running.pop(0)
        try:
            outcome = receiver.recv()
        except EOFError:
            outcome = ("error", "建立索引的子进程意外退出（可能是内存不足）")
        process.join()
        receiver.close()
        if outcome[0] != "ok":
            raise InputError(str(self.folder.parent), f"写入查重文库失败：{outcome[1]}")
        self._done(count)

    def _done(self, count: int) -> None:
        self.written_docs += count
        if self.progress:
            self.progress(self.written_docs)


def _die_with_parent(parent: int) -> None:
    """A builder whose parent was killed must not go on writing (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _write_in_child(
    sender: Connection[_Outcome, _Outcome],
    folder: Path,
    name: str,
    docs: Batch,
    official: bool,
    settings: Settings,
    parent: int,
) -> None:
    _die_with_parent(parent)
    try:
        write_segment(folder, name, docs, official, settings)
        sender.send(("ok", name))
    except BaseException as error:  # noqa: BLE001  reported to the parent, which aborts the whole add
        sender.send(("error", f"{type(error).__name__}: {error}"))
    finally:
        sender.close()
