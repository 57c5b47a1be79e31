"""Normalisation for copy checking, with a map back to the original offsets.

Copied text is usually edited lightly: punctuation and full/half width changed, spaces and
line breaks moved, placeholders (`*`, `XX`, `××`) filled with names. All of that must be
invisible to matching, so the normalised text keeps only CJK ideographs, ASCII letters
(lower-cased) and digits, after NFKC per character, and turns every placeholder run into one
symbol. `offsets[i]` is the index in the original text of normalised character i.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

PLACEHOLDER = 0xE000  # private-use code point standing for any placeholder run
_STAR = 0xE001  # `*`-like characters: one alone is a placeholder
_PAIR = 0xE002  # X / _ : a placeholder only in runs of two or more
_STAR_CHARS = "*＊×✕╳"
_PAIR_CHARS = "XxＸｘ_＿"
_WORD_RE = re.compile(r"(?:某某)+|【待[补填][^】]{0,10}】")


class Normalized:
    """`codes`: uint32 code points of the normalised text; `offsets`: int64 index in the
    original text of each normalised character (computed on first use: fingerprinting a
    document for the index never needs it); `length`: length of the original text."""

    __slots__ = ("_folded", "_offsets", "codes", "length")

    def __init__(
        self, codes: np.ndarray, offsets: np.ndarray | None = None, length: int = 0, folded: np.ndarray | None = None
    ):
        self.codes = codes
        self.length = length
        self._offsets = offsets
        self._folded = folded  # per original character: its normalised code, 0 when dropped

    @property
    def offsets(self) -> np.ndarray:
        if self._offsets is None:
            assert self._folded is not None, "built by normalize(): offsets or folded codes, one of them"
            self._offsets = np.flatnonzero(self._folded)
            self._folded = None
        return self._offsets

    @property
    def string(self) -> str:
        return self.codes.astype("<u4").tobytes().decode("utf-32-le")

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Normalised [start, end) to the original [start, end)."""
        offsets = self.offsets
        if end <= start:
            at = int(offsets[start]) if start < len(offsets) else self.length
            return at, at
        return int(offsets[start]), int(offsets[end - 1]) + 1


def _is_kept(code: int) -> bool:
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x30 <= code <= 0x39 or 0x61 <= code <= 0x7A


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """For every BMP code point: the kept code point it normalises to (NFKC, lower case), 0 when
    dropped, or a placeholder marker. Built once (about 0.1 s)."""
    table = np.zeros(0x10000, dtype=np.uint32)
    table[0x4E00:0xA000] = np.arange(0x4E00, 0xA000)
    table[0x3400:0x4DC0] = np.arange(0x3400, 0x4DC0)
    for code in range(0x10000):
        if table[code] or 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", chr(code)).lower()
        if len(folded) == 1 and _is_kept(ord(folded)):
            table[code] = ord(folded)
    for char in _STAR_CHARS:
        table[ord(char)] = _STAR
    for char in _PAIR_CHARS:
        table[ord(char)] = _PAIR
    return table


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    edges = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _mark_placeholders(text: str, codes: np.ndarray) -> None:
    """Each placeholder run becomes one PLACEHOLDER followed by dropped (zero) code points."""
    for marker, shortest in ((_STAR, 1), (_PAIR, 2)):
        mask = codes == marker
        if not mask.any():
            continue
        starts, ends = _runs(mask)
        for start, end in zip(starts, ends):
            if end - start >= shortest:
                codes[start] = PLACEHOLDER
            codes[start + 1 : end] = 0
        codes[codes == marker] = 0 if marker == _STAR else ord("x")
    if "某某" in text or "【待" in text:
        for match in _WORD_RE.finditer(text):
            codes[match.start()] = PLACEHOLDER
            codes[match.start() + 1 : match.end()] = 0


def normalize(text: str) -> Normalized:
    encoded = text.encode("utf-16-le")
    if len(encoded) == 2 * len(text):  # no character beyond the BMP: one table look-up each
        codes = _fold_table().take(np.frombuffer(encoded, dtype="<u2"))
        if codes.max(initial=0) >= _STAR or "某某" in text or "【待" in text:
            _mark_placeholders(text, codes)
    else:
        raw = np.frombuffer(text.encode("utf-32-le"), dtype="<u4")
        codes = _fold_table()[np.minimum(raw, 0xFFFF)]
        astral = raw > 0xFFFF  # CJK extensions B..F are kept as they are, other astral characters dropped
        codes[astral] = np.where((raw[astral] >= 0x20000) & (raw[astral] <= 0x2FFFF), raw[astral], 0)
        _mark_placeholders(text, codes)
    return Normalized(codes=codes[codes != 0], length=len(text), folded=codes)


def normalize_phrase(text: str) -> str:
    return normalize(text).string
