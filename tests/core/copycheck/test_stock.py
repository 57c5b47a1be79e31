"""Document counts of passages (copycheck.stock): the numbers that decide stock phrase or copy."""

from dataclasses import dataclass

import numpy as np

from duizhao.copycheck.settings import load_settings
from duizhao.copycheck.stock import passage_documents, window_minima

K, W = 8, 6


@dataclass
class Run:
    qa: int
    qb: int


def test_a_low_quantile_of_the_interior_fingerprints_counts():
    minima = np.arange(100)  # window j's smallest hash at position j
    counts = np.zeros(100, dtype=np.int64)
    counts[0:8] = [9, 1, 7, 5, 3, 8, 2, 6]  # a run [0, 20) has windows 0..7 inside it
    counts[8:20] = 100  # chosen only by windows reaching past the run: left out
    assert load_settings().stock_docs_quantile == 0.3
    # 8 counts sorted 1 2 3 5 6 7 8 9: the lower 0.3 quantile is the third (index int(0.3 * 7) = 2)
    assert passage_documents([[Run(0, 20)]], minima, counts, K, W, 0.3) == [3]
    assert passage_documents([[Run(0, 20)]], minima, counts, K, W, 0.0) == [1]
    assert passage_documents([[Run(0, 20)]], minima, counts, K, W, 1.0) == [9]
    assert passage_documents([[Run(0, 20)]], minima, counts, K, W, 0.5) == [5]  # index int(3.5) = 3


def test_a_fingerprint_chosen_by_several_windows_counts_once_and_unchosen_places_not_at_all():
    minima = np.array([0, 0, 0, 0, 4, 4, 6, 7] + list(range(8, 40)))
    counts = np.zeros(40, dtype=np.int64)
    counts[[0, 4, 6, 7]] = [1, 10, 10, 10]
    # windows 0..8 inside [0, 21): fingerprints 0, 4, 6, 7 (8 was not chosen anywhere): 1 10 10 10,
    # the median (index int(1.5) = 1) is 10; counted once per window it would be 1 1 1 1 10 10 10 10 -> 1
    assert passage_documents([[Run(0, 21)]], minima, counts, K, W, 0.5) == [10]
    counts[[6, 7]] = 0  # not chosen in any archive document: 1 10 -> index 0
    assert passage_documents([[Run(0, 21)]], minima, counts, K, W, 0.5) == [1]


def test_several_passages_and_runs_at_once_and_runs_shorter_than_a_window():
    minima = np.arange(200)
    counts = np.arange(200, dtype=np.int64)
    passages = [[Run(10, 24), Run(30, 44)], [Run(100, 110)], [Run(150, 170)]]
    # 1st: windows 10, 11 and 30, 31 -> counts 10 11 30 31 -> index int(0.9) = 0 -> 10
    # 2nd: shorter than k + w - 1: every fingerprint inside, positions 100..102 -> 100
    # 3rd: windows 150..157 -> index int(2.1) = 2 -> 152
    assert passage_documents(passages, minima, counts, K, W, 0.3) == [10, 100, 152]
    assert passage_documents([[Run(0, 20)]], minima, np.zeros(200, dtype=np.int64), K, W, 0.3) == [1]
    assert passage_documents([], minima, counts, K, W, 0.3) == []


def test_window_minima_are_the_positions_winnowing_chooses():
    from duizhao.copycheck.fingerprint import winnow
    from duizhao.copycheck.normalize import normalize

    codes = normalize("对照检查材料要把问题摆出来把原因找到把措施落实好" * 3).codes
    minima = window_minima(codes, K, W)
    assert len(minima) == len(codes) - K - W + 2
    assert (np.diff(minima) >= 0).all()
    assert set(minima.tolist()) == set(winnow(codes, K, W)[1].tolist())
    assert len(window_minima(codes[:12], K, W)) == 0
