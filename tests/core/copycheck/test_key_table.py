"""The stored key table: 32-bit keys below a bucket number find exactly the cut hashes."""

import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duizhao.copycheck.key_table import MIN_BUCKET_BITS, KeyTable, bucket_bits, bucket_starts, remainders, truncate


def _table(hashes: np.ndarray, bits: int, precision: int) -> tuple[KeyTable, np.ndarray]:
    keys = np.unique(truncate(hashes, precision))
    return KeyTable(bucket_starts(keys, bits), remainders(keys, bits), precision), keys


@pytest.mark.parametrize("count", [0, 1, 7, 5000, 100_000])
def test_bucket_starts_piece_by_piece(count):
    """Each bucket starts at the first key whose top bits reach its number, pieces or not."""
    rng = np.random.default_rng(count)
    keys = np.unique(rng.integers(0, 2**64 - 1, count, dtype=np.uint64, endpoint=True))
    bits = bucket_bits(count)
    starts = bucket_starts(keys, bits, piece=999)
    assert len(starts) == (1 << bits) + 1
    counts = np.bincount((keys >> np.uint64(64 - bits)).astype(np.int64), minlength=1 << bits)
    assert np.array_equal(starts, np.concatenate(([0], np.cumsum(counts))))
    assert np.array_equal(bucket_starts(keys, bits), starts)


def test_bucket_bits_grow_with_the_postings_from_a_floor():
    assert bucket_bits(0) == bucket_bits(1000) == MIN_BUCKET_BITS
    assert bucket_bits(120_000_000) == 22  # a segment of 100,000 documents: about 29 postings per bucket
    assert bucket_bits(2**70) == 32  # never fewer than 32 bits left for the stored key


def test_find_answers_like_an_exact_search_of_the_cut_hashes():
    rng = np.random.default_rng(5)
    stored = rng.integers(0, 2**64 - 1, 200_000, dtype=np.uint64, endpoint=True)
    table, keys = _table(stored, bits=bucket_bits(len(stored)), precision=bucket_bits(len(stored)) + 32)
    queries = np.concatenate((stored[:3000], rng.integers(0, 2**64 - 1, 3000, dtype=np.uint64, endpoint=True)))
    cut = truncate(queries, table.precision)
    expected = np.searchsorted(keys, cut)
    expected = np.where((expected < len(keys)) & (keys[np.minimum(expected, len(keys) - 1)] == cut), expected, -1)
    found = table.find(queries)
    assert np.array_equal(found, expected)
    assert (found[:3000] >= 0).all()  # every stored hash is found, whatever its dropped bits
    assert np.array_equal(table.keys(0, len(keys)), keys)


def test_a_table_with_fewer_kept_bits_than_its_buckets_allow():
    """A merged segment keeps the lowest precision of its inputs: its stored keys end in zeros
    and a query hash is cut the same way before it is looked up."""
    rng = np.random.default_rng(6)
    hashes = rng.integers(0, 2**64 - 1, 20_000, dtype=np.uint64, endpoint=True)
    table, keys = _table(hashes, bits=16, precision=44)
    assert (table.find(hashes) >= 0).all()
    assert (table.find(hashes ^ np.uint64(1 << 20)) == -1).all()  # a bit inside the precision differs
    assert np.array_equal(table.find(hashes ^ np.uint64(1 << 19)), table.find(hashes))  # a dropped bit
    assert np.array_equal(table.keys(123, 4567), keys[123:4567])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 2**64 - 1), max_size=200),
    st.integers(0, 2**64 - 1),
    st.integers(MIN_BUCKET_BITS, 20),
    st.integers(0, 12),
)
def test_first_at_least_and_keys_match_a_sorted_array(values, probe, bits, fewer):
    precision = bits + 32 - fewer
    table, keys = _table(np.array(values, dtype=np.uint64), bits, precision)
    assert table.first_at_least(probe) == int(np.searchsorted(keys, np.uint64(probe), side="left"))
    first, last = sorted((len(values) // 3, len(values) // 2))
    last = min(last, len(keys))
    assert np.array_equal(table.keys(min(first, last), last), keys[min(first, last) : last])


def _rss_file_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        status = handle.read()
    return int(status.split("RssFile:")[1].split()[0])


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_preload_maps_the_lookup_tables_into_the_process(tmp_path):
    from test_check import random_text

    from duizhao.copycheck import Corpus, check_copies

    Corpus(tmp_path / "corpus").add_many({"item": random_text(i, 200), "name": f"d{i}.txt"} for i in range(150))
    corpus = Corpus(tmp_path / "corpus")
    tables = sum(s.keys.nbytes + s.buckets.nbytes for s in corpus.segments)
    assert tables > 1 << 19
    before = _rss_file_kb()
    corpus.preload()
    assert _rss_file_kb() - before >= 0.9 * tables / 1024
    assert check_copies(corpus.text("d3.txt"), corpus).max_single_source == "d3.txt"
