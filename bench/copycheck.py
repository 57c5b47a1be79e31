"""Copy-check benchmark: duizhao's winnowing index against datasketch MinHashLSH (the peer).

    python bench/copycheck.py --docs 5000 --docs 50000 --queries 300

For each size: generate a synthetic archive and held-out queries (bench/copycheck_gen.py;
75 % copiers with planted passages, 25 % non-copiers), build our on-disk index and the
peer's LSH in separate processes (so peak RSS is each one's own), run the same queries,
score against the ground truth and print one JSON line.

Times are wall-clock on a shared machine; `query_cpu_ms_median` is the process's own CPU time
per query and `fingerprint_docs_per_cpu_s` documents per CPU-second (i.e. per core), which
contention with other processes does not inflate; `load_average` is the 1-minute load when the
queries ended.

Scores (ours):
  passage_recall     planted passages >= 50 % covered by copy passages naming the right source
  char_recall        planted normalised characters covered by passages naming the right source
  flagged_noncopier  mean copy_ratio of the non-copier queries (their characters flagged)
  copy_ratio_error   mean |copy_ratio - true copied share| over all queries
  source_recall_by_share  (copier, source) pairs found, by share copied from that source
Peer: MinHash (128 permutations, character 5-grams of the same normalised text, crc32 as
hash function since the default sha1 is slower) in MinHashLSH at --peer-threshold; a
(copier, source) pair is found when the LSH query returns the source.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
SHARE_BUCKETS = [(0.0, 0.2, "<0.2"), (0.2, 0.5, "0.2-0.5"), (0.5, 1.01, ">=0.5")]


def _status_mb(field: str) -> float:
    """VmHWM (peak) or VmRSS (now) of this process, from /proc: unlike ru_maxrss, these are not
    inherited from the (large) parent across fork and exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _peak_rss_mb() -> float:
    return _status_mb("VmHWM")


