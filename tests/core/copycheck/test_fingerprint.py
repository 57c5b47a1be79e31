"""The vectorised fingerprinting and verification against their plain definitions."""

import numpy as np

from duizhao.copycheck.check import exact_runs_many
from duizhao.copycheck.fingerprint import kgram_hashes, winnow
from duizhao.copycheck.normalize import normalize

MASK = (1 << 64) - 1


def _fmix64(h: int) -> int:
    h ^= h >> 33
    h = h * 0xFF51AFD7ED558CCD & MASK
    h ^= h >> 33
    h = h * 0xC4CEB9FE1A85EC53 & MASK
    return h ^ (h >> 33)


def _plain_hashes(codes: list[int], k: int) -> list[int]:
    out = []
    for i in range(len(codes) - k + 1):
        h = 0
        for c in codes[i : i + k]:
            h = (h * 0x100000001B3 + c) & MASK
        out.append(_fmix64(h))
    return out


def _plain_winnow(hashes: list[int], window: int) -> list[int]:
    if len(hashes) <= window:
        return [i for i, h in enumerate(hashes) if h == min(hashes)] if hashes else []
    kept = set()
    for start in range(len(hashes) - window + 1):
        low = min(hashes[start : start + window])
        kept.update(i for i in range(start, start + window) if hashes[i] == low)
    return sorted(kept)


def test_prefix_sum_hashes_equal_the_polynomial_definition():
    rng = np.random.default_rng(3)
    for length in (0, 1, 7, 8, 9, 50, 20000):  # 20000: beyond the first table of powers
        codes = rng.integers(0x4E00, 0xA000, length).astype(np.uint32)
        expected = _plain_hashes(codes.tolist()[:300], 8) if length <= 300 else None
        got = kgram_hashes(codes, 8)
        assert len(got) == max(0, length - 7)
        if expected is not None:
            assert got.tolist() == expected
        else:  # spot-check the far end, where the largest powers are used
            tail = codes[-40:].tolist()
            assert got[-33:].tolist() == _plain_hashes(tail, 8)


def test_winnowing_keeps_every_window_minimum_and_nothing_else():
    rng = np.random.default_rng(5)
    for length in range(60):
        codes = rng.integers(0, 4, length).astype(np.uint32)  # small alphabet: many repeated k-grams
        for k, window in ((2, 3), (3, 6), (8, 6), (1, 1)):
            hashes, positions = winnow(codes, k, window)
            plain = _plain_hashes(codes.tolist(), k)
            assert positions.tolist() == _plain_winnow(plain, window), (length, k, window)
            assert hashes.tolist() == [plain[i] for i in positions.tolist()]


def test_normalize_outside_the_basic_plane_keeps_offsets_right():
    text = "𠀀甲乙，丙XX丁𠀁戊"
    n = normalize(text)
    assert n.string == "𠀀甲乙丙\ue000丁𠀁戊"
    assert [text[i] for i in n.offsets] == ["𠀀", "甲", "乙", "丙", "X", "丁", "𠀁", "戊"]


def test_verifying_several_sources_at_once_equals_one_at_a_time():
    rng = np.random.default_rng(11)
    query = rng.integers(0x4E00, 0x4E40, 400).astype(np.uint32)
    sources, seeds = [], []
    for s in range(4):
        source = rng.integers(0x4E00, 0x4E40, 300 + 50 * s).astype(np.uint32)
        for at in rng.integers(0, 250, 3):  # copy stretches of the query into the source
            q_at = int(rng.integers(0, 370))
            length = int(rng.integers(10, 30))
            length = min(length, len(query) - q_at, len(source) - int(at))
            source[at : at + length] = query[q_at : q_at + length]
        sources.append(source)
        q_hashes, q_pos = winnow(query, 8, 6)
        s_hashes, s_pos = winnow(source, 8, 6)
        _, qi, si = np.intersect1d(q_hashes, s_hashes, return_indices=True)
        seeds.append((q_pos[qi].astype(np.int64), s_pos[si].astype(np.int64)))
    source_of = np.concatenate([np.full(len(q), i) for i, (q, _) in enumerate(seeds)])
    together = exact_runs_many(
        query, sources, source_of, np.concatenate([q for q, _ in seeds]), np.concatenate([s for _, s in seeds]), 8, 13
    )
    assert any(together)
    for source, (qpos, spos), runs in zip(sources, seeds, together):
        alone = exact_runs_many(query, [source], np.zeros(len(qpos), dtype=np.int64), qpos, spos, 8, 13)[0]
        key = lambda r: (r.qa, r.qb, r.sa, r.sb)  # noqa: E731
        assert sorted(map(key, runs)) == sorted(map(key, alone))
        for run in runs:
            assert np.array_equal(query[run.qa : run.qb], source[run.sa : run.sb])
            assert run.qb - run.qa >= 13
