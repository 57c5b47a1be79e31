"""What an attacker with the database file reads: where each opinion sits, per structure, and
how strongly that follows the order in which the opinions arrived (Spearman's rho).

SQLite: the raw bytes are searched for each opinion's UUID (32 hex characters: table rows and
the primary-key index), its text (table rows) and its rowid as an 8-byte big-endian integer (the
entries of the foreign-key indexes); `dbstat` tells which table or index each page belongs to.
PostgreSQL: `ctid`, `xmin` and `pageinspect` (heap line pointers, B-tree leaf items)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from pathlib import Path

import numpy as np

LIMIT = 0.2


def ranks(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="mergesort")
    result = np.empty(len(values))
    result[order] = np.arange(len(values))
    for value in np.unique(values):  # average ranks for ties
        tied = values == value
        if tied.sum() > 1:
            result[tied] = result[tied].mean()
    return result


def spearman(x, y) -> float:
    """Rank correlation; 0 when one side is constant (then it carries no order at all)."""
    a, b = ranks(x), ranks(y)
    a, b = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((a * a).sum() * (b * b).sum()))
    return float((a * b).sum() / denominator) if denominator else 0.0


def within_page(points: list[tuple[int, int, int]]) -> float:
    """rho of arrival against offset *inside each page*, pooled over pages: the attacker's
    strongest signal (cells are written from the end of a page towards its start)."""
    by_page = defaultdict(list)
    for arrival, page, offset in points:
        by_page[page].append((arrival, offset))
    xs, ys = [], []
    for entries in by_page.values():
        if len(entries) < 3:
            continue
        a = ranks([e[0] for e in entries])
        o = ranks([e[1] for e in entries])
        xs.extend((a - a.mean()) / len(entries))
        ys.extend((o - o.mean()) / len(entries))
    if len(xs) < 10:
        return 0.0
    xs, ys = np.array(xs), np.array(ys)
    denominator = float(np.sqrt((xs * xs).sum() * (ys * ys).sum()))
    return float((xs * ys).sum() / denominator) if denominator else 0.0


def _page_owners(path: Path) -> tuple[int, dict[int, str]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        owners = {page: name for name, page in connection.execute("SELECT name, pageno FROM dbstat")}
    finally:
        connection.close()
    return page_size, owners


def sqlite_structures(path: Path, arrivals: dict[str, int], texts: dict[str, str]) -> dict[str, list]:
    """{structure name: [(arrival, page, offset), …]} for every table or index holding an opinion.
    `arrivals` maps an opinion's UUID hex to its arrival number, `texts` its UUID to its text."""
    data = Path(path).read_bytes()
    page_size, owners = _page_owners(path)
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rowids = dict(connection.execute("SELECT id, rowid FROM workbench_opinion").fetchall())
    finally:
        connection.close()
    found: dict[str, list] = defaultdict(list)

    def record(kind: str, needle: bytes, arrival: int):
        start = data.find(needle)
        while start >= 0:
            page = start // page_size + 1
            found[f"{owners.get(page, '?')} ({kind})"].append((arrival, page, start % page_size))
            start = data.find(needle, start + 1)

    for key, arrival in arrivals.items():
        record("uuid", key.encode("ascii"), arrival)
        record("text", texts[key].encode("utf-8"), arrival)
        record("rowid", int(rowids[key]).to_bytes(8, "big", signed=True), arrival)
    return dict(found)


def correlations(points: list[tuple[int, int, int]]) -> dict[str, float]:
    arrival = [p[0] for p in points]
    position = [p[1] * 1_000_000 + p[2] for p in points]
    return {"file order": spearman(arrival, position), "within page": within_page(points)}


def worst(structures: dict[str, list], minimum: int) -> tuple[str, float, dict]:
    """The structure and measure with the largest |rho|, over structures holding >= minimum entries."""
    table = {name: correlations(points) for name, points in structures.items() if len(points) >= minimum}
    name, measure = max(((n, k) for n, c in table.items() for k in c), key=lambda nk: abs(table[nk[0]][nk[1]]))
    return f"{name}: {measure}", table[name][measure], table


def postgresql_structures(cursor, arrivals: dict[str, int]) -> dict[str, list]:
    """Heap (ctid, line pointer offset), xmin, and the leaf items of every index on the table."""
    found: dict[str, list] = defaultdict(list)
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    cursor.execute("SELECT id::text, ctid::text, xmin::text::bigint FROM workbench_opinion")
    by_ctid = {}
    for key, ctid, xmin in cursor.fetchall():
        arrival = arrivals[key.replace("-", "")]
        block, item = (int(v) for v in ctid.strip("()").split(","))
        by_ctid[(block, item)] = arrival
        found["heap ctid"].append((arrival, block, item))
        found["xmin"].append((arrival, 0, xmin))
    cursor.execute("SELECT pg_relation_size('workbench_opinion') / current_setting('block_size')::int")
    for block in range(cursor.fetchone()[0]):
        cursor.execute(
            "SELECT lp, lp_off FROM heap_page_items(get_raw_page('workbench_opinion', %s)) WHERE t_xmin IS NOT NULL",
            [block],
        )
        for lp, offset in cursor.fetchall():
            if (block, lp) in by_ctid:
                found["heap line pointer offset"].append((by_ctid[(block, lp)], block, offset))
    cursor.execute("SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'workbench_opinion'::regclass")
    for (index,) in cursor.fetchall():
        cursor.execute("SELECT pg_relation_size(%s) / current_setting('block_size')::int", [index])
        for block in range(1, cursor.fetchone()[0]):  # block 0 is the metapage
            cursor.execute("SELECT type FROM bt_page_stats(%s, %s)", [index, block])
            if cursor.fetchone()[0] != "l":
                continue
            # a posting list (deduplicated equal keys) holds several heap pointers in one item
            cursor.execute("SELECT itemoffset, htid::text, tids::text[] FROM bt_page_items(%s, %s)", [index, block])
            for offset, htid, tids in cursor.fetchall():
                for rank, ctid in enumerate(tids or [htid]):
                    heap = tuple(int(v) for v in (ctid or "(-1,-1)").strip("()").split(","))
                    if heap in by_ctid:
                        found[f"index {index}"].append((by_ctid[heap], block, offset * 10_000 + rank))
    return dict(found)
