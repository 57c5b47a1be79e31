"""The on-disk archive (查重文库): documents, their texts and a winnowing index.

Layout of a corpus folder:

    manifest.json            the current generation: segments and removed documents
    segments/seg-<gen>-<id>/ one immutable segment:
        meta.json            its documents, one list per field (name, unit, author, year, kind,
                             doc_class, chars; see documents.py), and key_precision, the top
                             bits of a hash its keys keep
        keys.npy             uint32 distinct fingerprint keys, sorted, each stored as the 32
                             bits below its bucket number (see key_table)
        starts.npy           uint32 (int64 for huge segments) where each key's postings start
                             (keys + 1 entries; the postings of keys[i] are starts[i]:starts[i+1])
        buckets.npy          uint32 start of each hash-prefix bucket in keys (about 32 postings
                             each; 2**bits + 1 entries, bits = number of bits of the prefix)
        docs.npy             uint16 (uint32 above 65,536 documents) local document index of
                             each posting, postings sorted by key
        pos.npy              uint16 (uint32 for very long documents) position of each
                             posting in the normalised text
        texts.bin            the documents' cleaned texts, UTF-8, concatenated
        text_offsets.npy     int64 byte offsets into texts.bin (documents + 1)
        (a merged segment may instead hold texts-000.bin, texts-001.bin … with
        text_parts.npy, the offset where each part starts: the texts of merged segments
        are hard-linked, not copied; text_offsets are then offsets into the parts one after
        the other)

Postings never live in Python objects: the arrays are memory-mapped (`mmap_mode="r"`).
Writing is crash-safe: a new segment is written under a temporary name, fsynced and renamed;
then a new manifest is written to a temporary file, fsynced and atomically renamed over
`manifest.json`. A crash at any point leaves either the old or the new manifest, and both
only name complete segments. Leftovers are removed by the next write. Writers hold a lock.
Official texts (doc_class "official") go to their own segments, so that a match in one is
reported as a quotation (category `official`); a fingerprint found in very many documents is
a common phrase (套话) whichever segment it is in.
"""

from __future__ import annotations

import builtins
import fcntl
import itertools
import json
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NotRequired, Required, TypedDict, cast

import numpy as np
import numpy.typing as npt

from duizhao.copycheck.documents import DocumentInfo, DocumentTable
from duizhao.copycheck.key_table import KeyTable
from duizhao.copycheck.normalize import Normalized, normalize
from duizhao.copycheck.segment_merge import MergeSource, merge_segments
from duizhao.copycheck.segment_writer import Batch, SegmentWriter, fsync_dir, fsync_write, new_segment_name
from duizhao.copycheck.settings import Settings, load_settings
from duizhao.errors import InputError
from duizhao.model import Material

FORMAT = "duizhao-corpus-3"  # also: meta.json documents stored as columns (documents.py)
OLD_FORMATS = ("duizhao-corpus-2",)  # readable by copycheck.upgrade
WRITER_WAIT_SECONDS = 60.0  # how long a second writer waits for the first (Corpus.lock_wait)
MADV_POPULATE_READ = 22  # linux/mman.h; Python's mmap module names it only from 3.13
DOC_CLASSES = ("own", "template", "official")
DOC_CLASS_NAMES = {"own": "本单位文档", "template": "公开范文", "official": "官方文件"}

Removed = dict[str, list[int]]  # segment name -> local indices of its removed documents


class Manifest(TypedDict):
    """manifest.json: the current generation."""

    format: str
    generation: int
    segments: list[str]
    removed: Removed
    upgrading_from: NotRequired[dict[str, Any]]  # the old format's manifest, as read (copycheck.upgrade)


class CorpusEntry(TypedDict, total=False):
    """One document to add: `item` is a Material, a file path, or the text itself."""

    item: Required[Material | str | Path]
    name: Required[str]
    unit: str | None
    author: str | None
    year: int | str | None  # a string of digits is read as a number
    kind: str | None
    doc_class: str | None  # None: "own"


class Postings(TypedDict):
    """Postings found by `Corpus.lookup`, one entry per hit: the query hash's index, the
    segment, the local document and the position in that document's normalised text."""

    q: npt.NDArray[np.int64]
    seg: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int64]
    spos: npt.NDArray[np.int64]


