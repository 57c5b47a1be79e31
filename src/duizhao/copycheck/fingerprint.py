"""Winnowing fingerprints (Schleimer, Wilkerson, Aiken 2003) of normalised text, in numpy.

Each k-gram of code points gets a 64-bit polynomial hash finished with murmur's fmix64; in
every window of `window` consecutive hashes the rightmost minimum is kept ("robust
winnowing"). Any shared run of at least k + window - 1 characters yields a shared
fingerprint; no run shorter than k does.
"""
from __future__ import annotations

import numpy as np

_BASE = np.uint64(0x100000001B3)
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)


def kgram_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    count = len(codes) - k + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    values = codes.astype(np.uint64)
    h = values[:count].copy()
    for j in range(1, k):
        h *= _BASE
        h += values[j : j + count]
    h ^= h >> _S33
    h *= _M1
    h ^= h >> _S33
    h *= _M2
    h ^= h >> _S33
    return h


def winnow(codes: np.ndarray, k: int, window: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes uint64, positions uint32) of the fingerprints, in text order.

    A position is kept when its hash is the minimum of some window that contains it. With
    64-bit hashes ties only come from a k-gram repeated inside one window; then every copy is
    kept (a superset of robust winnowing, so the guarantee holds).
    """
    hashes = kgram_hashes(codes, k)
    count = len(hashes)
    if count <= window:
        chosen = np.zeros(count, dtype=bool)
        if count:
            chosen[hashes == hashes.min()] = True
    else:
        starts = count - window + 1
        minima = hashes[:starts].copy()
        for t in range(1, window):
            np.minimum(minima, hashes[t : t + starts], out=minima)
        chosen = np.zeros(count, dtype=bool)
        for t in range(window):
            chosen[t : t + starts] |= minima == hashes[t : t + starts]
    positions = np.flatnonzero(chosen)
    return hashes[positions], positions.astype(np.uint32)
