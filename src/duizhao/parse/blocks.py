"""Classify each line of the cleaned text as a block: title, subtitle, heading (levels 1–4) or
paragraph. A numbered heading that runs into its paragraph ("（二）政治素质方面。作为……") stays
one block; `run_in` is the length of its heading part."""

from __future__ import annotations

import re
from collections.abc import Callable

from duizhao.model import Block
from duizhao.parse.chars import NOT_DECIMAL
from duizhao.parse.cleaning import CN_NUM, HAN, SENTENCE_END, Piece

HEADING_PATTERNS = [
    (1, re.compile(rf"^[{CN_NUM}]{{1,3}}\s*[、．.]\s*")),
    (2, re.compile(rf"^[（(〔【]\s*[{CN_NUM}]{{1,3}}\s*[）)〕】]\s*[、.．]?\s*")),
    (3, re.compile(rf"^\d{{1,2}}\s*[、．.]{NOT_DECIMAL}\s*")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]\s*[、.．]?\s*|^\d{1,2}[）)]\s*|^[\u2474-\u2487]\s*")),
]
MAX_HEADING = 60  # a heading line, or the heading part of a run-in heading, is at most this long
MAX_TITLE = 80
MAX_SECOND_TITLE_LINE = 40  # "2023年主题教育专题民主生活会对照检查材料" under the unit line
_RUN_IN_END = re.compile(rf"[{SENTENCE_END}：:]")
_DATE_LINE = re.compile(
    r"^(?:[一二三四五六七八九〇零○OoＯ0-9]{4}|\d{2})\s*年\s*[0-9一二三四五六七八九十]{1,2}\s*月(?:\s*[0-9一二三四五六七八九十]{1,3}\s*日)?$"
)
# An unnumbered line that names a part of the material ("存在的主要问题", "今后的努力方向").
_SECTION_WORDS = re.compile(
    r"存在的?(?:主要|突出)?问题|问题清单|原因(?:分析|剖析)?|根源|整改措施|改进措施|努力方向|整改方向|整改落实情况|典型案例|案例剖析"
)
MAX_UNNUMBERED_HEADING = 40
_ASPECT_CUE = re.compile(r"方面|^带头|^在")
_DOC_TYPE = re.compile(
    r"(?:材料|报告|提纲|讲话|发言|发言稿|方案|总结|通知|制度|意见|清单|台账|记录)(?:[（(][^()（）]{1,10}[)）])?$"
)


# "篇一：" / "第一篇：" / "范文二、" before the title of one piece on a compilation page
COMPILATION_MARKER = re.compile(
    rf"^(?:篇[{CN_NUM}]{{1,2}}|第[{CN_NUM}]{{1,2}}篇|范文[{CN_NUM}]{{1,2}})\s*[：:、.．]?\s*"
)


_MARKER_FIRST = frozenset(CN_NUM + "（(〔【0123456789０１２３４５６７８９" + "".join(map(chr, range(0x2474, 0x2488))))


def heading_marker(text: str) -> tuple[int, int]:
    """(level, marker length) of a numbered heading marker at the start of `text`, or (0, 0)."""
    if not text or text[0] not in _MARKER_FIRST:
        return 0, 0
    for level, pattern in HEADING_PATTERNS:
        match = pattern.match(text)
        if match and match.end() < len(text):
            return level, match.end()
    return 0, 0


def classify(pieces: list[Piece], names_aspect: Callable[[str], bool] | None = None) -> list[Block]:
    """`names_aspect(text) -> bool` tells whether a line names an aspect of some framework; such
    a short unnumbered line is an aspect heading (Word's automatic numbering leaves no marker)."""
    blocks: list[Block] = []
    offset = 0
    for index, piece in enumerate(pieces):
        block = _classify_line(piece, offset)
        if block.kind == "paragraph" and index > 0:
            level = _unnumbered_heading_level(piece.text, names_aspect)
            if level:
                block = Block("heading", level, block.text, block.start, block.end)
        blocks.append(block)
        offset += len(piece.text) + 1
    _mark_title(blocks, pieces)
    _raise_parts(blocks)
    return blocks


_PART = re.compile(rf"^第[{CN_NUM}]{{1,3}}部分(?:\s*[、：:.．]\s*|\s+|(?=[{HAN}]))")


def _raise_parts(blocks: list[Block]) -> None:
    """ "第一部分 存在的问题" stands above 一、: those headings become level 1, the others one lower."""
    parts = [
        b for b in blocks if b.kind in ("heading", "paragraph") and len(b.text) <= MAX_HEADING and _PART.match(b.text)
    ]
    if len(parts) < 2:
        return
    for block in blocks:
        if block.kind == "heading":
            block.level = min(block.level + 1, 4)
    for block in parts:
        block.kind, block.level, block.run_in = "heading", 1, 0


# A site's bracketed label before a heading: "【深挖根源】缺失背后的成因", "【下步打算】整改的方向与举措".
_SITE_LABEL = re.compile(r"^【[^【】]{2,6}】\s*(?=\S)")


