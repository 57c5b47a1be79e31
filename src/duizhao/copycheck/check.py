"""Checking one material against the archive: seeds -> candidate sources -> exact runs along
diagonals -> passages -> a CNKI-like report.

What the ratios count (all over the checked text's normalised characters: CJK ideographs,
letters and digits; punctuation and spaces are not counted):

* `copy_ratio` (总文字复制比): characters inside passages of category `copy`, i.e. found in an
  archive document of class `own` or `template` as an exact run of at least `min_run`
  normalised characters (runs of one source less than `merge_gap` apart are one passage, the
  small edits between them included), minus characters that are official text (a year's
  theme or aspect wording, or found in an archive document of class `official`): quoting an
  official document is not copying, even when another archive document quoted it too. A copy
  passage with fewer than `min_run` characters left outside official text is not listed as
  copy. Common phrases inside a copied passage count (they were copied along with it);
  standalone common phrases do not.
* `copy_ratio_excluding_quotes` (去除引用和套话的复制比): `copy_ratio` minus the characters that
  are common phrases (套话).
* Common phrases (套话): text whose fingerprints are found in more than the configured number or
  share of archive documents, and passages too short for the number of archive documents that
  hold them (`Settings.stock_length`: a short passage several documents share is a stock
  phrase, not copied from one of them; a long one is copied whatever its document count).
  Each passage's document count is reported (`CopyReport.documents`).
* `official_ratio`, `common_phrase_ratio`: characters of those categories.
* `max_single_source_ratio` (单篇最大复制比): the largest share copied from one source.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from duizhao.copycheck.corpus import Corpus, Postings
from duizhao.copycheck.documents import DocumentInfo
from duizhao.copycheck.fingerprint import winnow
from duizhao.copycheck.normalize import Normalized, normalize, normalize_phrase
from duizhao.copycheck.stock import passage_documents, window_minima
from duizhao.model import CopiedPassage, Material

CATEGORY_NAMES = {"copy": "文字复制", "official": "引用官方表述", "common_phrase": "常见套话"}


@dataclass
class SourceShare:
    name: str
    doc_class: str
    chars: int  # normalised characters of the checked text copied from this source
    share: float
    passages: int
    unit: str | None = None
    author: str | None = None
    year: int | None = None


@dataclass
class CopyReport:
    total_chars: int
    copy_ratio: float
    copy_ratio_excluding_quotes: float
    official_ratio: float
    common_phrase_ratio: float
    max_single_source_ratio: float
    max_single_source: str | None
    sources: list[SourceShare] = field(default_factory=list)
    passages: list[CopiedPassage] = field(default_factory=list)
    min_run: int = 13
    text: str = ""
    # archive documents holding each passage (by (start, end, source, category); none for
    # official wording recognised from the frameworks and the phrase list)
    passage_documents: dict[tuple[int, int, str, str], int] = field(default_factory=dict)

    def documents(self, passage: CopiedPassage) -> int | None:
        """How many archive documents hold this passage (see `stock.passage_documents`)."""
        return self.passage_documents.get((passage.start, passage.end, passage.source, passage.category))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["text"], data["passage_documents"]
        data["passages"] = [
            {
                **asdict(p),
                "category_name": CATEGORY_NAMES[p.category],
                "documents": self.documents(p),
                "text": self.text[p.start : p.end],
            }
            for p in self.passages
        ]
        return data


@dataclass
class _Found:
    """A passage before the report: its span in normalised characters and how many archive
    documents hold it."""

    qa: int
    qb: int
    passage: CopiedPassage
    documents: int | None


@dataclass
class _Run:
    qa: int
    qb: int
    sa: int
    sb: int


def _extend(q: np.ndarray, s: np.ndarray, a: int, b: int, d: int) -> tuple[int, int]:
    """Grow an exact run [a, b) on diagonal d as far as the characters stay equal."""
    while a > 0 and a + d > 0 and q[a - 1] == s[a - 1 + d]:
        a -= 1
    while b < len(q) and b + d < len(s) and q[b] == s[b + d]:
        b += 1
    return a, b


def exact_runs_many(
    q: np.ndarray,
    sources: list[np.ndarray],
    source_of: np.ndarray,
    qpos: np.ndarray,
    spos: np.ndarray,
    k: int,
    min_run: int,
    margin: int = 48,
) -> list[list[_Run]]:
    """For every source, the exact runs of >= min_run characters on the diagonals of its seed
    hits (hit i: query position qpos[i], position spos[i] in sources[source_of[i]]), each
    containing a seed: the exact verification of every candidate hit. All diagonals of all
    sources are compared in one vectorised pass over a window around their seeds (a check is
    dominated by per-call overhead, not by the characters compared); runs reaching a window
    edge are grown. Seeds are k-gram starts in both texts, so every window holds at least k
    characters."""
    found: list[list[_Run]] = [[] for _ in sources]
    if len(qpos) == 0:
        return found
    lengths = np.array([len(s) for s in sources], dtype=np.int64)
    base = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    text = np.concatenate(sources)
    qpos, spos, source_of = (np.asarray(x, dtype=np.int64) for x in (qpos, spos, source_of))
    diagonals = spos - qpos
    order = np.lexsort((qpos, diagonals, source_of))
    diagonals, qpos, source_of = diagonals[order], qpos[order], source_of[order]
    new_group = (diagonals[1:] != diagonals[:-1]) | (source_of[1:] != source_of[:-1])
    first = np.concatenate(([0], np.flatnonzero(new_group) + 1))
    last = np.concatenate((first[1:], [len(qpos)])) - 1
    d, owner = diagonals[first], source_of[first]
    lo = np.maximum(np.maximum(qpos[first] - margin, 0), -d)
    hi = np.minimum(np.minimum(qpos[last] + k + margin, len(q)), lengths[owner] - d)
    sizes = hi - lo
    total = int(sizes.sum())
    group = np.repeat(np.arange(len(d)), sizes)
    qi = np.repeat(lo - np.cumsum(sizes) + sizes, sizes) + np.arange(total)
    equal = q[qi] == text[qi + (d + base[owner])[group]]
    window_start = np.concatenate(([0], np.cumsum(sizes)))
    opens = np.zeros(total, dtype=bool)
    opens[window_start[:-1]] = True
    closes = np.zeros(total, dtype=bool)
    closes[window_start[1:] - 1] = True
    before = np.concatenate(([False], equal[:-1]))
    after = np.concatenate((equal[1:], [False]))
    starts = np.flatnonzero(equal & (~before | opens))
    ends = np.flatnonzero(equal & (~after | closes)) + 1
    touches = opens[starts] | closes[ends - 1]
    groups = group[starts]
    qa, qb = qi[starts], qi[ends - 1] + 1
    for i in np.flatnonzero(touches).tolist():  # rare: grow runs cut by the window
        g = int(groups[i])
        qa[i], qb[i] = _extend(q, sources[int(owner[g])], int(qa[i]), int(qb[i]), int(d[g]))
    long = (qb - qa) >= min_run
    groups, qa, qb = groups[long], qa[long], qb[long]
    # keep runs that contain a seed of their own diagonal
    seed_group = np.repeat(np.arange(len(d)), last - first + 1)
    seed_key = seed_group * (1 << 32) + qpos
    at = np.searchsorted(seed_key, groups * (1 << 32) + qa)
    at_clipped = np.minimum(at, len(qpos) - 1)
    seeded = (at < len(qpos)) & (seed_group[at_clipped] == groups) & (qpos[at_clipped] + k <= qb)
    groups, qa, qb = groups[seeded], qa[seeded], qb[seeded]
    shift = d[groups]
    for g_owner, a_, b_, s_ in zip(owner[groups].tolist(), qa.tolist(), qb.tolist(), shift.tolist()):
        found[g_owner].append(_Run(a_, b_, a_ + s_, b_ + s_))
    return found


def merge_runs(runs: list[_Run], gap: int) -> list[list[_Run]]:
    """Runs of one source close in both texts become one passage (its runs, in order)."""
    passages: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.qa, -r.qb, r.sa)):
        if passages and run.qb <= passages[-1][-1].qb:
            continue  # the same words again, found elsewhere in the source
        if passages:
            last = passages[-1][-1]
            if run.qa - last.qb <= gap and -gap <= run.sa - last.sb <= gap:
                if run.sb > last.sb:  # later in the source too (in the checked text: above)
                    passages[-1].append(run)
                continue
        passages.append([run])
    return passages


def similarity(q: np.ndarray, s: np.ndarray, runs: list[_Run]) -> float:
    """2 x matched / (length in both texts), aligning the exact runs as anchors and the short
    stretches between them with difflib (one run: 1.0). `runs` as `merge_runs` gives them: each
    ends after the one before in both texts, so each adds at least one character and the
    result is at most 1."""
    matched = runs[0].qb - runs[0].qa
    for previous, run in zip(runs, runs[1:]):
        # characters at the start of the run already counted in the one before (in either text)
        overlap = max(previous.qb - run.qa, previous.sb - run.sa, 0)
        matched += run.qb - run.qa - overlap
        # the stretch between them: empty in a text where they overlap
        gap_q, gap_s = q[previous.qb : run.qa].tolist(), s[previous.sb : run.sa].tolist()
        blocks = difflib.SequenceMatcher(None, gap_q, gap_s, autojunk=False).get_matching_blocks()
        matched += sum(block.size for block in blocks)
    length_s = runs[-1].sb - min(r.sa for r in runs)
    return round(2 * matched / ((runs[-1].qb - runs[0].qa) + length_s), 3)


@lru_cache(maxsize=8)
def _framework_phrases(ids: tuple[str, ...] | None, shortest: int) -> tuple[tuple[str, str], ...]:
    from duizhao.frameworks import load_frameworks

    phrases = []
    for framework in load_frameworks():
        if ids is not None and framework.id not in ids:
            continue
        texts = [framework.theme, *framework.announcements, *(a.wording for a in framework.aspects)]
        for text in texts:
            for part in [text, *text.split("、")] if "、" in text else [text]:
                normalized = normalize_phrase(part)
                if len(normalized) >= shortest:
                    phrases.append((normalized, framework.title))
    first_title: dict[str, str] = {}
    for phrase, title in phrases:
        first_title.setdefault(phrase, title)
    return tuple(sorted(first_title.items(), key=lambda p: -len(p[0])))


def _official_wording(
    query: str, framework_ids: tuple[str, ...] | None, shortest: int
) -> list[tuple[int, int, str, int]]:
    """Occurrences of official wording in one pass, the longest phrase first at each place."""
    pattern, titles = _official_pattern(framework_ids, shortest)
    if pattern is None:
        return []
    return [(m.start(), m.end(), titles[m.group()], m.end() - m.start()) for m in pattern.finditer(query)]


@lru_cache(maxsize=8)
def _official_pattern(
    framework_ids: tuple[str, ...] | None, shortest: int
) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    titles: dict[str, str] = {}
    for phrase, title in _framework_phrases(framework_ids, shortest) + _official_phrases(shortest):
        titles.setdefault(phrase, title)
    if not titles:
        return None, titles
    ordered = sorted(titles, key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in ordered)), titles


@lru_cache(maxsize=4)
def _official_phrases(shortest: int) -> tuple[tuple[str, str], ...]:
    """Standing official formulations (data/copycheck/official_phrases.txt), longest first."""
    from importlib import resources

    text = (resources.files("duizhao") / "data" / "copycheck" / "official_phrases.txt").read_text(encoding="utf-8")
    phrases = {
        normalize_phrase(line.strip()) for line in text.splitlines() if line.strip() and not line.startswith("#")
    }
    return tuple(sorted(((p, "常用官方表述") for p in phrases if len(p) >= shortest), key=lambda p: -len(p[0])))


class _Checker:
    def __init__(
        self,
        material: Material | str,
        corpus: Corpus,
        min_run: int,
        frameworks: Iterable[str] | None,
        exclude: Iterable[str] | None,
    ):
        self.text = material.text if isinstance(material, Material) else material
        self.corpus = corpus
        self.settings = corpus.settings
        self.min_run = min_run
        self.framework_ids = tuple(frameworks) if frameworks is not None else None
        self.exclude = set(exclude or ())
        self.query: Normalized = normalize(self.text)
        self.passages: list[_Found] = []
        self.df_at = np.zeros(len(self.query.codes), dtype=np.int64)  # archive documents per fingerprint position
        self.minima: np.ndarray | None = None
        self.candidates: list[
            tuple[int, int, DocumentInfo, np.ndarray, np.ndarray, str]
        ] = []  # seg, doc, info, spos, qpos, category
        self.source_infos: dict[
            str, DocumentInfo
        ] = {}  # name -> DocumentInfo of each verified source (no lookup by name in a large archive)

    def run(self) -> CopyReport:
        q = self.query.codes
        hashes, positions = winnow(q, self.settings.kgram, self.settings.window)
        order = np.argsort(hashes)
        if len(hashes) and len(self.corpus):
            excluded = [where for where in map(self.corpus.locate, self.exclude) if where is not None]
            found = self.corpus.lookup(hashes[order], skip=excluded)
            qpos = positions[order].astype(np.int64)
            self.df_at[qpos] = found["df"]
            self._discount(excluded, hashes[order], qpos)
            self._sources(found["hits"], qpos, found["df"], common=False)
            self._sources(found["common"], qpos, found["df"], common=True)
            self._verify_candidates()
        self._framework_wording()
        return self._report()

    def _discount(self, excluded: list[tuple[int, int]], hashes: np.ndarray, qpos: np.ndarray) -> None:
        """An excluded archive document (the checked material itself) is not one of the documents
        holding its words: take its fingerprints out of the document counts."""
        for where in excluded:
            own = np.sort(winnow(self.corpus.normalized(*where).codes, self.settings.kgram, self.settings.window)[0])
            held = np.searchsorted(own, hashes, side="right") - np.searchsorted(own, hashes)
            self.df_at[qpos] = np.maximum(self.df_at[qpos] - held, 0)

    def _sources(self, hits: Postings, qpos_of: np.ndarray, df: np.ndarray, common: bool) -> None:
        """Pick candidate sources greedily: official texts first, then by shared fingerprints.
        A source sharing fewer than `min_hits_redundant` fingerprints must share one found in at
        most `rare_docs` documents: a short match made only of phrases that recur across the
        archive is not evidence of copying from one of them. A source must add `min_hits`
        fingerprints not covered by the sources already picked; of those that add nothing new,
        at most `max_redundant` sharing `min_hits_redundant` are verified too (e.g. the template
        a copied document came from). So thirty documents holding the same words cost a few
        verifications, not thirty."""
        if len(hits["q"]) == 0:
            return
        keys = hits["seg"] * (1 << 32) + hits["doc"]
        by_source = np.argsort(keys, kind="stable")  # hits grouped by source, one sort
        grouped = keys[by_source]
        first = np.flatnonzero(np.concatenate(([True], grouped[1:] != grouped[:-1])))
        bounds = np.concatenate((first, [len(grouped)]))
        unique, counts = grouped[first], np.diff(bounds)
        official_segments = np.array([s.official for s in self.corpus.segments])
        official = official_segments[(unique >> 32).astype(np.int64)]
        hit_df = df[hits["q"][by_source]]
        # rank by shared fingerprints weighted by rarity (1/df): the document the words were
        # taken from outranks the many that hold the same template text
        weight = np.add.reduceat(1.0 / hit_df, first)  # a hit's fingerprint is in at least one document
        rarest = np.minimum.reduceat(hit_df, first)
        least = 1 if common else self.settings.min_hits
        eligible = counts >= least
        if not common:
            eligible &= (counts >= self.settings.min_hits_redundant) | (rarest <= self.settings.rare_docs)
        ranked = np.lexsort((-weight, ~official))
        covered = np.zeros(len(qpos_of), dtype=bool)
        chosen = redundant = 0
        limit = self.settings.max_common_sources if common else self.settings.max_candidates
        for index in ranked[eligible[ranked]].tolist():
            if chosen >= limit:
                return
            seg, doc = divmod(int(unique[index]), 1 << 32)
            segment = self.corpus.segments[seg]
            info = segment.documents[doc]
            if info.name in self.exclude:
                continue
            rows = by_source[bounds[index] : bounds[index + 1]]
            query_rows = hits["q"][rows]
            new = int((~covered[query_rows]).sum())
            if not common and new < least:
                # adds little: only a well-matching document holding the same words again
                if counts[index] < self.settings.min_hits_redundant or redundant >= self.settings.max_redundant:
                    continue
                redundant += 1
            covered[query_rows] = True
            chosen += 1
            category = "common_phrase" if common else ("official" if segment.official else "copy")
            self.candidates.append((seg, doc, info, hits["spos"][rows], qpos_of[query_rows], category))

    def _verify_candidates(self) -> None:
        if not self.candidates:
            return
        sources = [self.corpus.normalized(seg, doc) for seg, doc, *_ in self.candidates]
        source_of = np.repeat(np.arange(len(self.candidates)), [len(c[3]) for c in self.candidates])
        runs = exact_runs_many(
            self.query.codes,
            [source.codes for source in sources],
            source_of,
            np.concatenate([c[4] for c in self.candidates]),
            np.concatenate([c[3] for c in self.candidates]),
            self.settings.kgram,
            self.min_run,
        )
        for (_, _, info, _, _, category), source, source_runs in zip(self.candidates, sources, runs):
            self.source_infos[info.name] = info
            self._passages(source, info, source_runs, category)

    def _passages(self, source: Normalized, info: DocumentInfo, runs: list[_Run], category: str) -> None:
        merged = merge_runs(runs, self.settings.merge_gap)
        if not merged:
            return
        spans = np.array([(r[0].qa, r[-1].qb, min(x.sa for x in r), max(x.sb for x in r)) for r in merged])
        q_offsets, s_offsets = self.query.offsets, source.offsets  # all spans back to the originals at once
        starts, ends = q_offsets[spans[:, 0]].tolist(), (q_offsets[spans[:, 1] - 1] + 1).tolist()
        source_starts, source_ends = s_offsets[spans[:, 2]].tolist(), (s_offsets[spans[:, 3] - 1] + 1).tolist()
        k, w = self.settings.kgram, self.settings.window
        if self.minima is None:
            self.minima = window_minima(self.query.codes, k, w)
        documents = passage_documents(merged, self.minima, self.df_at, k, w, self.settings.stock_docs_quantile)
        for i, passage_runs in enumerate(merged):
            passage = CopiedPassage(
                start=starts[i],
                end=ends[i],
                source=info.name,
                source_start=source_starts[i],
                source_end=source_ends[i],
                similarity=similarity(self.query.codes, source.codes, passage_runs),
                category=category,
            )
            self.passages.append(_Found(int(spans[i, 0]), int(spans[i, 1]), passage, documents[i]))

    def _framework_wording(self) -> None:
        for qa, qb, title, length in _official_wording(
            self.query.string, self.framework_ids, self.settings.official_phrase_min
        ):
            start, end = self.query.span_to_original(qa, qb)
            passage = CopiedPassage(
                start=start,
                end=end,
                source=title,
                source_start=0,
                source_end=length,
                similarity=1.0,
                category="official",
            )
            self.passages.append(_Found(qa, qb, passage, None))

    def _category(self, found: _Found, own_chars: int) -> str | None:
        """What an archive passage is: copied, a shared stock phrase (too short for the number of
        archive documents holding it, whether or not its fingerprints reached the common-phrase
        cap), or nothing (a copy that is only an official quotation another document quoted too)."""
        if own_chars < self.min_run:
            return None if found.passage.category == "copy" else "common_phrase"
        # stock_length is min_run for up to stock_docs documents and grows beyond
        if found.documents and own_chars < self.settings.stock_length(found.documents, self.min_run):
            return "common_phrase"
        return "copy"

    def _report(self) -> CopyReport:
        total = len(self.query.codes)
        masks = {c: np.zeros(total, dtype=bool) for c in CATEGORY_NAMES}
        for found in self.passages:
            if found.passage.category == "official":
                masks["official"][found.qa : found.qb] = True
        kept: dict[tuple[int, int, str] | tuple[int, int, str, str], tuple[CopiedPassage, int | None]] = {}
        per_source: dict[str, np.ndarray] = {}
        counts: dict[str, int] = {}
        copy_spans: set[tuple[int, int]] = set()
        for found in self.passages:
            qa, qb, passage = found.qa, found.qb, found.passage
            key: tuple[int, int, str] | tuple[int, int, str, str]
            own = ~masks["official"][qa:qb]
            category = passage.category if passage.category == "official" else self._category(found, int(own.sum()))
            if category is None:
                continue
            if category == "copy":
                # a long passage beyond the common-phrase cap is checked in a few example
                # documents: copied, but listed once (after the first), like a common phrase
                span = (passage.start, passage.end)
                if passage.category == "common_phrase" and span in copy_spans:
                    continue
                copy_spans.add(span)
                key = (*span, category, passage.source)
                # `own` is False exactly at official text, in every passage: assigning it over an
                # overlapping passage's marks changes nothing
                masks["copy"][qa:qb] = own
                per_source.setdefault(passage.source, np.zeros(total, dtype=bool))[qa:qb] = own
                counts[passage.source] = counts.get(passage.source, 0) + 1
            elif category == "common_phrase":
                masks["common_phrase"][qa:qb] = True
                key = (passage.start, passage.end, category)  # one per place, however many hold it
            else:
                key = (passage.start, passage.end, category, passage.source)
            if category != passage.category:
                passage = replace(passage, category=category)
            kept.setdefault(key, (passage, found.documents))

        def ratio(mask: npt.NDArray[np.bool_]) -> float:
            return round(float(mask.sum()) / total, 4) if total else 0.0

        sources = []
        for name, mask in per_source.items():
            info = self.source_infos[name]
            sources.append(
                SourceShare(
                    name=name,
                    doc_class=info.doc_class,
                    chars=int(mask.sum()),
                    share=ratio(mask),
                    passages=counts[name],
                    unit=info.unit,
                    author=info.author,
                    year=info.year,
                )
            )
        sources.sort(key=lambda s: -s.chars)
        return CopyReport(
            total_chars=total,
            copy_ratio=ratio(masks["copy"]),
            copy_ratio_excluding_quotes=ratio(masks["copy"] & ~masks["common_phrase"]),
            official_ratio=ratio(masks["official"]),
            common_phrase_ratio=ratio(masks["common_phrase"]),
            max_single_source_ratio=sources[0].share if sources else 0.0,
            max_single_source=sources[0].name if sources else None,
            sources=sources,
            passages=sorted((p for p, _ in kept.values()), key=lambda p: (p.start, p.category, p.source)),
            min_run=self.min_run,
            text=self.text,
            passage_documents={(p.start, p.end, p.source, p.category): d for p, d in kept.values() if d is not None},
        )


def check_copies(
    material: Material | str,
    corpus: Corpus,
    *,
    min_run: int | None = None,
    frameworks: Iterable[str] | None = None,
    exclude: Iterable[str] | None = None,
) -> CopyReport:
    """Check a material (or its text) against the archive. `frameworks`: framework ids whose
    theme and aspect wording count as official text (default: all known). `exclude`: archive
    document names not to compare with (e.g. the material itself)."""
    from duizhao.errors import InputError

    min_run = corpus.settings.min_run if min_run is None else int(min_run)
    if min_run < corpus.settings.kgram:
        raise InputError(None, f"最短复制长度不能小于 {corpus.settings.kgram} 个字")
    return _Checker(material, corpus, min_run, frameworks, exclude).run()
