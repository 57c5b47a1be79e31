"""Causes and measures of their named parts: the top items of a part (sub-headings, else 一是…
clauses, else paragraphs) and a measure's own sub-items. A mixin of `StructureFinder` (it uses the
finder's blocks, text, children and ordinal items)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duizhao.model import Block, Cause, Measure, MeasureItem
from duizhao.parse.region import MAX_ITEMS, Region, heading_part, summarise


class PartItemFinder:
    if TYPE_CHECKING:  # what the mixin uses of StructureFinder
        text: str
        blocks: list[Block]

        def _children(self, lo: int, hi: int) -> list[int]: ...

        def _region_of(self, index: int, hi: int) -> Region: ...

        def _ordinal_items(self, region: Region) -> list[tuple[int, int]]: ...

        def _paragraph_items(self, region: Region) -> list[tuple[int, int]]: ...

    def _top_items(self, region: Region) -> list[tuple[tuple[int, int], Region | None, str]]:
        """Items of a section: its sub-headings, else its 一是… clauses, else its paragraphs."""

        kids = self._children(region.lo, region.hi)
        if kids:
            result: list[tuple[tuple[int, int], Region | None, str]] = []
            for n, kid in enumerate(kids[:MAX_ITEMS]):
                kid_hi = kids[n + 1] if n + 1 < len(kids) else region.hi
                block = self.blocks[kid]
                result.append(
                    (
                        (block.start, self.blocks[kid_hi - 1].end),
                        self._region_of(kid, kid_hi),
                        heading_part(block),
                    )
                )
            return result
        spans = self._ordinal_items(region) or self._paragraph_items(region)
        return [(span, None, self.text[span[0] : span[1]]) for span in spans[:MAX_ITEMS]]

    def causes(self, section_range: tuple[int, int]) -> list[Cause]:
        """Causes at their finest enumerated level: a sub-heading ("（一）从思想根源看") with its own
        sub-headings or a 一是…/1.… list under it (on its own lines or run in one paragraph) gives
        those items; a sub-heading with plain paragraphs is one cause."""

        causes: list[Cause] = []
        self._collect_causes(self._region_of(*section_range), causes)
        return causes

    def _collect_causes(self, region: Region, causes: list[Cause]) -> None:
        for (start, end), sub, head in self._top_items(region):
            if len(causes) >= MAX_ITEMS:
                return
            if sub is not None and (self._children(sub.lo, sub.hi) or len(self._ordinal_items(sub)) > 1):
                self._collect_causes(sub, causes)
                continue
            causes.append(Cause(self.text[start:end], start, end, summarise(head)))

    def measures(self, section_range: tuple[int, int]) -> list[Measure]:

        region = self._region_of(*section_range)
        measures = []
        for (start, end), sub, head in self._top_items(region):
            items: list[MeasureItem] = []
            if sub is not None:
                kids = self._children(sub.lo, sub.hi)
                spans = (
                    [
                        (self.blocks[k].start, self.blocks[(kids[n + 1] if n + 1 < len(kids) else sub.hi) - 1].end)
                        for n, k in enumerate(kids)
                    ]
                    if kids
                    else self._ordinal_items(sub)
                )
            else:
                spans = self._ordinal_items(Region(0, 0, (start, end)))
                if spans and spans[0][0] == start:
                    spans = []  # the measure is itself one item of a list
            items = [MeasureItem(self.text[s:e], s, e) for s, e in spans]
            measures.append(Measure(self.text[start:end], start, end, summarise(head), items))
        return measures
