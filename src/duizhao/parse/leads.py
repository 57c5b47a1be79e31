"""Lead sentences that open a part without a heading: "……现将查摆的问题剖析如下：" before numbered
lines, or "……更有主观原因。一是……" before a list in the same paragraph. A mixin of
`StructureFinder` (it uses the finder's blocks, text and ordinal items)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from duizhao.parse.region import ITEM_MARKER, Region, heading_part
from duizhao.parse.sections import inline_lead_kind, last_sentence, lead_kind, section_kind

if TYPE_CHECKING:
    from duizhao.model import Block


class LeadFinder:
    if TYPE_CHECKING:  # what the mixin uses of StructureFinder
        text: str
        blocks: list[Block]
        inline_leads: dict[int, int]

        def _ordinal_items(self, region: Region) -> list[tuple[int, int]]: ...

    def _with_leads(self, boundaries: list[int], kinds: dict[int, str], closing: int, known: bool) -> list[int]:
        """Add the lead sentences that open a part without a heading ("……剖析如下：" followed by
        numbered items). Without any named part they replace the headings as boundaries (those are
        then the items); otherwise they only open parts inside the preamble or an unnamed part."""

        leads = {}
        for i in range(min(closing, len(self.blocks) - 1)):
            block = self.blocks[i]
            colon_then_text = block.text.rstrip().endswith(("：", ":")) and self.blocks[i + 1].kind == "paragraph"
            is_item = bool(ITEM_MARKER.match(block.text))  # "一是……认为……问题。" is an item, not a lead
            if block.kind == "paragraph" and not is_item and (colon_then_text or self._opens_items(i + 1)):
                kind = lead_kind(last_sentence(block.text))  # "……。现将查摆的问题剖析如下："
                if kind:
                    leads[i] = kind
        if known or leads:  # a text with no named part at all keeps its lists (parse/enumerations.py)
            for i in range(min(closing, len(self.blocks))):
                if self.blocks[i].kind == "paragraph" and i not in leads:
                    kind = self._inline_lead(i)  # "……更有主观原因。一是……二是……"
                    if kind:
                        leads[i] = kind
        if not leads:
            return boundaries
        kinds.update(leads)
        if not known:
            return sorted(leads)
        first = boundaries[0] if boundaries else closing
        kept = []
        for i, kind in leads.items():
            owner = max((b for b in boundaries if b < i), default=None)
            # inside a named part, only a lead to another kind of part opens one ("下一步，我将：")
            if i < first or (
                owner is not None
                and kinds[owner] in ("other", "problems", "causes", "measures")
                and kinds[owner] != kind
            ):
                kept.append(i)
        return sorted(set(boundaries) | set(kept))

    def _inline_lead(self, index: int) -> str | None:
        """The kind a paragraph's own list is introduced as: the sentence right before its first
        一是/1. names the part. The paragraph's items then start the part (`inline_leads`)."""

        block = self.blocks[index]
        items = self._ordinal_items(Region(index, index + 1))
        if not items or items[0][0] <= block.start:
            return None
        kind = inline_lead_kind(last_sentence(self.text[block.start : items[0][0]]))
        if kind:
            self.inline_leads[index] = items[0][0]
        return kind

    def _opens_items(self, index: int) -> bool:
        """The block starts an item: a numbered line or an inline marker (一是…), and not a part."""

        block = self.blocks[index]
        if block.kind == "heading":
            # an 一、 heading after "……如下：" is the first part of the text, not an item
            return block.level >= 2 and section_kind(heading_part(block), block.level) == "other"
        return block.kind == "paragraph" and bool(ITEM_MARKER.match(block.text))
