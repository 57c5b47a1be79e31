"""Parts numbered like items: a web copy that heads its parts "2.问题产生的原因" / "3.今后的努力方向和
整改措施" with the same "1." markers as the problem items under them ("1.理论学习不够深入：……"
… "12.……"). Such a line is below the section level, so by its marker alone it is an item; it
opens a part when it is not one:

- it names a part (problems, causes, measures, carry-over: `sections.section_kind`), is short,
  has no body of its own (no run-in text, no clause inside) and a list follows it;
- and something shows it belongs to a run of part headings, not to the items around it: the site's
  contents block listed it (`parse/contents.py` removed that block), or its number breaks the run of
  the items before it ("2." right after "12."), or it continues a run of such part headings ("3."
  after the part heading "2.").

Pure: blocks in, {block index: part kind} out."""

from __future__ import annotations

import re

from duizhao.model import Block
from duizhao.parse.blocks import heading_marker
from duizhao.parse.contents import heading_key
from duizhao.parse.sections import MAX_SECTION_HEADING, MAX_SECTION_LEVEL, section_kind

PART_KINDS = ("problems", "causes", "measures", "carryover")
MIN_FOLLOWING = 2  # blocks between the heading and the next heading of its level: a list follows
_INNER_STOP = re.compile(r"[，,。；;：:！？!?]")
_DIGITS = re.compile(r"\d{1,2}")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _number(block: Block) -> int | None:
    match = _DIGITS.search(block.text[: heading_marker(block.text)[1]].translate(_FULLWIDTH))
    return int(match.group()) if match else None


def _part_words(block: Block) -> str | None:
    """The words of a bare, short numbered line, or None when the line has a body or a clause."""
    if block.kind != "heading" or block.level <= MAX_SECTION_LEVEL or block.run_in:
        return None
    words = block.text[heading_marker(block.text)[1] :].strip().rstrip("。：:")
    if not words or len(words) > MAX_SECTION_HEADING or _INNER_STOP.search(words):
        return None
    return words


def numbered_parts(blocks: list[Block], headings: list[int], closing: int, listed: frozenset[str]) -> dict[int, str]:
    """Part headings numbered at an item level, by block index. `listed`: the keys
    (`contents.heading_key`) of the headings a removed contents block listed. Linear in the
    number of headings."""
    following = _next_same_level(blocks, headings, closing)
    found: dict[int, str] = {}
    last: dict[int, tuple[int, int | None]] = {}  # level → (index, number) of the last heading there
    seen: dict[int, int] = {}  # level → index of the last heading of that level
    last_part: dict[int, int | None] = {}  # level → number of the last part heading found there
    for i in headings:
        if i >= closing:
            break
        block = blocks[i]
        number = _number(block) if block.level > MAX_SECTION_LEVEL else None
        words = _part_words(block)
        kind = section_kind(words, MAX_SECTION_LEVEL) if words else "other"
        if kind in PART_KINDS and following[i] - i - 1 >= MIN_FOLLOWING:
            previous = last.get(block.level)
            breaks = (
                previous is not None
                and number is not None
                and previous[1] is not None
                and 1 < number <= previous[1]
                and previous[0] not in found
                and not any(seen.get(level, -1) > previous[0] for level in range(1, block.level))
            )
            continues = block.level in last_part and number is not None and last_part[block.level] == number - 1
            if heading_key(block.text) in listed or breaks or continues:
                found[i] = kind
                last_part[block.level] = number
        last[block.level] = (i, number)
        seen[block.level] = i
    return found


def _next_same_level(blocks: list[Block], headings: list[int], closing: int) -> dict[int, int]:
    """For each heading, the index of the next heading of its level (or `closing`)."""
    result: dict[int, int] = {}
    upcoming: dict[int, int] = {}
    for i in reversed(headings):
        result[i] = min(upcoming.get(blocks[i].level, closing), closing)
        upcoming[blocks[i].level] = i
    return result
