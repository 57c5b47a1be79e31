"""A table of contents that a site put before the text: a run of headings that the text repeats
further down, or that follows a "目录/提纲" line, or that stands before the document's title.
Cleaning removes it (reported), so its headings neither become parts or problems nor make the
real headings look like a doubled title."""

from __future__ import annotations

import re

from duizhao.parse.chars import ITEM_START, SENTENCE_END

MIN_RUN = 2  # headings in a row
MIN_REPEATED_RUN = 3  # ...when only their repetition further down shows the run is a contents block
REPEATED_SHARE = 0.8  # of the run's headings found again below, in order
MAX_HEADING = 60
SEARCH_LINES = 80  # a contents block stands among the first lines
_MARKER = re.compile(r"^(?:目\s*录|提\s*纲|目录\s*/\s*提纲|内容提要)\s*[:：]?[\s.…·]*$")
_PAGE_NUMBER = re.compile(r"[\s.…·．\-—]*\d{1,3}\s*$")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]是")
_TITLE_END = re.compile(r"(?:讲话|材料|报告|提纲|发言|发言稿|总结|方案|主持词|致辞)(?:[（(][^()（）]{1,10}[)）])?$")
_NOT_WORD = re.compile(r"[\s:：，,。.…·]+")


def heading_key(text: str) -> str:
    """A heading as a contents block and the text both write it: no page number, no punctuation."""
    return _NOT_WORD.sub("", _PAGE_NUMBER.sub("", text.strip()))


def _is_heading(text: str) -> bool:
    text = text.strip()
    if not text or len(text) > MAX_HEADING or text[-1] in SENTENCE_END:
        return False
    return bool(ITEM_START.match(text) or _ORDINAL.match(text))


def contents_lines(texts: list[str]) -> list[int]:
    """Indexes (into `texts`, the lines left after the other removals; "" for removed ones) of a
    contents block and its "目录" line, or [] when there is none."""
    content = [i for i, text in enumerate(texts) if text.strip()]
    head = content[:SEARCH_LINES]
    position = 0
    while position < len(head):
        marker = _MARKER.match(texts[head[position]].strip()) is not None
        start = position + 1 if marker else position
        end = start
        while end < len(head) and _is_heading(texts[head[end]]):
            end += 1
        run = head[start:end]
        if len(run) >= MIN_RUN and _is_contents(texts, content, run, marker, start == 0):
            return ([head[position]] if marker else []) + run
        position = max(end, position + 1)
    return []


def _is_contents(texts: list[str], content: list[int], run: list[int], marker: bool, at_start: bool) -> bool:
    after = [i for i in content if i > run[-1]]
    if not after:
        return False  # nothing but headings: the text itself, not a contents block
    if marker and not _is_heading(texts[after[0]]):
        return True
    if at_start and _TITLE_END.search(texts[after[0]].strip()):
        return True  # headings first, then the document's title
    return len(run) >= MIN_REPEATED_RUN and _repeated_below(texts, after, run)


def _repeated_below(texts: list[str], after: list[int], run: list[int]) -> bool:
    """Most of the run's headings start lines further down, in the same order."""
    keys = [heading_key(texts[i]) for i in run]
    found, cursor = 0, 0
    below = [heading_key(texts[i]) for i in after]
    for key in keys:
        for index in range(cursor, len(below)):
            if key and below[index].startswith(key):
                found, cursor = found + 1, index + 1
                break
    return found >= REPEATED_SHARE * len(keys)
