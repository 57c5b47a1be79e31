"""Normalisation that loses nothing: spaces, one-line documents split at their inline heading
markers, a title fused with the first sentence split off, and lines a PDF copy broke mid-sentence
joined again. Input: the lines left after the removals (`cleaning.clean`); output: `Piece`s."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from duizhao.parse.chars import (
    CJK,
    CN_NUM,
    HAN,
    ITEM_START,
    LEVEL1_MARK,
    LEVEL2_MARK,
    LEVEL3_MARK,
    LEVEL4_MARK,
    NOT_DECIMAL,
    SENTENCE_END,
)

# A match ends where the split goes: after a sentence end or a space, before the marker.
_SPLIT_ANY = re.compile(
    rf"[{SENTENCE_END}:：\s]\s*(?=(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK})\s*\S)|\s+(?=一是)"
)
# A line that starts with a numbered item and runs the next items on after a sentence end:
# "（一）学习不深。（二）党性不强。" (level 2, 3 or 4, numbered on from the line's first marker).
# Each inline pattern starts with the marker itself (fast to scan for); the character before it
# must end a sentence.
_CONSECUTIVE = [
    (
        re.compile(rf"^\s*[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)]"),
        re.compile(rf"[。；;！？!?]\s*([（(]\s*([{CN_NUM}]{{1,3}})\s*[）)])"),
    ),
    (
        re.compile(rf"^\s*(\d{{1,2}})\s*[、．.]{NOT_DECIMAL}"),
        re.compile(rf"[。；;！？!?]\s*((\d{{1,2}})\s*[、．.]{NOT_DECIMAL})"),
    ),
    (re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]"), re.compile(r"[。；;！？!?]\s*([（(]\s*(\d{1,2})\s*[）)])")),
]
_CN_DIGIT = {ch: n for n, ch in enumerate(CN_NUM, 1)}
_SPLIT_LEVEL1 = re.compile(rf"[{SENTENCE_END}:：\s]\s*(?=(?:{LEVEL1_MARK})\s*[{HAN}“\"《])")
_COLON_THEN_SUBITEM = re.compile(rf"(?:[:：]\s*|\s+)(?=(?:{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK})\s*[{HAN}“\"《])")
_STARTS_LEVEL1 = re.compile(rf"^\s*{LEVEL1_MARK}")

_HEADING_END = re.compile(r"(?:方面|问题|情况|原因|根源|措施|方向|不足|差距|剖析|分析)$")
_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_IN_CJK = re.compile(
    rf" (?<={CJK} )(?={CJK}|[0-9A-Za-z*＊%（(])|(?<=[0-9A-Za-z*＊%）)]) (?={CJK})|(?<={CJK}) (?=[,.:;!?)\]])"
)
# Line breaks, and the HTML that stands for one in a copy of a page's source (<br>, </p>, </div>).
_DOC_TYPE_END = re.compile(
    r"(?:材料|报告|提纲|讲话|发言|发言稿|方案|总结|通知|制度|意见|意见表|清单|台账|记录)(?:[（(][^()（）]{1,10}[)）])?$"
)
_FUSED_TITLE = re.compile(
    rf"^(?!{LEVEL1_MARK}|{LEVEL2_MARK})([^，,。：:；;]{{4,40}}?(?:调研报告|对照检查材料|检视剖析材料|剖析材料|发言提纲|情况报告|工作总结|工作方案|实施方案))(?=[{HAN}])(?![的和与及中等])"
)
ONE_LINE_DOC_LINES = 5  # a text with this few lines is treated as "everything on one line"
LONG_LINE = 150
# Lines of about the same greatest length make a PDF copy's wrap width when at least this share of
# the lines have it (short paragraphs leave many shorter last lines).
WRAPPED_SHARE = 0.25
SHORT_TAIL = 8  # a line this short that ends a sentence, after one that does not, is its tail


@dataclass
class Piece:
    """One line of the cleaned text, before it is joined into `text`."""

    text: str
    physical: int  # index of the raw line it came from
    md_level: int = 0  # markdown heading level (#=1 …), 0 if none
    raw_length: int = 0  # length of its whole normalised raw line (for line-joining decisions)
    last_of_line: bool = True


# ---------------------------------------------------------------- normalisation


_SPACE_TABLE: dict[int, str | None] = {
    ord(ch): " " for ch in "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
}
_SPACE_TABLE.update({ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff"})


_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]")


def _plain_spaces(text: str) -> str:
    return text.translate(_SPACE_TABLE) if _ODD_SPACE.search(text) else text


def normalise_spaces(text: str) -> str:
    """One space where the text had several (a deliberate gap, e.g. between a post and a name);
    none where a single space stands between Chinese characters (a PDF reflow artefact)."""
    text = _plain_spaces(text)
    if " " not in text:
        return text
    text = text.strip()
    if "  " in text:
        parts = _MULTI_SPACE.split(text)
        return " ".join(_SPACE_IN_CJK.sub("", part) for part in parts)
    return _SPACE_IN_CJK.sub("", text)


class _Line(Protocol):
    text: str
    md_level: int


def pieces_of(lines: Sequence[_Line]) -> list[Piece]:
    """`lines`: the raw lines left after removals (`text`, `md_level`)."""
    live = [line for line in lines if line.text.strip()]
    one_line_doc = len(live) <= ONE_LINE_DOC_LINES
    pieces: list[Piece] = []
    for physical, line in enumerate(lines):
        if not line.text.strip():
            continue
        for part_index, part in enumerate(line.text.split("\n")):  # a forced split after a fused title
            spaced = _plain_spaces(part)
            parts = [normalise_spaces(p) for p in _split_inline(spaced, one_line_doc and len(spaced) >= LONG_LINE)]
            raw_length = sum(map(len, parts))
            new = [Piece(p, physical, line.md_level, raw_length, False) for p in parts if p]
            if new:
                new[-1].last_of_line = True
                if part_index > 0:
                    new[0].md_level = 0
                pieces.extend(new)
    if pieces and not any(p.md_level for p in pieces[1:2]):
        _split_fused_title(pieces)
    return pieces


def _split_inline(text: str, split_all: bool) -> list[str]:
    """Split a line at inline heading markers: every level in a one-line document, otherwise only
    “一、” after a sentence end or a space, and a sub-item right after the colon of such a heading."""
    regex = _SPLIT_ANY if split_all else _SPLIT_LEVEL1
    cuts = [m.end() for m in regex.finditer(text)]
    parts = []
    position = 0
    for cut in cuts:
        if text[position:cut].strip():
            parts.append(text[position:cut])
            position = cut
    parts.append(text[position:])
    if split_all:
        return parts
    result = []
    for part in parts:
        colon = _COLON_THEN_SUBITEM.search(part, 0, 60) if _STARTS_LEVEL1.match(part) else None
        if colon:
            result += [part[: colon.end()], *_split_consecutive(part[colon.end() :])]
        else:
            result += _split_consecutive(part)
    return result


def _split_consecutive(text: str) -> list[str]:
    if len(text) < 12 or text.lstrip()[:1] not in "（(0123456789":
        return [text]
    for first, inline in _CONSECUTIVE:
        start = first.match(text)
        if not start:
            continue
        expected = _number(start.group(1)) + 1
        cuts = []
        for match in inline.finditer(text, start.end()):
            if _number(match.group(2)) == expected:
                cuts.append(match.start(1))
                expected += 1
        if not cuts:
            return [text]
        bounds = [0, *cuts, len(text)]
        return [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    return [text]


def _number(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    digits = _CN_DIGIT
    if len(numeral) == 1:
        return digits.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + digits.get(ones, 0)


def _split_fused_title(pieces: list[Piece]) -> None:
    """A first line that runs the title into the first sentence ("……调研报告党支部组织生活是……")."""
    first = pieces[0]
    if len(first.text) < 60 or not re.search(f"[{SENTENCE_END}]", first.text):
        return
    match = _FUSED_TITLE.match(first.text)
    if match:
        head, tail = first.text[: match.end(1)], first.text[match.end(1) :]
        pieces[0:1] = [
            Piece(head, first.physical, first.md_level, first.raw_length, False),
            Piece(tail, first.physical, 0, first.raw_length, first.last_of_line),
        ]


def _wrap_width(pieces: list[Piece]) -> int:
    """The width a PDF copy wrapped its lines at, or 0 when the lines do not look wrapped."""
    lengths = [p.raw_length for p in pieces if p.last_of_line and p.raw_length >= 15]
    if len(lengths) < 3:
        return 0
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    best, best_count = 0, 0
    for n in counts:
        near = sum(counts.get(n + d, 0) for d in (-2, -1, 0, 1, 2))
        if near > best_count or (near == best_count and n > best):
            best, best_count = n, near
    longer = sum(1 for n in lengths if n > best + 2)
    wrapped = (
        best >= 20 and best_count >= WRAPPED_SHARE * len(lengths) and best_count >= 3 and longer <= 0.1 * len(lengths)
    )
    if wrapped:
        return best
    # Short paragraphs: few lines are full, but the full ones all have the greatest length.
    top = max(lengths)
    at_top = sum(1 for n in lengths if n >= top - 2)
    return top if top >= 20 and at_top >= 3 and at_top >= 0.1 * len(lengths) else 0


def join_broken_lines(pieces: list[Piece]) -> list[Piece]:
    """Join a line broken mid-sentence (by a PDF copy) with the next one."""
    if len(pieces) < 2:
        return pieces
    width = _wrap_width(pieces)
    result: list[Piece] = [pieces[0]]
    for index in range(1, len(pieces)):
        previous, current = result[-1], pieces[index]
        if previous.last_of_line and _is_broken(previous, current, width, index == 1, len(result) == 1):
            joined = _split_consecutive(previous.text + current.text)
            result[-1] = Piece(
                joined[0],
                current.physical,
                previous.md_level,
                current.raw_length,
                len(joined) == 1 and current.last_of_line,
            )
            for n, part in enumerate(joined[1:], 2):
                result.append(
                    Piece(part, current.physical, 0, current.raw_length, n == len(joined) and current.last_of_line)
                )
        else:
            result.append(current)
    return result


def _is_broken(previous: Piece, current: Piece, width: int, after_first: bool, previous_is_first: bool) -> bool:
    text = previous.text
    if not text or current.md_level or previous.md_level:
        return False
    if " | " in text or " | " in current.text:
        return False  # table rows (the reader joins cells with " | ") are lines of their own
    ending = text.rstrip("”’」』\"'）)】")  # 。” ends a sentence too
    if ending and (ending[-1] in SENTENCE_END or ending[-1] in "：:"):
        return False
    if ITEM_START.match(current.text):
        return False
    if _HEADING_END.search(text) and ITEM_START.match(text) and not re.search(f"[{SENTENCE_END}，,：:]", text):
        return False  # "（二）在……方面" filling the line exactly is a whole heading
    if previous_is_first and after_first:
        # A title split over two lines: joined only when the pair ends like a title.
        return (
            len(current.text) <= 15
            and not _DOC_TYPE_END.search(text)
            and bool(_DOC_TYPE_END.search(text + current.text))
        )
    if previous_is_first and len(text) < 60:
        return False
    if width and previous.raw_length >= max(15, width - 3):
        return True
    if (
        previous.raw_length >= 20
        and len(current.text) <= SHORT_TAIL
        and current.text[-1] in SENTENCE_END
        and text[-1] not in "：:"
    ):
        return True  # "……落实到具体项目上的办法" + "不多。": a sentence's tail carried over alone
    return previous.raw_length >= 50 and (text[-1] in "，,、" or re.match(f'[{HAN}A-Za-z0-9“”"]', text[-1]) is not None)
