"""The packed-word sort of postings gives exactly numpy's stable argsort."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from duizhao.copycheck.postings import stable_hash_order


def _check(hashes: np.ndarray) -> None:
    order, ordered = stable_hash_order(hashes)
    expected = np.argsort(hashes, kind="stable")
    assert np.array_equal(order, expected)
    assert np.array_equal(ordered, hashes[expected])


def test_random_hashes_with_repeats():
    rng = np.random.default_rng(3)
    distinct = rng.integers(0, 2**64 - 1, 50_000, dtype=np.uint64, endpoint=True)
    _check(distinct[rng.integers(0, len(distinct), 200_000)])


def test_hashes_sharing_their_high_bits_are_put_in_order():
    """Different hashes with equal high bits: the index in the low bits would order them wrongly."""
    rng = np.random.default_rng(4)
    high = rng.integers(0, 2**64 - 1, 40, dtype=np.uint64) & ~np.uint64(0xFFFFF)
    hashes = high[rng.integers(0, 40, 5_000)] | rng.integers(0, 16, 5_000, dtype=np.uint64)
    _check(hashes)


def test_edge_values_and_sizes():
    _check(np.zeros(0, dtype=np.uint64))
    _check(np.array([7], dtype=np.uint64))
    _check(np.array([2**64 - 1, 0, 2**64 - 1, 1, 0], dtype=np.uint64))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), max_size=300), st.integers(0, 63))
def test_any_values(values, shift):
    """Values crowded into few high bits (large shift) are the worst case for the packed sort."""
    _check(np.array([v >> shift for v in values], dtype=np.uint64))