class Lookup(TypedDict):
    hits: Postings
    common: Postings  # one representative posting per common-phrase fingerprint
    common_mask: npt.NDArray[np.bool_]  # per query hash: a common phrase
    df: npt.NDArray[np.int64]  # per query hash: postings in the archive


class _PostingLists:
    """Postings gathered segment by segment, joined into `Postings` at the end."""

    def __init__(self) -> None:
        self.q: list[npt.NDArray[np.int64]] = []
        self.seg: list[npt.NDArray[np.int64]] = []
        self.doc: list[npt.NDArray[np.int64]] = []
        self.spos: list[npt.NDArray[np.int64]] = []

    def joined(self) -> Postings:
        def join(parts: list[npt.NDArray[np.int64]]) -> npt.NDArray[np.int64]:
            return np.concatenate(parts) if parts else np.empty(0, np.int64)

        return Postings(q=join(self.q), seg=join(self.seg), doc=join(self.doc), spos=join(self.spos))


class SegmentTexts:
    """A segment's texts: texts.bin, or for a merged segment texts-000.bin, texts-001.bin …
    with text_parts.npy (where each part starts); text_offsets.npy holds each document's byte
    offset into those parts one after another. The same in every corpus format so far."""

    def __init__(self, folder: Path):
        self.offsets = np.load(folder / "text_offsets.npy", mmap_mode="r").view(np.ndarray)
        parts = sorted(folder.glob("texts-*.bin")) or [folder / "texts.bin"]
        self.files = parts
        self.part_starts = (
            np.load(folder / "text_parts.npy")
            if len(parts) > 1 or parts[0].name != "texts.bin"
            else np.array([0, parts[0].stat().st_size], dtype=np.int64)
        )
        self._parts = [
            np.memmap(part, dtype=np.uint8, mode="r").view(np.ndarray) if part.stat().st_size else None
            for part in parts
        ]

    def data(self, local: int) -> bytes:
        """The UTF-8 bytes of a document's text."""
        start, end = int(self.offsets[local]), int(self.offsets[local + 1])
        if end == start:
            return b""
        part = int(np.searchsorted(self.part_starts, start, side="right")) - 1
        base = int(self.part_starts[part])
        data = self._parts[part]
        assert data is not None, "only an empty part file has no map, and no text lies in one"
        return data[start - base : end - base].tobytes()


