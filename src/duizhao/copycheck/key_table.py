"""A segment's table of distinct fingerprints, stored in half the bytes of the hashes.

The top `bits` of a 64-bit fingerprint name its bucket; `buckets[b]` is where bucket b starts
among the segment's sorted distinct keys. A key is then stored as the 32 bits below its bucket
number (uint32), so a key costs 4 bytes instead of 8 and a lookup reads one bucket of about
`BUCKET` keys: two or three cache lines in one page. Bits below those 32 are dropped: a
segment's keys are its hashes cut to `precision` = bits + 32 top bits (at least 44). Two
different fingerprints that agree on that many bits become one key; every hit is verified on
the texts afterwards, so such a rare false hit costs a comparison and never a wrong report.

A merged segment keeps the lowest precision of its inputs (their dropped bits cannot be
recovered), and a query hash is cut to a segment's precision before it is looked up there.
"""

from __future__ import annotations

import numpy as np

BUCKET = 32  # mean postings per bucket when the table is sized
MIN_BUCKET_BITS = 12  # so that precision is at least 44 bits even for a tiny segment
REMAINDER_BITS = 32


def bucket_bits(postings: int) -> int:
    """Bucket-number bits for a segment of `postings` postings."""
    bits = int(np.ceil(np.log2(max(postings, 2) / BUCKET)))
    return min(64 - REMAINDER_BITS, max(MIN_BUCKET_BITS, bits))


def truncate(hashes: np.ndarray, precision: int) -> np.ndarray:
    """`hashes` with all but their top `precision` bits cleared."""
    mask = np.uint64(((1 << precision) - 1) << (64 - precision))
    return np.asarray(hashes, dtype=np.uint64) & mask


def remainders(keys: np.ndarray, bits: int) -> np.ndarray:
    """The 32 bits of each key below its bucket number."""
    shift = np.uint64(64 - bits - REMAINDER_BITS)
    return ((np.asarray(keys, dtype=np.uint64) >> shift) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def bucket_starts(keys: np.ndarray, bits: int, piece: int = 1 << 24) -> np.ndarray:
    """Start of every bucket in sorted distinct `keys` (2**bits + 1 entries): the first key
    whose top bits are at least the bucket's number. Computed piece by piece, as `keys` may be
    a mapped file of many GB."""
    starts = np.empty((1 << bits) + 1, dtype=np.uint32 if len(keys) < 1 << 32 else np.int64)
    shift = np.uint64(64 - bits)
    filled = 0  # buckets below this have their start
    for at in range(0, len(keys), piece):
        top = (np.asarray(keys[at : at + piece]) >> shift).astype(np.int64)
        last = int(top[-1])
        if last >= filled:
            starts[filled : last + 1] = at + np.searchsorted(top, np.arange(filled, last + 1), side="left")
            filled = last + 1
    starts[filled:] = len(keys)
    return starts


class KeyTable:
    """Lookups in a stored table: `buckets` (2**bits + 1 starts) and `stored` (uint32 remainders)."""

    def __init__(self, buckets: np.ndarray, stored: np.ndarray, precision: int):
        self.buckets, self.stored, self.precision = buckets, stored, precision
        self.bits = (len(buckets) - 1).bit_length() - 1
        self.shift = np.uint64(64 - self.bits)
        self.mask = np.uint64(((1 << precision) - 1) << (64 - precision))

    def __len__(self) -> int:
        return len(self.stored)

    def find(self, hashes: np.ndarray) -> np.ndarray:
        """Index of each hash's key (cut to this table's precision), -1 where absent. A binary
        search inside each hash's bucket, all hashes at once."""
        found = np.full(len(hashes), -1, dtype=np.int64)
        if len(self.stored) == 0 or len(hashes) == 0:
            return found
        cut = np.asarray(hashes, dtype=np.uint64) & self.mask
        bucket = (cut >> self.shift).astype(np.int64)
        wanted = remainders(cut, self.bits)
        at = self.buckets[bucket].astype(np.int64)
        end = self.buckets[bucket + 1].astype(np.int64)
        searching = np.flatnonzero(at < end)
        while len(searching):
            lo, hi = at[searching], end[searching]
            mid = (lo + hi) >> 1
            less = self.stored[mid] < wanted[searching]
            at[searching] = np.where(less, mid + 1, lo)
            end[searching] = np.where(less, hi, mid)
            searching = searching[at[searching] < end[searching]]
        inside = np.flatnonzero(at < self.buckets[bucket + 1])
        hit = inside[self.stored[at[inside]] == wanted[inside]]
        found[hit] = at[hit]
        return found

    def first_at_least(self, key: int) -> int:
        """Index of the first stored key >= `key` (a full 64-bit value)."""
        cut = int(key) & int(self.mask)
        bucket = cut >> (64 - self.bits)
        lo, hi = int(self.buckets[bucket]), int(self.buckets[bucket + 1])
        wanted = (cut >> (64 - self.bits - REMAINDER_BITS)) & 0xFFFFFFFF
        # a key with bits below the precision set sorts after the cut key that equals it
        after = cut != int(key)
        return lo + int(np.searchsorted(self.stored[lo:hi], wanted, side="right" if after else "left"))

    def keys(self, first: int, last: int) -> np.ndarray:
        """The full (cut) 64-bit keys at indices [first, last)."""
        if last <= first:
            return np.empty(0, dtype=np.uint64)
        lo_bucket = int(np.searchsorted(self.buckets, first, side="right")) - 1
        hi_bucket = int(np.searchsorted(self.buckets, last, side="left"))
        edges = np.clip(np.asarray(self.buckets[lo_bucket : hi_bucket + 1]).astype(np.int64), first, last)
        numbers = np.repeat(np.arange(lo_bucket, hi_bucket, dtype=np.uint64), np.diff(edges))
        low = np.asarray(self.stored[first:last]).astype(np.uint64) << np.uint64(64 - self.bits - REMAINDER_BITS)
        return (numbers << self.shift) | low
