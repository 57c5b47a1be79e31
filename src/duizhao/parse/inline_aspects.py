"""Aspects named inside a paragraph: "……在党性修养提高方面，一是……；二是……。在联系服务群众方面，
一是……" (minutes, news reports, speeches). The clause "在……方面，" right before an item's marker
names the aspect of that item and of the items after it, and it is not part of the item before.

    split_by_aspect_clauses(text, items, aspect_of) -> list[(start, end, aspect)]

`items` are the spans of one list in text order; `aspect_of(clause)` gives the aspect a clause
names or None. Pure; reads only the text between the items."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

# the last clause before a marker: "在党性修养提高方面，", "支委会在学习贯彻党的创新理论方面还有差距，"
_CLAUSE = re.compile(r"(?:^|[。；;，,])\s*([^。；;，,]{0,30}?方面[^。；;，,]{0,10})[，,：:]?\s*$")
MAX_BEFORE = 80  # characters before the first item searched for its clause

A = TypeVar("A")  # what `aspect_of` gives (the parser's `Aspect`)


def split_by_aspect_clauses(
    text: str, items: list[tuple[int, int]], aspect_of: Callable[[str], A | None], paragraph_start: int = -1
) -> list[tuple[int, int, A | None]]:
    result: list[tuple[int, int, A | None]] = []
    current: A | None = None
    for n, (start, end) in enumerate(items):
        if n == 0:
            lo = max(paragraph_start, start - MAX_BEFORE) if paragraph_start >= 0 else start - MAX_BEFORE
            before = text[max(lo, 0) : start]
        else:
            before = text[items[n - 1][0] : start]
        match = _CLAUSE.search(before)
        if match:
            aspect = aspect_of(match.group(1))
            if aspect is not None:
                current = aspect
                if n > 0 and result:  # the clause closes the item before: cut it off
                    cut = items[n - 1][0] + match.start(1)
                    prev_start, _, prev_aspect = result[-1]
                    while cut > prev_start and text[cut - 1] in " \t\n":
                        cut -= 1
                    if cut > prev_start:
                        result[-1] = (prev_start, cut, prev_aspect)
        result.append((start, end, current))
    return result
