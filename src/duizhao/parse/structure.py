"""Find the parts of a material in its blocks: sections, the preamble's counts, problems grouped by
aspect, causes, and measures with their sub-items."""

from __future__ import annotations

import re
from bisect import bisect_left

from duizhao.frameworks import AspectMatcher
from duizhao.model import Aspect, Block, Cause, Measure, ParseWarning, Problem, Section
from duizhao.parse.blocks import _DATE_LINE, heading_marker
from duizhao.parse.inline_aspects import split_by_aspect_clauses
from duizhao.parse.leads import LeadFinder
from duizhao.parse.numbered_parts import numbered_parts
from duizhao.parse.ordinals import ORDINAL_FAMILIES, ordinal_number
from duizhao.parse.part_items import PartItemFinder
from duizhao.parse.region import CLAUSE_STOP, MAX_ITEMS, SENTENCE_STOP, Region, heading_part, summarise
from duizhao.parse.sections import inline_cause_at, last_sentence, part_label, section_kind, words_kind

_CELL_SPLIT = re.compile(r"\s*\|\s*")  # the reader joins a table row's cells with " | "


def _cells(row: str) -> list[str]:
    return _CELL_SPLIT.split(row)


_PROBLEM_COLUMN = re.compile(r"问题|表现|不足")
_ASPECT_COLUMN = re.compile(r"方面|类别|类型|领域|对照|分类")
_ASPECT_HEADING_END = re.compile(r"方面(?:存在的问题)?[。：:，,]?$")
LEAD_ASPECT = re.compile(r"^(?:在|关于)?[^，,：:。；;\n]{2,24}?方面[，,：:。]")
_INTRO = re.compile(r"以下几个方面|以下几点|以下方面|如下|主要有以下|主要表现在|具体如下|剖析如下")
_CLOSING = re.compile(
    r"^(?:以上|上述|不妥之处|不当之处|恳请|敬请|请各位|请同志们).{0,60}(?:批评指正|批评帮助|提出批评|指正|帮助)"
)
_SIGNATURE_STOP = re.compile(r"[。；;！？，,：:]")


def _item_like(block: Block) -> bool:
    """A numbered heading below 一、 that runs into its text and is itself two clauses ("（二）精简文件
    会议，切实改进文风会风。要……") is an item (a measure, a problem), not the heading of a part."""
    head = heading_part(block)
    return block.level >= 2 and block.run_in > 0 and bool(CLAUSE_STOP.search(head[heading_marker(head)[1] : -1]))


