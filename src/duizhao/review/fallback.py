"""When the parser found no problems section: the enumerated items of the text (一是…；二是…,
（一）…, 1、…, also inside a paragraph) that read as problems are reviewed as problems, and the
review says which checks could not run and why.

Hook: when parse/ gives classified items (problem / cause / measure with a confidence), they
replace `problem_items` here; until then an item reads as a problem when it holds a word of a
fault (不够, 缺乏, 有所松懈… `[fallback] fault_words`) and starts with none of a measure's
(要, 坚持, 加强… `[fallback] measure_starts`) or a cause's words."""

from __future__ import annotations

import re

from duizhao.model import Problem
from duizhao.review.config import ReviewConfig
from duizhao.review.text import first_sentence, strip_numbering

MARKER = re.compile(
    r"(?:^|(?<=[。；;：:！？\n]))[ \t\u3000]*"
    r"(?:[一二三四五六七八九十]{1,3}是|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．](?!\d)|[①②③④⑤⑥⑦⑧⑨⑩])",
    re.M,
)
LETTER = re.compile(r"[\u4e00-\u9fa5]")


def enumerated_items(text: str) -> list[tuple[int, int]]:
    """Spans of enumerated items: from a marker to the next marker or the end of its paragraph."""
    starts = [m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t\u3000")) for m in MARKER.finditer(text)]
    spans = []
    for index, start in enumerate(starts):
        line_end = text.find("\n", start)
        end = min(
            x
            for x in (
                starts[index + 1] if index + 1 < len(starts) else len(text),
                line_end if line_end >= 0 else len(text),
            )
        )
        spans.append((start, end))
    return spans


def problem_items(text: str, config: ReviewConfig) -> list[Problem]:
    """The enumerated items that read as problems, as Problem objects (no aspect)."""
    settings = config.data["fallback"]
    faults = config.regex(settings["fault_words"])
    not_problem = config.regex(settings["not_problem_start"])
    problems = []
    for start, end in enumerated_items(text):
        item = text[start:end].rstrip()
        body = strip_numbering(item)
        if len(LETTER.findall(body)) < settings["min_letters"] or not faults.search(body):
            continue
        if not_problem.match(body):
            continue
        problems.append(Problem(item, start, start + len(item), summary=first_sentence(body)))
    return problems if len(problems) >= settings["min_items"] else []