def _read_jsonl(path: Path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def _percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


# ---------------------------------------------------------------- generation


def generate(size: int, queries: int, seed: int, folder: Path, stock: str | None = None) -> float:
    from copycheck_gen import Generator

    started = time.perf_counter()
    generator = Generator(seed, stock=stock)
    archive = generator.archive(size)
    query_docs = generator.queries(queries, archive)
    with open(folder / "archive.jsonl", "w", encoding="utf-8") as out:
        for d in archive:
            out.write(
                json.dumps(
                    {"name": d.name, "text": d.text, "unit": d.unit, "year": d.year, "doc_class": d.doc_class},
                    ensure_ascii=False,
                )
                + "\n"
            )
    with open(folder / "queries.jsonl", "w", encoding="utf-8") as out:
        for q in query_docs:
            out.write(
                json.dumps(
                    {"name": q.name, "text": q.text, "copier": q.copier, "planted": [vars(p) for p in q.planted]},
                    ensure_ascii=False,
                )
                + "\n"
            )
    (folder / "data.json").write_text(json.dumps({"docs": size, "queries": queries, "seed": seed, "stock": stock}))
    return time.perf_counter() - started


def data_description(folder: Path) -> dict:
    """Which data a result comes from (seed, stock phrase scheme), as written by `generate`."""
    path = folder / "data.json"
    return json.loads(path.read_text()) if path.exists() else {"seed": None, "stock": None}


# ---------------------------------------------------------------- workers


def _replica_table(replica: int, seed: int = 11):
    """Replica r > 0 of the archive has every ideograph renamed by its own random permutation of
    the CJK block: same statistics (document lengths, phrase and template structure, common
    phrases), no shared text with the original or another replica. So an archive of size x R
    keeps the original's ground truth (the queries copy from replica 0) while the index, its
    build and its lookups have the full size. Returns a lookup table over the BMP (None for r = 0)."""
    import numpy as np

    if replica == 0:
        return None
    table = np.arange(0x10000, dtype=np.uint32)
    block = np.arange(0x4E00, 0xA000, dtype=np.uint32)
    table[block] = np.random.default_rng([seed, replica]).permutation(block)
    return table


def _rename(text: str, table) -> str:
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    if len(codes) and int(codes.max()) >= len(table):  # outside the BMP: keep those characters
        codes = np.where(codes < len(table), table[np.minimum(codes, len(table) - 1)], codes)
    else:
        codes = table[codes]
    return codes.astype(np.uint32).tobytes().decode("utf-32-le")


def _entries(archive: list[dict], replica: int):
    table = _replica_table(replica)
    for d in archive:
        name = d["name"] if replica == 0 else f"r{replica:03d}-{d['name']}"
        text = d["text"] if replica == 0 else _rename(d["text"], table)
        yield {"item": text, "name": name, "unit": d["unit"], "year": d["year"], "doc_class": d["doc_class"]}


class _MemoryWatch:
    """Peak of the machine's used memory (MemTotal - MemAvailable, so not the page cache) over a
    baseline, sampled every 0.5 s: it counts the index builder's child processes too."""

    def __init__(self):
        import threading

        self.baseline = self.peak = self._used_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @staticmethod
    def _used_mb() -> float:
        info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        return (int(info["MemTotal"].split()[0]) - int(info["MemAvailable"].split()[0])) / 1024

    def _run(self):
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, self._used_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return round(self.peak - self.baseline, 1)


def _cpu_seconds() -> float:
    """CPU of this process and its finished children (the segment builders)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def worker_ours(folder: Path, replicas: int = 1, workers: int = 1) -> dict:

    from duizhao.copycheck import Corpus, check_copies
    from duizhao.copycheck.fingerprint import winnow
    from duizhao.copycheck.normalize import normalize

    archive = list(_read_jsonl(folder / "archive.jsonl"))
    sample = [d["text"] for d in archive[:2000]]
    sample_count = len(sample)
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in sample:
        winnow(normalize(text).codes, 8, 6)
    fp_seconds = time.perf_counter() - started
    fp_cpu_seconds = time.process_time() - cpu_started
    sample_mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6

    corpus_dir = folder / "corpus"
    shutil.rmtree(corpus_dir, ignore_errors=True)
    progress = folder / "progress.jsonl"  # how far a long build got, should it not finish
    progress.unlink(missing_ok=True)
    memory = _MemoryWatch()
    started, cpu_started = time.perf_counter(), _cpu_seconds()

    def report(written: int) -> None:
        with open(progress, "a", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {
                        "indexed_docs": written,
                        "build_s": round(time.perf_counter() - started, 1),
                        "build_cpu_s": round(_cpu_seconds() - cpu_started, 1),
                        "memory_used_mb": round(memory.peak - memory.baseline),
                        "load_average": round(os.getloadavg()[0], 1),
                    }
                )
                + "\n"
            )

    corpus = Corpus(corpus_dir)
    corpus.add_many((e for r in range(replicas) for e in _entries(archive, r)), workers=workers, progress=report)
    build_s = time.perf_counter() - started
    build_cpu_s = _cpu_seconds() - cpu_started
    build_memory_mb = memory.stop()
    build_child_rss_mb = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    del archive, sample
    corpus = Corpus(corpus_dir)
    queries = list(_read_jsonl(folder / "queries.jsonl"))
    for q in queries[:5]:
        check_copies(q["text"], corpus)
    results, times, cpu_times = [], [], []
    for q in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        report = check_copies(q["text"], corpus)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        results.append(
            {
                "name": q["name"],
                "copy_ratio": report.copy_ratio,
                "sources": [s.name for s in report.sources],
                "passages": [(p.start, p.end, p.source) for p in report.passages if p.category == "copy"],
            }
        )
    documents = len(corpus)
    maps = sum(1 for line in Path("/proc/self/maps").read_text().splitlines() if line.endswith(".npy"))
    return {
        "memory_mapped_files": maps,
        "fingerprint_docs_per_s": round(sample_count / fp_seconds),
        "fingerprint_mb_per_s": round(sample_mb / fp_seconds, 1),
        "fingerprint_docs_per_cpu_s": round(sample_count / fp_cpu_seconds),
        "build_s": round(build_s, 1),
        "build_cpu_s": round(build_cpu_s, 1),
        "build_workers": workers,
        "build_memory_mb": build_memory_mb,
        "build_child_peak_rss_mb": build_child_rss_mb,
        "index_docs": len(corpus),
        "index_bytes_per_doc": round(corpus.index_bytes / documents),
        "text_bytes_per_doc": round(corpus.text_bytes / documents),
        "query_ms_median": round(statistics.median(times), 2),
        "query_ms_p95": round(_percentile(times, 0.95), 2),
        "query_cpu_ms_median": round(statistics.median(cpu_times), 2),
        "load_average": round(os.getloadavg()[0], 1),
        "peak_rss_mb": _peak_rss_mb(),  # this process, building included (not the builder children)
        "query_rss_mb": _status_mb("VmRSS"),  # after the queries: mapped index pages touched + Python
        "results": results,
    }


def worker_query(folder: Path, count: int, preload: bool = False) -> dict:
    """Queries against the index already built in `folder`, in a fresh process: latency and the
    memory of a process that has only the memory-mapped index open (RssFile: mapped index and text
    pages it touched, shared with the page cache; RssAnon: its own heap). With `preload` the
    lookup tables are mapped first (Corpus.preload, timed as preload_ms), as a process that checks
    many materials does."""
    from duizhao.copycheck import Corpus, check_copies

    started = time.perf_counter()
    corpus = Corpus(folder / "corpus")
    len(corpus)
    open_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    if preload:
        corpus.preload()
    preload_ms = (time.perf_counter() - started) * 1000
    queries = list(_read_jsonl(folder / "queries.jsonl"))[:count]
    passes = []
    for _ in range(2):  # the same queries again: the index pages they need are then mapped and cached
        times, cpu_times = [], []
        for q in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            check_copies(q["text"], corpus)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
        passes.append((times, cpu_times))
    (times, cpu_times), (warm, warm_cpu) = passes
    return {
        "index_docs": len(corpus),
        "index_bytes": corpus.index_bytes,
        "open_ms": round(open_ms, 1),
        "preload_ms": round(preload_ms, 1) if preload else None,
        "queries": len(queries),
        "first_query_ms": round(times[0], 2),
        "query_ms_median": round(statistics.median(times), 2),
        "query_ms_p95": round(_percentile(times, 0.95), 2),
        "query_cpu_ms_median": round(statistics.median(cpu_times), 2),
        "warm_query_ms_median": round(statistics.median(warm), 2),
        "warm_query_ms_p95": round(_percentile(warm, 0.95), 2),
        "warm_query_cpu_ms_median": round(statistics.median(warm_cpu), 2),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_anon_mb": _status_mb("RssAnon"),
        "rss_file_mb": _status_mb("RssFile"),
        "load_average": round(os.getloadavg()[0], 1),
    }


def _shingles(text: str) -> list[bytes]:
    return [text[i : i + 5].encode("utf-8") for i in range(len(text) - 4)]


def worker_peer(folder: Path, threshold: float) -> dict:
    import zlib

    from datasketch import LeanMinHash, MinHash, MinHashLSH

    from duizhao.copycheck.normalize import normalize

    rss_before = _status_mb("VmRSS")
    signatures, names = [], []
    started = time.perf_counter()
    total_mb = 0.0
    for d in _read_jsonl(folder / "archive.jsonl"):
        if d["doc_class"] == "official":
            continue
        total_mb += len(d["text"].encode("utf-8")) / 1e6
        m = MinHash(num_perm=128, hashfunc=zlib.crc32)
        m.update_batch(_shingles(normalize(d["text"]).string))
        signatures.append(LeanMinHash(m))
        names.append(d["name"])
    signature_s = time.perf_counter() - started
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    started = time.perf_counter()
    for name, sig in zip(names, signatures):
        lsh.insert(name, sig)
    insert_s = time.perf_counter() - started
    rss_after_insert = _status_mb("VmRSS")  # signatures + LSH tables
    results, times = [], []
    for q in _read_jsonl(folder / "queries.jsonl"):
        m = MinHash(num_perm=128, hashfunc=zlib.crc32)
        m.update_batch(_shingles(normalize(q["text"]).string))
        started = time.perf_counter()
        found = lsh.query(m)
        times.append((time.perf_counter() - started) * 1000)
        results.append({"name": q["name"], "sources": sorted(found)})
    return {
        "threshold": threshold,
        "signature_docs_per_s": round(len(names) / signature_s),
        "signature_mb_per_s": round(total_mb / signature_s, 1),
        "insert_docs_per_s": round(len(names) / insert_s),
        "query_ms_median": round(statistics.median(times), 3),
        "query_ms_p95": round(_percentile(times, 0.95), 3),
        "peak_rss_mb": _peak_rss_mb(),
        "rss_growth_bytes_per_doc": round((rss_after_insert - rss_before) * 1024 * 1024 / max(len(names), 1)),
        "results": results,
    }


# ---------------------------------------------------------------- scoring


def _norm_positions(text: str):
    from duizhao.copycheck.normalize import normalize

    return normalize(text).offsets


def score(folder: Path, ours: dict, peer: dict) -> dict:
    import numpy as np

    ours_by = {r["name"]: r for r in ours["results"]}
    peer_by = {r["name"]: r for r in peer["results"]}
    planted_total = planted_found = 0
    chars_total = chars_found = 0
    ratio_errors, noncopier = [], []
    pairs = {label: [0, 0, 0] for _, _, label in SHARE_BUCKETS}  # pairs, ours found, peer found
    for q in _read_jsonl(folder / "queries.jsonl"):
        offsets = _norm_positions(q["text"])
        length = len(q["text"])
        result = ours_by[q["name"]]
        covered_by: dict[str, np.ndarray] = {}
        for start, end, source in result["passages"]:
            covered_by.setdefault(source, np.zeros(length, dtype=bool))[start:end] = True
        planted_mask = np.zeros(length, dtype=bool)
        per_source_chars: dict[str, int] = {}
        for p in q["planted"]:
            planted_mask[p["start"] : p["end"]] = True
            kept = offsets[(offsets >= p["start"]) & (offsets < p["end"])]
            covered = covered_by.get(p["source"])
            hit = int(covered[kept].sum()) if covered is not None else 0
            planted_total += 1
            planted_found += hit >= 0.5 * len(kept)
            chars_total += len(kept)
            chars_found += hit
            per_source_chars[p["source"]] = per_source_chars.get(p["source"], 0) + len(kept)
        true_share = float(planted_mask[offsets].sum()) / max(len(offsets), 1)
        ratio_errors.append(abs(result["copy_ratio"] - true_share))
        if not q["copier"]:
            noncopier.append(result["copy_ratio"])
        for source, chars in per_source_chars.items():
            share = chars / max(len(offsets), 1)
            for low, high, label in SHARE_BUCKETS:
                if low <= share < high:
                    pairs[label][0] += 1
                    pairs[label][1] += source in result["sources"]
                    pairs[label][2] += source in peer_by[q["name"]]["sources"]
    ours_recall = {k: round(v[1] / v[0], 3) if v[0] else None for k, v in pairs.items()}
    peer_recall = {k: round(v[2] / v[0], 3) if v[0] else None for k, v in pairs.items()}
    all_pairs = sum(v[0] for v in pairs.values())
    return {
        "passage_recall": round(planted_found / max(planted_total, 1), 4),
        "char_recall": round(chars_found / max(chars_total, 1), 4),
        "flagged_noncopier": round(statistics.mean(noncopier), 4) if noncopier else None,
        "noncopiers_over_5pct": round(sum(r > 0.05 for r in noncopier) / len(noncopier), 4) if noncopier else None,
        "copy_ratio_error": round(statistics.mean(ratio_errors), 4),
        "source_recall": round(sum(v[1] for v in pairs.values()) / max(all_pairs, 1), 4),
        "source_recall_by_share": ours_recall,
        "pairs_by_share": {k: v[0] for k, v in pairs.items()},
        "planted_passages": planted_total,
        "peer_source_recall": round(sum(v[2] for v in pairs.values()) / max(all_pairs, 1), 4),
        "peer_source_recall_by_share": peer_recall,
    }


# ---------------------------------------------------------------- main


def run_worker(kind: str, folder: Path, threshold: float, nice: int, replicas: int = 1, workers: int = 1) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--data",
        str(folder),
        "--peer-threshold",
        str(threshold),
        "--replicas",
        str(replicas),
        "--build-workers",
        str(workers),
    ]
    if nice:
        command = ["nice", "-n", str(nice), *command]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, action="append", help="archive size (repeatable)")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument(
        "--seed", type=int, default=7, help="generator seed (tune on one, measure once on another: the held-out data)"
    )
    parser.add_argument(
        "--stock",
        choices=("graded",),
        help="add stock phrases with graded document frequencies (copycheck_gen.STOCK_TIERS)",
    )
    parser.add_argument("--peer-threshold", type=float, default=0.5)
    parser.add_argument("--workdir", help="keep generated data here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="reuse data generated earlier in --workdir")
    parser.add_argument(
        "--reuse-peer",
        action="store_true",
        help="reuse the peer's results saved in --workdir (same data, same threshold)",
    )
    parser.add_argument("--no-peer", action="store_true", help="skip the datasketch comparison")
    parser.add_argument("--nice", type=int, default=0, help="run the workers under nice -n N")
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="index the archive R times (replicas with renamed ideographs, see _replica_table): "
        "a large index built from a generated archive of --docs documents",
    )
    parser.add_argument(
        "--build-workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes building index segments at once (Corpus.add_many(workers=...)); default: cores",
    )
    parser.add_argument(
        "--query-only",
        type=int,
        metavar="N",
        help="only run N queries against the index already built in --workdir (fresh process)",
    )
    parser.add_argument(
        "--preload",
        action="store_true",
        help="with --query-only: map the index's lookup tables before the queries (Corpus.preload)",
    )
    parser.add_argument("--worker", choices=("ours", "peer"), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        folder = Path(args.data)
        result = (
            worker_ours(folder, args.replicas, args.build_workers)
            if args.worker == "ours"
            else worker_peer(folder, args.peer_threshold)
        )
        print(json.dumps(result, ensure_ascii=False))
        return 0
    if args.query_only:
        for size in args.docs or [5000]:
            result = worker_query(Path(args.workdir) / f"n{size}", args.query_only, args.preload)
            print(json.dumps({"generated_docs": size, **result}, ensure_ascii=False), flush=True)
        return 0
    base = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    try:
        for size in args.docs or [5000]:
            folder = base / f"n{size}"
            folder.mkdir(parents=True, exist_ok=True)
            reuse = args.reuse and (folder / "queries.jsonl").exists()
            generate_s = 0.0 if reuse else generate(size, args.queries, args.seed, folder, args.stock)
            ours = run_worker("ours", folder, args.peer_threshold, args.nice, args.replicas, args.build_workers)
            (folder / "ours.json").write_text(json.dumps(ours, ensure_ascii=False), encoding="utf-8")
            saved_peer = folder / f"peer-{args.peer_threshold}.json"
            if args.no_peer:
                peer = {"results": [{"name": r["name"], "sources": []} for r in ours["results"]]}
            elif args.reuse_peer and saved_peer.exists():
                peer = json.loads(saved_peer.read_text(encoding="utf-8"))
            else:
                peer = run_worker("peer", folder, args.peer_threshold, args.nice)
                saved_peer.write_text(json.dumps(peer, ensure_ascii=False), encoding="utf-8")
            scores = score(folder, ours, peer)
            ours.pop("results")
            peer.pop("results")
            data = data_description(folder)
            line = {
                "docs": size * args.replicas,
                "generated_docs": size,
                "queries": args.queries,
                "seed": data["seed"],
                "stock": data["stock"],
                **scores,
                **ours,
                "generate_s": round(generate_s, 1),
            }
            line.pop("peer_source_recall")
            line.pop("peer_source_recall_by_share")
            if not args.no_peer:
                peer["source_recall"] = scores["peer_source_recall"]
                peer["source_recall_by_share"] = scores["peer_source_recall_by_share"]
                line["peer"] = peer
                line["ours_over_peer"] = {
                    "source_recall": round(line["source_recall"] / peer["source_recall"], 2)
                    if peer["source_recall"]
                    else None,
                    "fingerprint_docs_per_s": round(line["fingerprint_docs_per_s"] / peer["signature_docs_per_s"], 2),
                    "query_ms_median": round(line["query_ms_median"] / peer["query_ms_median"], 1),
                    "bytes_per_doc": round(line["index_bytes_per_doc"] / max(peer["rss_growth_bytes_per_doc"], 1), 2),
                }
            print(json.dumps(line, ensure_ascii=False), flush=True)
            if not args.workdir:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if not args.workdir:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
