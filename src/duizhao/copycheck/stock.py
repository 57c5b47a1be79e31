"""How many archive documents hold a passage: what tells a shared stock phrase (套话) from a copy
(issue 10 §3, `Settings.stock_length`).

A passage's document count is a low quantile (`stock_docs_quantile`) of the document counts of
its interior fingerprints: those chosen by a winnowing window lying inside one of its exact runs.
Every document holding that run chose them too, so their counts are at least the number of
documents holding the passage; a fingerprint chosen only by a window reaching past the run depends
on the surroundings and is left out. A copied passage has rare words even when it carries stock
phrases, so a low quantile finds them; a stock phrase has none."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from duizhao.copycheck.fingerprint import kgram_hashes


class Run(Protocol):
    qa: int
    qb: int


def window_minima(codes: np.ndarray, k: int, window: int) -> np.ndarray:
    """For each winnowing window of a text, the position of its smallest k-gram hash
    (non-decreasing: a window's minimum stays the minimum until it leaves the window)."""
    hashes = kgram_hashes(codes, k)
    if len(hashes) < window:
        return np.zeros(0, dtype=np.int64)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, window)
    within: npt.NDArray[np.intp] = windows.argmin(axis=1)
    return within + np.arange(len(windows))


def passage_documents(
    passages: Sequence[Sequence[Run]], minima: np.ndarray, counts_at: np.ndarray, k: int, window: int, quantile: float
) -> list[int]:
    """Document count of each passage (given as its exact runs), all passages of one source in
    one vectorised pass. `counts_at[p]`: archive documents holding the fingerprint at position p
    of the checked text (0 where none was chosen)."""
    slices, owners = [], []
    for index, runs in enumerate(passages):
        for run in runs:
            piece = minima[run.qa : max(run.qa, run.qb - k - window + 2)]
            if len(piece) == 0:  # a run shorter than one window (min_run below k + window - 1)
                piece = np.arange(run.qa, max(run.qa, run.qb - k + 1))
            slices.append(piece)
            owners.append(np.full(len(piece), index))
    if not slices:
        return [1] * len(passages)
    positions, owner = np.concatenate(slices), np.concatenate(owners)
    first = np.concatenate(([True], (positions[1:] != positions[:-1]) | (owner[1:] != owner[:-1])))
    counts = counts_at[positions]
    keep = first & (counts > 0)  # each fingerprint once; none chosen there: no evidence
    counts, owner = counts[keep], owner[keep]
    order = np.lexsort((counts, owner))
    counts, owner = counts[order], owner[order]
    sizes = np.bincount(owner, minlength=len(passages))
    starts = np.cumsum(sizes) - sizes
    at = starts + (quantile * np.maximum(sizes - 1, 0)).astype(np.int64)  # numpy's quantile, method "lower"
    found = counts[np.minimum(at, max(len(counts) - 1, 0))] if len(counts) else np.ones(len(passages), np.int64)
    documents: list[int] = np.where(sizes > 0, found, 1).astype(int).tolist()
    return documents
