"""Winnowing fingerprints (Schleimer, Wilkerson, Aiken 2003) of normalised text, in numpy.

Each k-gram of code points gets a 64-bit polynomial hash finished with murmur's fmix64; in
every window of `window` consecutive hashes the rightmost minimum is kept ("robust
winnowing"). Any shared run of at least k + window - 1 characters yields a shared
fingerprint; no run shorter than k does.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

_BASE = 0x100000001B3
_M1 = np.uint64(0xFF51AFD7ED558CCD)
_M2 = np.uint64(0xC4CEB9FE1A85EC53)
_S33 = np.uint64(33)
Hashes = npt.NDArray[np.uint64]
_powers: list[npt.NDArray[np.uint64]] = []  # [BASE**i, BASE**-i] mod 2**64, grown on demand


def _power_tables(size: int) -> tuple[Hashes, Hashes]:
    if not _powers or len(_powers[0]) < size:
        size = max(size, 1 << 14, 2 * len(_powers[0]) if _powers else 0)
        inverse = pow(_BASE, -1, 1 << 64)  # the base is odd, so invertible modulo 2**64
        up, down = np.empty(size, np.uint64), np.empty(size, np.uint64)
        a = b = 1
        for i in range(size):
            up[i], down[i] = a, b
            a, b = a * _BASE % (1 << 64), b * inverse % (1 << 64)
        _powers[:] = [up, down]
    return _powers[0], _powers[1]


def kgram_hashes(codes: np.ndarray, k: int) -> Hashes:
    """sum(code[i + j] * BASE**(k - 1 - j)) mod 2**64 for every k-gram, then fmix64. Computed
    from one prefix sum: with S[m] = sum(code[j] * BASE**-j, j < m), the k-gram at i is
    (S[i + k] - S[i]) * BASE**(i + k - 1) (unsigned arithmetic wraps modulo 2**64)."""
    count = len(codes) - k + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    up, down = _power_tables(len(codes))
    prefix = np.empty(len(codes) + 1, dtype=np.uint64)
    prefix[0] = 0
    np.multiply(codes, down[: len(codes)], out=prefix[1:], dtype=np.uint64)
    np.cumsum(prefix[1:], out=prefix[1:])
    h = np.subtract(prefix[k:], prefix[:count], out=prefix[:count])  # in place: prefix[i] is read first
    h *= up[k - 1 : k - 1 + count]
    shifted = np.empty(count, dtype=np.uint64)
    for multiplier in (_M1, _M2, None):  # fmix64
        np.right_shift(h, _S33, out=shifted)
        h ^= shifted
        if multiplier is not None:
            h *= multiplier
    return h


def _sliding(values: Hashes, width: int, reduce: Callable[[Hashes, Hashes], Hashes]) -> Hashes:
    """reduce(values[i : i + width]) for every i, by doubling (about log2(width) passes)."""
    out, span = values, 1
    while span * 2 <= width:
        out = reduce(out[:-span], out[span:])
        span *= 2
    if span < width:
        out = reduce(out[: len(values) - width + 1], out[width - span : len(values) - span + 1])
    return out


def winnow(codes: np.ndarray, k: int, window: int) -> tuple[Hashes, npt.NDArray[np.uint32]]:
    """(hashes uint64, positions uint32) of the fingerprints, in text order.

    A position is kept when its hash is the minimum of some window that contains it. With
    64-bit hashes ties only come from a k-gram repeated inside one window; then every copy is
    kept (a superset of robust winnowing, so the guarantee holds). Every window minimum is at
    most the hash of each position in it, so a position is kept exactly when the largest of the
    minima of the windows containing it equals its hash.
    """
    hashes = kgram_hashes(codes, k)
    count = len(hashes)
    if count <= window:
        chosen = hashes == hashes.min() if count else np.zeros(0, dtype=bool)
    else:
        minima = _sliding(hashes, window, np.minimum)
        padded = np.zeros(count + window - 1, dtype=np.uint64)  # 0: no window there
        padded[window - 1 : window - 1 + len(minima)] = minima
        chosen = _sliding(padded, window, np.maximum) == hashes
    positions = np.flatnonzero(chosen)
    return hashes[positions], positions.astype(np.uint32)
