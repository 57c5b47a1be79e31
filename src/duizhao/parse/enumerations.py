"""Enumerated items outside the named parts: "……作了深刻剖析。一是……；二是……" in a news report,
a numbered list at the start of an excerpt (with the headings that group it: "（四）在……方面找差距"
over "1.……"), a paragraph of 一是/二是 after a lead sentence, a run of paragraphs that each open
with a short topic sentence ("理想信念模糊。有的同志……").

    uncovered_candidates(finder, preamble, sections, ranges, taken) -> list[Candidate]

Each candidate is one item with the kind its lead sentence (or grouping heading) names as prior
("" when the list has no lead, or its lead names no part); `parse/items.py` decides from the item's own words whether it
is a problem, cause, measure or neither. Spans in `taken` (items already found in named parts)
are skipped."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import count

from duizhao.model import Block, Section
from duizhao.parse.items import Candidate
from duizhao.parse.region import Region, heading_part
from duizhao.parse.sections import inline_lead_kind, last_sentence, lead_kind, lead_prior, topic_settings, words_kind
from duizhao.parse.structure import StructureFinder

_SENTENCE_STOP = re.compile(r"[。；;！？!?]")
_ITEM_START = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、：:]|(?:首先|其次|再次|最后)[，,、：:])"
)
OPEN_KINDS = ("preamble", "other")  # parts whose items are not known from their heading
MAX_CANDIDATES = 5000


def uncovered_candidates(
    finder: StructureFinder,
    preamble: Section | None,
    sections: list[Section],
    ranges: list[tuple[int, int]],
    taken: list[tuple[int, int]],
) -> list[Candidate]:
    blocks = finder.blocks
    regions: list[tuple[int, int]] = []
    if preamble is not None:
        first = ranges[0][0] if ranges else len(blocks)
        lo = next((i for i, b in enumerate(blocks) if b.start >= preamble.start), first)
        regions.append((lo, first))
    regions += [(r[0] + 1, r[1]) for s, r in zip(sections, ranges) if s.kind in OPEN_KINDS]  # below the heading
    taken_starts = sorted(s for s, _ in taken)
    taken_ends = {s: e for s, e in taken}
    candidates: list[Candidate] = []
    lists = count()  # one group number per list
    for lo, hi in regions:
        for candidate in _region_items(finder, lo, hi, lists):
            if not _overlaps(candidate, taken_starts, taken_ends):
                candidates.append(candidate)
            if len(candidates) >= MAX_CANDIDATES:
                return candidates
    return candidates


def _overlaps(candidate: Candidate, starts: list[int], ends: dict[int, int]) -> bool:
    k = bisect_right(starts, candidate.end - 1)
    return k > 0 and ends[starts[k - 1]] > candidate.start


def _region_items(finder: StructureFinder, lo: int, hi: int, lists: Iterator[int]) -> list[Candidate]:
    """Numbered lines (with the paragraphs under them), else the 一是… items inside paragraphs."""
    blocks, text = finder.blocks, finder.text
    found: list[Candidate] = []
    numbered = [i for i in range(lo, hi) if blocks[i].kind == "heading"]
    if len(numbered) >= 2:
        return _numbered_items(finder, numbered, lo, hi, lists)
    topics = _topic_paragraphs(blocks, lo, hi)
    i = lo
    while i < hi:
        block = blocks[i]
        if block.kind != "paragraph":
            i += 1
            continue
        if i in topics:  # "理想信念模糊。有的同志……" / "宗旨意识不强。……": a list without numbers
            j = topics[i]
            lead = last_sentence(_block_lead(blocks, i, lo))
            prior, group = inline_lead_kind(lead) or "", next(lists)
            found += [Candidate(blocks[k].start, blocks[k].end, prior, lead, group) for k in range(i, j)]
            i = j
            continue
        # paragraphs that each open with a marker (一是… / 二是… on their own lines) are one list
        j = i + 1
        if _ITEM_START.match(block.text):
            while j < hi and blocks[j].kind == "paragraph" and _ITEM_START.match(blocks[j].text):
                j += 1
        items = finder._ordinal_items(Region(i, j))
        for n, (start, end) in enumerate(items):
            if n == 0 or _restarts(text, items[n - 1], start):
                lead = _inline_lead(text, block.start, start) or last_sentence(_block_lead(blocks, i, lo))
                prior = lead_prior(lead)
                group = next(lists)
            found.append(Candidate(start, _cut_next_lead(text, start, end), prior, lead, group))
        i = j
    return found


def _numbered_items(
    finder: StructureFinder, numbered: list[int], lo: int, hi: int, lists: Iterator[int]
) -> list[Candidate]:
    """Numbered lines outside the named parts. When some of them group the others ("（四）在……方面
    找差距" over "1.……" "2.……"), the grouping headings are not items: they are the lead of the
    items under them, and one that names an aspect or a part says what those items are. Items
    before the first grouping heading (an excerpt that starts in the middle of a list, "3.……")
    belong to the same kind of list as the items after it."""
    blocks = finder.blocks
    deepest = max(blocks[i].level for i in numbered)
    grouping = [i for i in numbered if blocks[i].level < deepest]
    found: list[Candidate] = []
    if not grouping:
        lead = last_sentence(_block_lead(blocks, numbered[0], lo))
        prior = lead_prior(lead)
        group = next(lists)
        for n, i in enumerate(numbered):
            end = blocks[(numbered[n + 1] if n + 1 < len(numbered) else hi) - 1].end
            found.append(Candidate(blocks[i].start, end, prior, lead, group))
        return found
    kinds = {i: _group_kind(finder, blocks[i]) for i in grouping}
    first_kind = kinds[grouping[0]]
    owner, lead, prior, group = None, last_sentence(_block_lead(blocks, numbered[0], lo)), "", next(lists)
    prior = lead_prior(lead)
    for n, i in enumerate(numbered):
        if i in kinds:
            owner, lead, prior, group = i, _heading_text(blocks[i]), kinds[i], next(lists)
            continue
        if owner is None and not prior:
            prior = first_kind  # "3.……" before "（四）……方面": the rest of the previous aspect's list
        end = blocks[(numbered[n + 1] if n + 1 < len(numbered) else hi) - 1].end
        found.append(Candidate(blocks[i].start, end, prior, lead, group))
    return found


def _heading_text(block: Block) -> str:
    return block.text[: block.run_in] if block.run_in else block.text


def _group_kind(finder: StructureFinder, block: Block) -> str:
    """The kind of part a grouping heading's items belong to: problems under an aspect heading."""
    head = heading_part(block)
    kind = words_kind(head)
    if kind in ("problems", "causes", "measures"):
        return kind
    if "方面" in head and finder._names_an_aspect(block, 4):
        return "problems"
    return ""


def _topic_paragraphs(blocks: list[Block], lo: int, hi: int) -> dict[int, int]:
    """Runs of paragraphs (data/parse/parts.toml [topics]) that each open with a short sentence of its own
    ("理想信念模糊。") followed by its account: first index → end of the run."""
    opening, fewest, shortest = topic_settings()
    runs: dict[int, int] = {}
    i = lo
    while i < hi:
        j = i
        while (
            j < hi
            and blocks[j].kind == "paragraph"
            and len(blocks[j].text) >= shortest
            and opening.match(blocks[j].text)
            and not _ITEM_START.match(blocks[j].text)
        ):
            j += 1
        if j - i >= fewest:
            runs[i] = j
        i = max(j, i + 1)
    return runs


def _restarts(text: str, previous: tuple[int, int], start: int) -> bool:
    """A new list in the same paragraph: its first marker (一是, 1.) follows a lead sentence."""
    return bool(lead_kind(last_sentence(text[previous[0] : start])))


def _cut_next_lead(text: str, start: int, end: int) -> int:
    """An item that runs into the lead of the next list ("……。原因主要有：") ends before it."""
    span = text[start:end].rstrip()
    at = _last_sentence_start(span)
    if at > 0 and lead_kind(span[at:]):
        return start + len(span[:at].rstrip())
    return end


def _last_sentence_start(span: str) -> int:
    stops = [m.end() for m in _SENTENCE_STOP.finditer(span, 0, max(len(span) - 1, 0))]
    return stops[-1] if stops else 0


def _inline_lead(text: str, paragraph_start: int, item_start: int) -> str:
    """The sentence right before the first item in the same paragraph."""
    before = text[paragraph_start:item_start]
    return last_sentence(before) if before.strip() else ""


def _block_lead(blocks: list[Block], index: int, lo: int) -> str:
    """The line before a list that starts a line, when it is a paragraph."""
    if index > 0 and blocks[index - 1].kind in ("paragraph", "heading"):
        return blocks[index - 1].text
    return ""
