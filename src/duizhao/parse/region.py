"""What the finders share: an item's marker and summary, a heading's own text, and the Region
(the blocks under a heading) that problems, leads and part items are looked for in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from duizhao.model import Block
from duizhao.parse.blocks import heading_marker

MAX_ITEMS = 5000  # per kind; keeps hostile input bounded
SENTENCE_STOP = re.compile(r"[。；;！？!?]")
CLAUSE_STOP = re.compile(r"[，,：:]")


def heading_part(block: Block) -> str:
    return block.text[: block.run_in] if block.run_in else block.text


ITEM_MARKER = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、：:]|\d{1,2}[.、．]|[（(]?\d{1,2}[）)]|[\u2460-\u2487]"
    r"|(?:首先|其次|再次|最后)[，,、：:]|问题[一二三四五六七八九十\d]{1,3}[：:])[，,：:]?"
)
LEAD_ASPECT_CLAUSE = re.compile(r"^(?:在|关于)[^，,：:。；;\n]{2,24}?方面(?:存在的问题)?[。：:，,]")


def summarise(text: str) -> str:
    """An item's summary: its first sentence without the numbering, shortened to its first clause
    when the sentence is long."""
    _, marker = heading_marker(text)
    body = text[marker:]
    ordinal = ITEM_MARKER.match(body)
    if ordinal:
        body = body[ordinal.end() :]
    body = body.strip()
    lead = LEAD_ASPECT_CLAUSE.match(body)
    if lead and len(body) > lead.end() + 4:
        body = body[lead.end() :].strip()  # "在担当作为方面。面对难题……": the problem follows its aspect
    stop = SENTENCE_STOP.search(body)
    sentence = body[: stop.start()] if stop else body.split("\n", 1)[0]
    if len(sentence) > 30:
        clause = CLAUSE_STOP.search(sentence)
        if clause and clause.start() >= 6:
            sentence = sentence[: clause.start()]
        else:
            sentence = sentence[:60]
    return sentence.strip("：: \n")


@dataclass
class Region:
    """Blocks lo..hi (exclusive) under a heading, plus the heading's own run-in body."""

    lo: int
    hi: int
    lead: tuple[int, int] | None = None

    def span(self, blocks: list[Block]) -> tuple[int, int] | None:
        start = self.lead[0] if self.lead else (blocks[self.lo].start if self.lo < self.hi else None)
        end = blocks[self.hi - 1].end if self.lo < self.hi else (self.lead[1] if self.lead else None)
        if start is None or end is None:
            return None
        return start, end