def _unnumbered_heading_level(text: str, names_aspect: Callable[[str], bool] | None) -> int:
    core = text.rstrip("。：:")
    label = _SITE_LABEL.match(core)
    if label and len(core) - label.end() <= 24 and not re.search(f"[{SENTENCE_END}，,：:|]", core):
        from duizhao.parse.sections import words_kind

        # the label and the words both tell the part ("根源" in the label, "成因" in the words)
        return 1 if words_kind(core) in ("problems", "causes", "measures", "carryover", "cases") else 0
    if (
        not core
        or len(core) > MAX_UNNUMBERED_HEADING
        or core[0] in "【["
        or re.search(f"[{SENTENCE_END}，,：:|]", core)
    ):
        return 0
    if len(core) <= 20 and _SECTION_WORDS.search(core) and not core.startswith(("关于", "对")):
        return 1
    if names_aspect is not None and _ASPECT_CUE.search(core) and names_aspect(core):
        return 2
    return 0


def _classify_line(piece: Piece, start: int) -> Block:
    text = piece.text
    end = start + len(text)
    level, marker = heading_marker(text)
    if level:
        stop = _RUN_IN_END.search(text, marker, MAX_HEADING + 1)
        if stop and stop.end() < len(text):
            return Block("heading", level, text, start, end, run_in=stop.end())
        if len(text) <= MAX_HEADING:
            return Block("heading", level, text, start, end)
        return Block("paragraph", 0, text, start, end)
    if piece.md_level >= 2 and len(text) <= MAX_HEADING:
        return Block("heading", min(piece.md_level - 1, 4), text, start, end)
    return Block("paragraph", 0, text, start, end)


def _title_like(text: str) -> bool:
    return (
        0 < len(text) <= MAX_TITLE
        and text[-1] not in SENTENCE_END + "：:，,、"
        and "。" not in text
        and bool(re.search(f"[{HAN}]", text))
    )


def _mark_title(blocks: list[Block], pieces: list[Piece]) -> None:
    """The title is the first title-like line among the first lines (a markdown "# " line wins);
    short lines right after it (author, unit, date) and date lines are subtitles."""
    title_index = None
    for index, block in enumerate(blocks[:8]):
        if pieces[index].md_level == 1 and len(block.text) <= MAX_TITLE:
            title_index = index
            break
        if block.kind == "paragraph" and _title_like(block.text):
            title_index = index
            break
        if block.kind == "paragraph":
            break  # a body paragraph came first: the text has no title (an excerpt)
    if title_index is not None:
        # a compilation page ("……【精选3篇】", then "篇一：……对照检查材料"): the piece's own title
        for index in range(title_index + 1, min(title_index + 3, len(blocks))):
            block = blocks[index]
            marker = COMPILATION_MARKER.match(block.text)
            if block.kind == "paragraph" and marker and _title_like(block.text[marker.end() :]):
                blocks[title_index].kind = "subtitle"
                title_index = index
                break
        blocks[title_index].kind = "title"
        blocks[title_index].level = 0
        blocks[title_index].run_in = 0
        following = title_index + 1
        # A title over two or three lines ("某县委常委班子" / "2024年度民主生活会" / "对照检查材料"):
        # the lines up to the one that names the document type.
        if not _DOC_TYPE.search(blocks[title_index].text):
            for extra in (1, 2):
                lines = blocks[following : following + extra]
                if (
                    len(lines) == extra
                    and all(_title_continuation(b) for b in lines)
                    and _DOC_TYPE.search(lines[-1].text)
                ):
                    for block in lines:
                        block.kind = "title"
                    following += extra
                    break
        for index in range(following, min(following + 2, len(blocks))):
            block = blocks[index]
            if (
                block.kind == "paragraph"
                and len(block.text) <= 30
                and _subtitle_like(block.text)
                and index + 1 < len(blocks)
            ):
                block.kind = "subtitle"
            else:
                break
    for block in blocks:
        if block.kind == "paragraph" and _DATE_LINE.match(block.text):
            block.kind = "subtitle"


def _title_continuation(block: Block) -> bool:
    return (
        block.kind == "paragraph"
        and len(block.text) <= MAX_SECOND_TITLE_LINE
        and not re.search(f"[{SENTENCE_END}，,：:]", block.text)
        and not _DATE_LINE.match(block.text)
        and not block.text.startswith(("（", "("))
    )


def _subtitle_like(text: str) -> bool:
    """A unit/name line or a date line under the title: short, no sentence punctuation."""
    if _DATE_LINE.match(text):
        return True
    if re.search(f"[{SENTENCE_END}，,]", text) or text.endswith(("：", ":")):
        return False
    return bool(re.search(r"[:：]|【.+】|同志$|^[（(].{2,30}[)）]$|^\S{2,20}(?: \S{1,20}){0,3}$", text))