class StructureFinder(LeadFinder, PartItemFinder):
    def __init__(
        self,
        text: str,
        blocks: list[Block],
        matcher: AspectMatcher | None,
        framework_id: str | None,
        listed: frozenset[str] = frozenset(),
    ):
        """`listed`: keys (`contents.heading_key`) of the headings a removed contents block listed."""
        self.text = text
        self.listed = listed
        self.blocks = blocks
        self.matcher = matcher
        self.framework_id = framework_id
        self.warnings: list[ParseWarning] = []
        self.inline_causes: list[Cause] = []
        self.inline_measures: list[Measure] = []
        self.inline_leads: dict[int, int] = {}  # lead paragraph → where its own list starts
        self._ordinal_cache: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._ordinals = self._all_ordinals()

    def _all_ordinals(self) -> dict[str, tuple[list[int], list[int]]]:
        """Positions and numbers of every inline item marker (一是…, 第一，…, 1. …, （1）…) that
        starts a clause, per family, found once for the whole text."""
        text = self.text
        found = {}
        for family, pattern, allowed_before, _ in ORDINAL_FAMILIES:
            positions, numbers = [], []
            for match in pattern.finditer(text):
                before = match.start() - 1
                while before >= 0 and text[before] in " \t":
                    before -= 1
                if before < 0 or text[before] in allowed_before:
                    number = ordinal_number(match.group(1))
                    if number:
                        positions.append(match.start())
                        numbers.append(number)
            found[family] = (positions, numbers)
        return found

    # ------------------------------------------------------------ sections

    def sections(self) -> tuple[Section | None, list[Section], list[tuple[int, int]]]:
        """(preamble, sections in order, block ranges of each section)."""
        blocks = self.blocks
        headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
        kinds = {
            i: "other" if _item_like(blocks[i]) else section_kind(heading_part(blocks[i]), blocks[i].level)
            for i in headings
        }
        # The section level is the heading level that names the most different parts (problems,
        # causes, measures…): usually 一、; (一) when the 一、 headings only group them.
        known: dict[int, set[str]] = {}
        for i in headings:
            if kinds[i] != "other":
                known.setdefault(blocks[i].level, set()).add(kinds[i])
        boundaries = []
        if known:
            top = max(known, key=lambda level: (len(known[level]), -level))
            boundaries = [i for i in headings if blocks[i].level <= top]
        elif headings:
            top = min(blocks[i].level for i in headings)
            boundaries = [i for i in headings if blocks[i].level == top]
        closing = self._closing_start()
        boundaries = [i for i in boundaries if i < closing]
        numbered = numbered_parts(blocks, headings, closing, self.listed)
        if numbered:
            # "2.问题产生的原因" numbered like the items: those parts are the outer structure, and
            # the run-in headings after the first of them ("（一）坚持……。每周……") are their items
            first_part = min(numbered)
            boundaries = sorted({i for i in boundaries if i < first_part or not blocks[i].run_in} | set(numbered))
            kinds.update(numbered)
        boundaries = self._with_leads(boundaries, kinds, closing, bool(known) or bool(numbered))
        body_start = next((i for i, b in enumerate(blocks) if b.kind not in ("title", "subtitle")), len(blocks))
        preamble = None
        first = boundaries[0] if boundaries else len(blocks)
        if body_start < first:
            preamble = Section("preamble", "", blocks[body_start].start, blocks[first - 1].end)
        sections: list[Section] = []
        ranges: list[tuple[int, int]] = []
        for n, index in enumerate(boundaries):
            end_index = boundaries[n + 1] if n + 1 < len(boundaries) else closing
            kind = kinds[index]
            if (
                kind == "other"
                and sections
                and sections[-1].kind == "problems"
                and self._names_an_aspect(blocks[index])
            ):
                kind = "problems"  # an aspect numbered like a part ("四、担当作为方面") continues the problems
            elif (
                kind == "other"
                and not any(s.kind in ("problems", "causes", "measures") for s in sections)
                and "方面" in heading_part(blocks[index])
                and self._names_an_aspect(blocks[index], 4)
            ):
                kind = "problems"  # the aspects themselves are the parts: "一、带头强化政治忠诚……方面"
            heading = (
                heading_part(blocks[index]) if blocks[index].kind == "heading" else last_sentence(blocks[index].text)
            )
            sections.append(Section(kind, heading, blocks[index].start, blocks[end_index - 1].end))
            ranges.append((index, end_index))
        if closing < len(blocks) and sections:
            sections.append(Section("closing", "", blocks[closing].start, blocks[-1].end))
            ranges.append((closing, len(blocks)))
        return preamble, sections, ranges

    def _closing_start(self) -> int:
        """Where the closing words and the signature begin ("以上是我的对照检查，请同志们批评指正。",
        the unit's name, the date), or len(blocks) when the text has none."""
        blocks = self.blocks
        start, dated = len(blocks), False
        for i in range(len(blocks) - 1, max(-1, len(blocks) - 6), -1):  # from the end backwards
            block = blocks[i]
            if block.kind == "subtitle" and _DATE_LINE.match(block.text):
                dated, start = True, i
            elif block.kind == "paragraph" and _CLOSING.search(block.text) and len(block.text) <= 80:
                return i
            elif block.kind == "paragraph" and len(block.text) <= 25 and not _SIGNATURE_STOP.search(block.text):
                start = i  # a signature line (unit, name); counted only with a date below it
            else:
                break
        return start if dated else len(blocks)

    # ------------------------------------------------------------ navigation

    def _names_an_aspect(self, block: Block, shortest: int = 0) -> bool:
        return self.matcher is not None and any(m.length >= shortest for m in self.matcher.matches(heading_part(block)))

    def _children(self, lo: int, hi: int) -> list[int]:
        levels = [self.blocks[i].level for i in range(lo, hi) if self.blocks[i].kind == "heading"]
        if not levels:
            return []
        top = min(levels)
        # A numbered line too long to be a heading ("（一）要健全……，……。") is still a sibling.
        return [
            i
            for i in range(lo, hi)
            if (self.blocks[i].kind == "heading" and self.blocks[i].level == top)
            or (self.blocks[i].kind == "paragraph" and heading_marker(self.blocks[i].text)[0] == top)
        ]

    def _region_of(self, index: int, hi: int) -> Region:
        block = self.blocks[index]
        lead = (block.start + block.run_in, block.end) if block.run_in else None
        if index in self.inline_leads:  # a lead paragraph with its own list: the list is the body
            lead = (self.inline_leads[index], block.end)
        return Region(index + 1, hi, lead)

    def _ordinal_items(self, region: Region) -> list[tuple[int, int]]:
        span = region.span(self.blocks)
        if span is None:
            return []
        if span not in self._ordinal_cache:
            self._ordinal_cache[span] = self._find_ordinals(span)
        return self._ordinal_cache[span]

    def _find_ordinals(self, span: tuple[int, int]) -> list[tuple[int, int]]:
        """The list of items in a span: the family of markers whose numbered run (1, 2, 3…; a new
        1 restarts it) begins first."""
        best: list[int] = []
        for family, _, _, fewest in ORDINAL_FAMILIES:
            positions, numbers = self._ordinals[family]
            if not positions:
                continue
            starts: list[int] = []
            expected = 1
            for k in range(bisect_left(positions, span[0]), bisect_left(positions, span[1])):
                number = numbers[k]
                if number == expected or (number == 1 and starts):
                    starts.append(positions[k])
                    expected = number + 1
            if len(starts) >= fewest and (not best or starts[0] < best[0]):
                best = starts
        items = []
        for n, start in enumerate(best):
            end = best[n + 1] if n + 1 < len(best) else span[1]
            items.append(self._trim(start, end))
        return items

    def _paragraph_items(self, region: Region) -> list[tuple[int, int]]:
        items = []
        if region.lead and self.text[region.lead[0] : region.lead[1]].strip():
            items.append(self._trim(*region.lead))
        for i in range(region.lo, region.hi):
            block = self.blocks[i]
            if block.kind in ("paragraph", "heading") and not block.text.rstrip().endswith(("：", ":")):
                items.append((block.start, block.end))
        if (
            len(items) > 1
            and _INTRO.search(self.text[items[0][0] : items[0][1]])
            and len(self.text[items[0][0] : items[0][1]]) <= 80
        ):
            items = items[1:]  # "原因主要有以下几个方面。" introduces the list
        return items

    def _trim(self, start: int, end: int) -> tuple[int, int]:
        while end > start and self.text[end - 1] in " \n\t":
            end -= 1
        while start < end and self.text[start] in " \n\t":
            start += 1
        return start, end

    def _intro_end(self, region: Region) -> int | None:
        """Where the first item of a section starts (the text before it is its introduction)."""
        kids = self._children(region.lo, region.hi)
        if kids:
            return self.blocks[kids[0]].start
        ordinals = self._ordinal_items(region)
        if ordinals:
            return ordinals[0][0]
        return None

    # ------------------------------------------------------------ problems

    def problems(self, section_range: tuple[int, int]) -> list[Problem]:
        """The problems of a section; "原因：……" and "整改措施：……" paragraphs inside it (a
        "存在的问题及原因" or "存在问题及整改措施" section) are kept apart as causes and measures,
        see `inline_causes` and `inline_measures`."""
        index, end = section_range
        found: list[Problem] = []
        own = self._aspect(heading_part(self.blocks[index])) if self.blocks[index].kind == "heading" else None
        self._collect_problems(self._region_of(index, end), own, 1 if own else 0, found, own is not None)
        self._split_inline_causes(found)
        labelled = []
        for i in range(index + 1, end):
            block = self.blocks[i]
            label = part_label(block.text) if block.kind == "paragraph" else None
            if label:
                labelled.append((block, label[0], label[1]))
        if not labelled:
            return found
        for block, kind, body in labelled[:MAX_ITEMS]:
            summary = summarise(block.text[body:])
            if kind == "causes":
                self.inline_causes.append(Cause(block.text, block.start, block.end, summary))
            else:
                self.inline_measures.append(Measure(block.text, block.start, block.end, summary, []))
        starts = [b.start for b, _, _ in labelled]
        kept = []
        for problem in found:
            k = bisect_left(starts, problem.start)
            if k < len(labelled) and starts[k] == problem.start:
                continue  # the labelled paragraph itself
            if k < len(labelled) and starts[k] < problem.end:
                problem.end = self._trim(problem.start, starts[k])[1]
                problem.text = self.text[problem.start : problem.end]
            kept.append(problem)
        spans = {(b.start, b.end) for b, _, _ in labelled}
        self.warnings = [w for w in self.warnings if w.code != "unplaced" or (w.start, w.end) not in spans]
        return kept

    def _split_inline_causes(self, found: list[Problem]) -> None:
        """A problem that goes on to state its cause ("（一）……方面。<问题>。究其原因，是……"): the
        cause sentence and what follows it is a cause (`inline_causes`), the rest stays the problem."""
        for problem in found:
            at = inline_cause_at(problem.text)
            if at is None or len(self.inline_causes) >= MAX_ITEMS:
                continue
            old = (problem.start, problem.end)
            cause_start, cause_end = self._trim(problem.start + at, problem.end)
            cause = self.text[cause_start:cause_end]
            self.inline_causes.append(Cause(cause, cause_start, cause_end, summarise(cause)))
            problem.end = self._trim(problem.start, cause_start)[1]
            problem.text = self.text[problem.start : problem.end]
            for warning in self.warnings:
                if warning.code == "unplaced" and (warning.start, warning.end) == old:
                    warning.end = problem.end

    def _aspect(self, heading: str) -> Aspect | None:
        if self.matcher is None or self.framework_id is None:
            return None
        return self.matcher.best_aspect(heading, self.framework_id)

    def _collect_problems(
        self, region: Region, aspect: Aspect | None, depth: int, found: list[Problem], under_aspect: bool = False
    ) -> None:
        if len(found) >= MAX_ITEMS:
            return
        kids = self._children(region.lo, region.hi)
        if kids:
            for n, kid in enumerate(kids):
                kid_hi = kids[n + 1] if n + 1 < len(kids) else region.hi
                sub = self._region_of(kid, kid_hi)
                block = self.blocks[kid]
                if not block.run_in and words_kind(heading_part(block)) == "cases":
                    continue  # "（六）典型案例剖析": a case told at length, not one more problem
                own = self._aspect(heading_part(block))
                deeper = any(self.blocks[i].kind == "heading" for i in range(kid + 1, kid_hi))
                # A heading groups problems when it has sub-headings or a 一是… list, or when it
                # is a bare aspect heading (or any bare heading right under the section) with text
                # below it; otherwise it is one problem: "1、学习不深。" and its paragraphs.
                bare_with_body = block.run_in == 0 and kid_hi > kid + 1
                names_aspect = own is not None or "方面" in heading_part(block)
                # Under an aspect, a bare heading with sub-headings is one problem and they are its
                # details: "1.学习贯彻不够深入" / "（1）研讨质量不高。" / "（2）……".
                one_problem = (
                    under_aspect
                    and not names_aspect
                    and bare_with_body
                    and deeper
                    and not SENTENCE_STOP.search(heading_part(block))
                )
                # A bare heading that is a whole sentence ("1.学习不够深入。") is a problem, not a group.
                sentence = heading_part(block).rstrip()[-1:] in "。；;！!？?" and not names_aspect
                grouping = not one_problem and (
                    deeper
                    or bool(self._ordinal_items(sub))
                    or (bare_with_body and (own is not None or (depth == 0 and not sentence)))
                )
                if grouping:
                    context = own or (aspect if depth > 0 else None)
                    self._collect_problems(sub, context, depth + 1, found, under_aspect or names_aspect)
                else:
                    end = self.blocks[kid_hi - 1].end
                    start, summary = block.start, summarise(heading_part(block))
                    if block.run_in and _ASPECT_HEADING_END.search(heading_part(block)):
                        # "（四）担当作为方面。对……" names its aspect and states one problem.
                        start, _ = self._trim(block.start + block.run_in, end)
                        summary = summarise(self.text[start:end])
                    self._add_problem(found, start, end, aspect or own, summary)
            return
        if self._collect_table_rows(region, aspect, found):
            return
        if aspect is None and self._lead_aspects(region):
            self._collect_by_lead_aspect(region, found)
            return
        ordinals = self._ordinal_items(region)
        items = ordinals or self._paragraph_items(region)
        if ordinals and aspect is None and self.framework_id is not None:
            # "在党性修养提高方面，一是……；二是……。在联系服务群众方面，一是……" in one paragraph
            first = region.span(self.blocks)
            placed = split_by_aspect_clauses(self.text, items, self._aspect, first[0] if first else -1)
            for start, end, clause_aspect in placed:
                self._add_problem(found, start, end, clause_aspect, summarise(self.text[start:end]))
            return
        for start, end in items:
            self._add_problem(found, start, end, aspect, summarise(self.text[start:end]))

    def _collect_table_rows(self, region: Region, aspect: Aspect | None, found: list[Problem]) -> bool:
        """A problem list as a table (one line per row, cells split by " | "): its header row
        names the columns; each later row is one problem, placed by its aspect column."""
        rows = [
            i for i in range(region.lo, region.hi) if self.blocks[i].kind == "paragraph" and "|" in self.blocks[i].text
        ]
        if len(rows) < 2:
            return False
        header = _cells(self.blocks[rows[0]].text)
        aspect_column = next((k for k, cell in enumerate(header) if _ASPECT_COLUMN.search(cell)), None)
        row_aspect = None
        problem_column = next(
            (k for k, cell in enumerate(header) if k != aspect_column and _PROBLEM_COLUMN.search(cell)), None
        )
        if problem_column is None or any(ch.isdigit() for ch in self.blocks[rows[0]].text):
            return False
        for i in range(region.lo, region.hi):
            block = self.blocks[i]
            if i == rows[0] or block.kind != "paragraph" or block.text.rstrip().endswith(("：", ":")):
                continue
            cells = _cells(block.text)
            if i not in rows or len(cells) <= problem_column:
                self._add_problem(found, block.start, block.end, aspect, summarise(block.text))
                continue
            if aspect_column is not None and aspect_column < len(cells) and cells[aspect_column].strip():
                row_aspect = self._aspect(cells[aspect_column])
            elif aspect_column is None:
                row_aspect = None
            # else: an empty aspect cell continues the row above (a group written once)
            self._add_problem(found, block.start, block.end, row_aspect or aspect, summarise(cells[problem_column]))
        return True

    def _lead_aspect(self, block: Block) -> Aspect | None:
        """The aspect a paragraph opens with: "在政治忠诚方面，本人……" / "廉洁自律方面：……"."""
        match = LEAD_ASPECT.match(block.text)
        return self._aspect(match.group()) if match else None

    def lead_aspect_problems(self) -> list[Problem]:
        found: list[Problem] = []
        for index, block in enumerate(self.blocks):
            if block.kind == "paragraph":
                aspect = self._lead_aspect(block)
                if aspect is not None:
                    # "在……方面，一是……；二是……": each listed item is a problem of that aspect
                    items = self._ordinal_items(Region(index, index + 1)) or [(block.start, block.end)]
                    for start, end in items:
                        self._add_problem(found, start, end, aspect, summarise(self.text[start:end]))
        return found

    def _lead_aspects(self, region: Region) -> bool:
        return any(
            self.blocks[i].kind == "paragraph" and self._lead_aspect(self.blocks[i])
            for i in range(region.lo, region.hi)
        )

    def _collect_by_lead_aspect(self, region: Region, found: list[Problem]) -> None:
        """Paragraphs that each open with their aspect and list its problems inline."""
        current = None
        for i in range(region.lo, region.hi):
            block = self.blocks[i]
            if block.kind != "paragraph":
                continue
            current = self._lead_aspect(block) or current
            paragraph = Region(i, i + 1)
            items = self._ordinal_items(paragraph) or [(block.start, block.end)]
            for start, end in items:
                self._add_problem(found, start, end, current, summarise(self.text[start:end]))

    def _add_problem(self, found: list[Problem], start: int, end: int, aspect: Aspect | None, summary: str) -> None:
        if len(found) >= MAX_ITEMS:
            return
        problem = Problem(
            text=self.text[start:end],
            start=start,
            end=end,
            aspect_id=aspect.id if aspect else None,
            aspect=aspect.short_name if aspect else None,
            summary=summary,
        )
        found.append(problem)
        if aspect is None:
            if self.framework_id is None:
                message = f"未识别出年度框架，问题“{summary[:30]}”无法归入方面（可用 --framework 指定年度框架）"
            else:
                message = f"问题“{summary[:30]}”所在的标题不对应 {self.framework_id} 的任何方面，未归入方面"
            self.warnings.append(ParseWarning("unplaced", message, start, end))

    # ------------------------------------------------------------ counts

    def count_regions(
        self, preamble: Section | None, sections: list[Section], ranges: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        regions: list[tuple[int, int]] = []
        if preamble:
            regions.append((preamble.start, preamble.end))
        for section, section_range in zip(sections, ranges):
            if section.kind == "carryover":
                regions.append((section.start, section.end))
                continue
            intro_end = self._intro_end(self._region_of(*section_range))
            regions.append(
                (section.start, intro_end if intro_end is not None else min(section.end, section.start + 400))
            )
        return regions
