"""The packed-word sort of postings gives exactly numpy's stable argsort."""
import numpy as np
import pytest
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


@pytest.mark.parametrize("count", [0, 1, 7, 5000, 100_000])
def test_bucket_starts_piece_by_piece(count):
    """Each bucket starts at the first key whose top bits reach its number, pieces or not."""
    from duizhao.copycheck.segment_writer import bucket_starts

    rng = np.random.default_rng(count)
    keys = np.unique(rng.integers(0, 2**64 - 1, count, dtype=np.uint64, endpoint=True))
    starts = bucket_starts(keys, piece=999)
    bits = len(starts).bit_length() - 1
    assert len(starts) == (1 << bits) + 1
    counts = np.bincount((keys >> np.uint64(64 - bits)).astype(np.int64), minlength=1 << bits)
    assert np.array_equal(starts, np.concatenate(([0], np.cumsum(counts))))
    assert np.array_equal(bucket_starts(keys), starts)