class Segment:
    """One immutable, memory-mapped part of the index."""

    def __init__(self, folder: Path):
        self.folder = folder
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        self.official = bool(meta["official"])
        self.documents = DocumentTable(meta["documents"])
        # plain ndarray views of the memory maps: same pages, without memmap's per-call overhead
        self.keys = np.load(folder / "keys.npy", mmap_mode="r").view(np.ndarray)
        self.starts = np.load(folder / "starts.npy", mmap_mode="r").view(np.ndarray)
        self.buckets = np.load(folder / "buckets.npy", mmap_mode="r").view(np.ndarray)
        self.table = KeyTable(self.buckets, self.keys, int(meta["key_precision"]))
        self.docs = np.load(folder / "docs.npy", mmap_mode="r").view(np.ndarray)
        self.pos = np.load(folder / "pos.npy", mmap_mode="r").view(np.ndarray)
        self.texts = SegmentTexts(folder)
        self.text_offsets, self.text_files, self.part_starts = (
            self.texts.offsets,
            self.texts.files,
            self.texts.part_starts,
        )
        self.alive = np.ones(len(self.documents), dtype=bool)

    def bounds(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Postings [lo, hi) of each query hash (lo == hi when absent). `starts` is read only for
        the keys found (a few per cent of a query's hashes in any one segment): pages of it that
        no query needs stay out of memory."""
        index = self.table.find(hashes)
        found = np.flatnonzero(index >= 0)
        lo = np.zeros(len(hashes), dtype=np.int64)
        hi = np.zeros(len(hashes), dtype=np.int64)
        lo[found] = self.starts[index[found]]
        hi[found] = self.starts[index[found] + 1]
        return lo, hi

    def preload(self) -> None:
        """Map the lookup tables (`buckets`, `keys`) into this process now: every query reads
        pages of them all over, so a process that will answer many queries pays for them once
        (about 5 GB for a million documents, read at disk speed) instead of on each query."""
        for array in (self.buckets, self.keys):
            _populate(array)

    def text(self, local: int) -> str:
        return self.text_data(local).decode("utf-8")

    def text_data(self, local: int) -> bytes:
        """The UTF-8 bytes of a document's text."""
        return self.texts.data(local)

    @property
    def index_bytes(self) -> int:
        files = ("keys.npy", "starts.npy", "buckets.npy", "docs.npy", "pos.npy")
        return sum((self.folder / f).stat().st_size for f in files)

    @property
    def text_bytes(self) -> int:
        return sum(part.stat().st_size for part in self.text_files)


def _populate(array: np.ndarray) -> None:
    """Read and map every page of a memory-mapped array (MADV_POPULATE_READ, Linux 5.14 and
    later; elsewhere by reading one item of each page)."""
    holder: np.ndarray | None = array
    while holder is not None and not isinstance(holder, np.memmap):
        holder = holder.base
    mapping = getattr(holder, "_mmap", None)
    if mapping is not None:
        try:
            mapping.madvise(MADV_POPULATE_READ)
            return
        except (OSError, ValueError):
            pass
    step = max(1, 4096 // max(array.itemsize, 1))
    int(np.asarray(array[::step]).sum())


def _material_text(item: Material | str | Path) -> str:
    if isinstance(item, Material):
        return item.text
    if isinstance(item, str):
        return item
    from duizhao.copycheck.inputs import load_material

    return load_material(Path(item)).text


class Corpus:
    """An archive of earlier materials, public templates and official texts to check against."""

    def __init__(self, path: str | Path, settings: Settings | None = None, *, upgrading: bool = False):
        self.path = Path(path)
        self.settings = settings or load_settings()
        self._upgrading = upgrading  # see copycheck.upgrade
        self.lock_wait = WRITER_WAIT_SECONDS
        if self.path.exists() and not self.path.is_dir():
            raise InputError(str(path), "文库路径不是文件夹")
        self._load()

    # ------------------------------------------------------------ reading

    def _read_manifest(self) -> Manifest:
        manifest_path = self.path / "manifest.json"
        if not manifest_path.exists():
            return {"format": FORMAT, "generation": 0, "segments": [], "removed": {}}
        try:
            manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise InputError(str(manifest_path), f"文库清单无法读取（{error}）") from error
        if manifest.get("format") != FORMAT:
            if manifest.get("format") in OLD_FORMATS:
                if self._upgrading:  # an empty archive of this format, on top of the old one
                    return {
                        "format": FORMAT,
                        "generation": manifest["generation"],
                        "segments": [],
                        "removed": {},
                        "upgrading_from": manifest,
                    }
                raise InputError(
                    str(self.path),
                    "这是旧版 duizhao 的查重文库，请先运行 duizhao corpus upgrade --corpus "
                    f"{self.path} 转换（文档和元数据都保留）",
                )
            raise InputError(str(self.path), "这不是本版本 duizhao 的查重文库（格式标记不符）")
        return cast(Manifest, manifest)  # this format's manifest, as _commit wrote it

    def _load(self) -> None:
        for attempt in range(5):
            try:
                return self._load_once()
            except FileNotFoundError as error:
                # a writer merged segments and removed the old ones between our reading the
                # manifest and opening them: read the new manifest
                if attempt == 4:
                    raise InputError(str(self.path), f"文库已损坏，缺少文件 {error.filename}") from error

    def _load_once(self) -> None:
        self.manifest = self._read_manifest()
        self.segments: list[Segment] = []
        for name in self.manifest["segments"]:
            segment = Segment(self.path / "segments" / name)
            for local in self.manifest["removed"].get(name, []):
                segment.alive[local] = False
            self.segments.append(segment)
        self._names: dict[str, tuple[int, int]] | None = None
        self.documents = sum(int(s.alive.sum()) for s in self.segments)
        self._normalized: dict[tuple[int, int], Normalized] = {}

    @property
    def _by_name(self) -> dict[str, tuple[int, int]]:
        """Name -> (segment, local index) of every live document, built on first use (a check
        does not need it)."""
        if self._names is None:
            self._names = {}
            for seg_index, segment in enumerate(self.segments):
                names = segment.documents.names
                places = zip(itertools.repeat(seg_index), range(len(names)))
                if segment.alive.all():
                    self._names.update(zip(names, places))
                else:
                    self._names.update(pair for pair, alive in zip(zip(names, places), segment.alive) if alive)
        return self._names

    def preload(self) -> None:
        """Map every segment's lookup tables now (see Segment.preload): for a process that
        checks many materials against a large archive."""
        for segment in self.segments:
            segment.preload()

    def list(self) -> list[DocumentInfo]:
        return [self.segments[s].documents[d] for s, d in self._by_name.values()]

    def __len__(self) -> int:
        return self.documents

    def __contains__(self, name: str) -> bool:
        if self._names is not None:
            return name in self._names
        return self._scan(name)  # one question: cheaper than indexing a million names

    def _scan(self, name: str) -> bool:
        return self.locate(name) is not None

    def locate(self, name: str) -> tuple[int, int] | None:
        """(segment, local document) of a live document, found without indexing every name."""
        if self._names is not None:
            return self._by_name.get(name)
        for seg, segment in enumerate(self.segments):
            names, at = segment.documents.names, -1
            while True:
                try:
                    at = names.index(name, at + 1)
                except ValueError:
                    break
                if segment.alive[at]:
                    return seg, at
        return None

    def info(self, name: str) -> DocumentInfo:
        seg, local = self._by_name[name]
        return self.segments[seg].documents[local]

    def normalized(self, seg: int, local: int) -> Normalized:
        """The normalised text of a document, cached (checks reuse the same few sources)."""
        key = (seg, local)
        cached = self._normalized.get(key)
        if cached is None:
            if len(self._normalized) >= 512:
                self._normalized.pop(next(iter(self._normalized)))
            cached = self._normalized[key] = normalize(self.segments[seg].text(local))
        return cached

    def text(self, name: str) -> str:
        seg, local = self._by_name[name]
        return self.segments[seg].text(local)

    @property
    def index_bytes(self) -> int:
        return sum(s.index_bytes for s in self.segments)

    @property
    def text_bytes(self) -> int:
        return sum(s.text_bytes for s in self.segments)

    # ------------------------------------------------------------ writing

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        """One writer at a time, across processes and servers sharing the folder (readers need no
        lock: a manifest is replaced whole). A second writer waits `lock_wait` seconds, then is
        refused with a message instead of waiting behind a long import without a word."""
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / "segments").mkdir(exist_ok=True)
        with open(self.path / ".lock", "a+") as lock:
            deadline = time.monotonic() + self.lock_wait
            while True:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise InputError(
                            str(self.path),
                            f"查重文库正由另一个程序写入（例如另一次 corpus add），已等待 "
                            f"{self.lock_wait:g} 秒。请等它完成后再试（可用 --wait 加长等待）",
                        ) from None
                    time.sleep(0.1)
            try:
                self._load()  # another process may have written meanwhile
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def add(
        self,
        path_or_material: Material | str | Path,
        *,
        name: str,
        unit: str | None = None,
        author: str | None = None,
        year: int | str | None = None,
        kind: str | None = None,
        doc_class: str = "own",
    ) -> DocumentInfo:
        """Add one document. `path_or_material` is a Material, a file path, or the text itself."""
        entry = CorpusEntry(
            item=path_or_material, name=name, unit=unit, author=author, year=year, kind=kind, doc_class=doc_class
        )
        return self.add_many([entry])[0]

    def add_many(
        self, entries: Iterable[CorpusEntry], *, workers: int = 1, progress: Callable[[int], None] | None = None
    ) -> builtins.list[DocumentInfo]:  # `list` here is the method above
        """Add many documents with one manifest write; returns their infos in input order.

        Each entry is a dict with `item` (Material, path or text), `name` and optional metadata.
        Entries are read one at a time and written in segments of at most `segment_docs`
        documents per class, so memory stays bounded however many there are. With `workers`
        > 1 that many segments are built at once in child processes (Linux). `progress` is
        called with the number of documents written after each segment. On any error nothing
        is added."""
        size = self.settings.segment_docs
        with self._write_lock():
            generation = self.manifest["generation"] + 1
            added: list[DocumentInfo] = []
            names: set[str] = set()
            batches: dict[bool, Batch] = {False: [], True: []}
            with SegmentWriter(self.path / "segments", generation, self.settings, workers, progress) as writer:
                for entry in entries:
                    info = self._document_info(entry)
                    if info.name in names:
                        raise InputError(info.name, "同一批中文档名重复")
                    if info.name in self._by_name:
                        raise InputError(info.name, "文库中已有同名文档（先 remove 再添加，或换一个名字）")
                    names.add(info.name)
                    text = _material_text(entry["item"])
                    info.chars = len(text)
                    added.append(info)
                    official = info.doc_class == "official"
                    batches[official].append((info, text))
                    if len(batches[official]) >= size:
                        writer.submit(batches[official], official)
                        batches[official] = []
                for official, batch in batches.items():
                    if batch:
                        writer.submit(batch, official)
                del batches, batch  # the texts are written: do not hold them through merging
                new_segments = writer.finish()
            # a failure from here on leaves the new segments unnamed: the next write removes them
            segments = self.manifest["segments"] + new_segments
            removed = dict(self.manifest["removed"])
            segments, removed = self._compact(generation, segments, removed)
            self._commit(generation, segments, removed)
        return added

    def remove(self, name: str) -> None:
        with self._write_lock():
            if name not in self._by_name:
                raise InputError(name, "文库中没有这个文档")
            seg, local = self._by_name[name]
            removed = {k: list(v) for k, v in self.manifest["removed"].items()}
            removed.setdefault(self.manifest["segments"][seg], []).append(local)
            self._commit(self.manifest["generation"] + 1, self.manifest["segments"], removed)

    def _document_info(self, entry: CorpusEntry) -> DocumentInfo:
        doc_class = entry.get("doc_class") or "own"
        if doc_class not in DOC_CLASSES:
            raise InputError(entry.get("name"), f"文档类别只能是 {'/'.join(DOC_CLASSES)}")
        name = str(entry.get("name") or "").strip()
        if not name:
            raise InputError(None, "文档名不能为空")
        year = entry.get("year")
        try:
            year = int(year) if year not in (None, "") else None
        except (TypeError, ValueError) as error:
            raise InputError(name, f"年份应为数字：{year}") from error
        return DocumentInfo(
            name=name,
            unit=entry.get("unit"),
            author=entry.get("author"),
            year=year,
            kind=entry.get("kind"),
            doc_class=doc_class,
        )

    def _compact(
        self, generation: int, segments: builtins.list[str], removed: Removed
    ) -> tuple[builtins.list[str], Removed]:
        """Once a kind has more than `max_segments` segments, merge its smallest ones into one
        (each query looks up every segment, so fewer is faster). Tiered: after the two
        smallest, a segment more than twice as large as the ones chosen so far together is left
        for later, so a large segment is not rewritten for every few small ones; segments that
        hold `segment_docs` documents are never merged (measured on a million documents: one
        merged segment had a larger bucket table and answered no faster, see docs/copycheck.md).
        The merged documents keep the order in which they were added."""
        for official in (False, True):
            same = [s for s in segments if self._segment(s).official == official]
            if len(same) <= self.settings.max_segments:
                continue
            sizes = {s: len(self._segment(s).documents) for s in same}
            merge: builtins.list[str] = []
            total = 0
            for name in sorted((s for s in same if sizes[s] < self.settings.segment_docs), key=sizes.__getitem__):
                if len(merge) >= 2 and sizes[name] > 2 * total:
                    break
                merge.append(name)
                total += sizes[name]
            if len(merge) < 2:
                continue
            merge.sort(key=same.index)
            merged = self._merge(generation, merge, removed, official)
            segments = [s for s in segments if s not in merge] + [merged]
            removed = {k: v for k, v in removed.items() if k not in merge}
        return segments, removed

    def _segment(self, name: str) -> Segment:
        for segment in self.segments:
            if segment.folder.name == name:
                return segment
        return Segment(self.path / "segments" / name)

    def _merge(self, generation: int, names: builtins.list[str], removed: Removed, official: bool) -> str:
        sources = []
        for name in names:
            segment = self._segment(name)
            alive = np.ones(len(segment.documents), dtype=bool)
            alive[removed.get(name, [])] = False
            sources.append(MergeSource(segment, alive))
        return merge_segments(self.path / "segments", new_segment_name(generation), sources, official)

    def _commit(self, generation: int, segments: builtins.list[str], removed: Removed) -> None:
        manifest: Manifest = {
            "format": FORMAT,
            "generation": generation,
            "segments": segments,
            "removed": {k: sorted(set(v)) for k, v in removed.items() if v},
        }
        tmp = self.path / f".manifest-{generation}-{secrets.token_hex(4)}.tmp"
        fsync_write(tmp, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        os.replace(tmp, self.path / "manifest.json")
        fsync_dir(self.path)
        self._load()
        self._collect_garbage()

    def _collect_garbage(self) -> None:
        """Remove segments no manifest names and temporary files of interrupted writes."""
        live = set(self.manifest["segments"])
        for entry in (self.path / "segments").iterdir():
            if entry.name not in live:
                shutil.rmtree(entry, ignore_errors=True)
        for entry in self.path.glob(".manifest-*.tmp"):
            entry.unlink(missing_ok=True)

    # ------------------------------------------------------------ lookup

    def lookup(self, hashes: np.ndarray, skip: Iterable[tuple[int, int]] = ()) -> Lookup:
        """Postings of sorted query hashes. Returns arrays (query index, segment, local doc,
        source position) for hits that count, and for common-phrase fingerprints (df above
        the cap) one representative posting each: the first of a live document not in `skip`
        ((segment, local document) pairs, e.g. the checked material itself) among the first two
        of a segment."""
        count = len(hashes)
        bounds = []
        df = np.zeros(count, dtype=np.int64)
        for segment in self.segments:
            lo, hi = segment.bounds(hashes)
            bounds.append((lo, hi))
            df += hi - lo
        common = df > self.settings.common_cap(self.documents)
        hits, reps = _PostingLists(), _PostingLists()
        rep_found = np.zeros(count, dtype=bool)
        skipped = set(skip)
        for seg_index, (segment, (lo, hi)) in enumerate(zip(self.segments, bounds)):
            sizes = hi - lo
            for offset in (0, 1):
                wanted = common & ~rep_found & (sizes > offset)
                if wanted.any():
                    q = np.flatnonzero(wanted)
                    rows = lo[q] + offset
                    docs = np.asarray(segment.docs[rows]).astype(np.int64)
                    usable = segment.alive[docs]
                    if skipped:
                        usable &= np.array([(seg_index, d) not in skipped for d in docs.tolist()], dtype=bool)
                    self._append(reps, segment, seg_index, q[usable], rows[usable])
                    rep_found[q[usable]] = True
            sizes = np.where(common, 0, sizes)
            total = int(sizes.sum())
            if total == 0:
                continue
            q = np.repeat(np.arange(count), sizes)
            starts = np.repeat(lo - (np.cumsum(sizes) - sizes), sizes) + np.arange(total)
            self._append(hits, segment, seg_index, q, starts)
        return Lookup(hits=hits.joined(), common=reps.joined(), common_mask=common, df=df)

    @staticmethod
    def _append(target: _PostingLists, segment: Segment, seg_index: int, q: np.ndarray, rows: np.ndarray) -> None:
        docs = np.asarray(segment.docs[rows]).astype(np.int64)
        alive = segment.alive[docs]
        target.q.append(q[alive])
        target.seg.append(np.full(int(alive.sum()), seg_index, dtype=np.int64))
        target.doc.append(docs[alive])
        target.spos.append(np.asarray(segment.pos[rows]).astype(np.int64)[alive])
