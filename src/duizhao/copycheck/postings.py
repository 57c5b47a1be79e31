"""Sorting an index's postings by fingerprint, fast.

A segment's postings (fingerprint hash, document, position) must be ordered by hash, and
postings of the same hash by document and position: exactly what
`np.argsort(hashes, kind="stable")` gives when the postings are appended document by
document. That argsort carries an index through a merge sort and is the slowest step of
building an index. A plain value sort of uint64 is about ten times faster (numpy uses SIMD
sorting networks for it), so the index rides inside the value instead: each hash's low bits
are replaced by the posting's index, the words are sorted, and the index is read back.
Words with the same high bits come out in index order, which is the stable order, unless two
different hashes share the high bits; those few groups are put right afterwards.
"""

from __future__ import annotations

import numpy as np


def stable_hash_order(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(order, hashes[order]) with order == np.argsort(hashes, kind="stable").

    Any uint64 input gives the exact stable order; it is fast when the values are spread
    over the whole 64-bit range, as fingerprint hashes are."""
    hashes = np.ascontiguousarray(hashes, dtype=np.uint64)
    count = len(hashes)
    bits = max(1, (count - 1).bit_length())
    if count < 2 or bits > 40:
        order = np.argsort(hashes, kind="stable")
        return order, hashes[order]
    low = np.uint64((1 << bits) - 1)
    words = hashes & ~low
    words |= np.arange(count, dtype=np.uint64)
    words.sort()
    words &= low
    order = words.view(np.int64)  # the indices (below 2**40, so the same bits as int64)
    ordered = hashes[order]
    _repair_shared_prefixes(order, ordered, np.uint64(bits))
    return order, ordered


def _repair_shared_prefixes(order: np.ndarray, ordered: np.ndarray, bits: np.uint64) -> None:
    """Within a run of equal high bits the words are in index order; where that run holds
    different hashes, re-sort it by (hash, index). Only runs that are out of order need it:
    a run in index order that is also non-decreasing by hash is already the stable order."""
    descents = np.flatnonzero(ordered[1:] < ordered[:-1])
    if not len(descents):
        return
    low = (np.uint64(1) << bits) - np.uint64(1)
    broken = np.unique(ordered[descents] & ~low)
    # a run holds every value from its prefix up to prefix | low, and runs are in prefix order,
    # so its bounds are found by binary search on the values themselves
    starts = np.searchsorted(ordered, broken, side="left")
    ends = np.searchsorted(ordered, broken | low, side="right")
    lengths = ends - starts
    rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    group = np.repeat(np.arange(len(broken)), lengths)
    indices, values = order[rows], ordered[rows]
    within = np.lexsort((indices, values, group))
    order[rows] = indices[within]
    ordered[rows] = values[within]
