"""Synthetic archive of self-examination materials for the copy-check benchmark.

Everything is invented: characters are drawn from the GB2312 level-1 set with Zipf-like
frequencies, words and common phrases (套话) are random, unit and person names are made up.
The genre is imitated by structure: title, preamble, numbered headings with each year's aspect
wording (from the project's framework files), paragraphs of clauses, common phrases shared by
most documents, public templates with placeholders (`XX`, `**`), official texts quoted in
quotation marks, and copiers that take passages of 1-6 sentences from 1-3 earlier documents
with light edits (unit name replaced, placeholders filled, a 2-character word swapped,
inserted or deleted, punctuation and width changed, spaces and line breaks added).

With `stock="graded"` (the held-out archive for the fair 查重 of issue 10 §3), stock phrases
with graded document frequencies are added on top: each phrase of a tier is written, as a
sentence of its own, into exactly that many archive documents (by different invented units),
and every query, copier or not, uses a few phrases of every tier. A non-copier that uses them
copied nothing: none of its characters should be marked `copy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

UNIT_SUFFIXES = ["局", "委员会", "办公室", "服务中心", "管理处", "研究院", "党工委", "公司"]
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾")
HEADINGS = ["一、存在的主要问题", "二、产生问题的原因", "三、下一步整改措施"]
NUMERALS = "一二三四五六七八九十"
# Graded stock phrases: (archive documents holding each phrase, phrases, shortest, longest
# length in characters). Short and long; in 2, 10 or hundreds of documents.
STOCK_TIERS = [
    (2, 600, 10, 20),
    (10, 200, 10, 20),
    (10, 100, 20, 36),
    (100, 20, 10, 20),
    (100, 20, 20, 36),
    (100, 20, 36, 60),
    (400, 8, 10, 20),
    (400, 8, 20, 36),
    (400, 8, 36, 60),
]
STOCK_PER_QUERY = 5  # phrases of each tier in every query


def _hanzi() -> np.ndarray:
    chars = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                chars.append(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return np.array(chars)


@dataclass
class Doc:
    name: str
    text: str
    sentences: np.ndarray  # int32 (start, end) of each sentence in text, body only
    unit: str
    year: int
    doc_class: str = "own"


@dataclass
class Planted:
    start: int
    end: int
    source: str
    source_start: int
    source_end: int


@dataclass
class Query:
    name: str
    text: str
    copier: bool
    planted: list[Planted] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int = 7, words: int = 40000, phrases: int = 3000, stock: str | None = None):
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        hanzi = _hanzi()
        char_p = 1.0 / np.arange(1, len(hanzi) + 1) ** 0.8
        char_cdf = np.cumsum(char_p / char_p.sum())
        lengths = rng.choice([1, 2, 3, 4], size=words, p=[0.1, 0.6, 0.15, 0.15])
        picks = np.searchsorted(char_cdf, rng.random(int(lengths.sum())))
        flat = hanzi[rng.permutation(len(hanzi))][picks]
        bounds = np.concatenate(([0], np.cumsum(lengths)))
        self.words = ["".join(flat[bounds[i] : bounds[i + 1]]) for i in range(words)]
        word_p = 1.0 / np.arange(1, words + 1) ** 0.9
        self.word_cdf = np.cumsum(word_p / word_p.sum())
        self.phrases = []
        for _ in range(phrases):
            parts = []
            while sum(map(len, parts)) < rng.integers(6, 17):
                parts.append(self._word())
            self.phrases.append("".join(parts))
        phrase_p = 1.0 / np.arange(1, phrases + 1) ** 1.1
        self.phrase_cdf = np.cumsum(phrase_p / phrase_p.sum())
        self.two_char = [w for w in self.words[:5000] if len(w) == 2]
        from duizhao.frameworks import load_frameworks

        self.frameworks = [f for f in load_frameworks() if f.aspects]
        # tier of each stock phrase and the phrases (only with stock="graded": the default data
        # stay exactly what earlier measurements used)
        self.stock: list[tuple[int, list[str]]] = []
        if stock == "graded":
            self.stock = [
                (docs, [self._phrase(int(rng.integers(lo, hi + 1))) for _ in range(count)])
                for docs, count, lo, hi in STOCK_TIERS
            ]
        elif stock is not None:
            raise ValueError(f"unknown stock phrase scheme {stock!r}")
        self.stock_of: dict[int, list[str]] = {}  # archive document index -> its stock phrases

    # ------------------------------------------------------------ pieces

    def _word(self) -> str:
        return self.words[int(np.searchsorted(self.word_cdf, self.rng.random()))]

    def _phrase(self, length: int) -> str:
        text = ""
        while len(text) < length:
            text += self._word()
        return text[:length]

    def _stock_for_archive(self, count: int) -> None:
        """Each stock phrase goes into exactly its tier's number of distinct archive documents."""
        self.stock_of = {}
        for docs, phrases in self.stock:
            for phrase in phrases:
                for index in self.rng.choice(count, size=min(docs, count), replace=False).tolist():
                    self.stock_of.setdefault(index, []).append(phrase)

    def _stock_for_query(self) -> list[str]:
        return [
            phrases[i]
            for _, phrases in self.stock
            for i in self.rng.choice(len(phrases), size=STOCK_PER_QUERY, replace=False).tolist()
        ]

    def unit_name(self) -> str:
        return self._word() + self._word() + UNIT_SUFFIXES[self.rng.integers(len(UNIT_SUFFIXES))]

    def person_name(self) -> str:
        return SURNAMES[self.rng.integers(len(SURNAMES))] + self._word()[:2]

    def _sentences(self, count: int, unit: str) -> list[str]:
        rng = self.rng
        clauses_per = rng.integers(2, 5, size=count)
        total_clauses = int(clauses_per.sum())
        words_per = rng.integers(3, 9, size=total_clauses)
        word_ids = np.searchsorted(self.word_cdf, rng.random(int(words_per.sum())))
        is_phrase = rng.random(total_clauses) < 0.2
        phrase_ids = np.searchsorted(self.phrase_cdf, rng.random(total_clauses))
        mentions_unit = rng.random(total_clauses) < 0.04
        words = self.words
        clauses, cursor = [], 0
        for c in range(total_clauses):
            n = int(words_per[c])
            if is_phrase[c]:
                clause = self.phrases[int(phrase_ids[c])]
            else:
                clause = "".join(words[i] for i in word_ids[cursor : cursor + n])
            cursor += n
            if mentions_unit[c]:
                clause = unit + clause
            clauses.append(clause)
        out, at = [], 0
        for n in clauses_per:
            out.append("，".join(clauses[at : at + n]) + "。")
            at += n
        return out

    def _body(self, target: int, unit: str, framework) -> list[list[str]]:
        """Paragraphs (lists of sentences) of about `target` characters, with headings."""
        paragraphs: list[list[str]] = []
        size = 0
        aspects = list(framework.aspects)
        part = 0
        while size < target:
            heading_index = len(paragraphs)
            if part < len(HEADINGS) and heading_index % (len(aspects) + 1) == 0:
                paragraphs.append([HEADINGS[part]])
                part += 1
            aspect = aspects[len(paragraphs) % len(aspects)]
            number = NUMERALS[len(paragraphs) % 10]
            paragraphs.append([f"（{number}）在{aspect.wording}方面。"])
            sentences = self._sentences(int(self.rng.integers(4, 10)), unit)
            paragraphs.append(sentences)
            size += sum(map(len, sentences)) + 12
        return paragraphs

    def document(
        self,
        name: str,
        unit: str,
        year: int,
        doc_class: str = "own",
        quotes: list[str] | None = None,
        stock: list[str] | None = None,
    ) -> tuple[str, list[list[str]]]:
        framework = self.frameworks[self.rng.integers(len(self.frameworks))]
        target = int(np.clip(self.rng.normal(5000, 1200), 3000, 10000))
        shown_unit = "XX" if doc_class == "template" else unit
        paragraphs = self._body(target, shown_unit, framework)
        if doc_class == "template":
            for p in paragraphs:
                for i, s in enumerate(p):
                    if self.rng.random() < 0.08:
                        p[i] = "**年" + s
        for quote in quotes or []:
            p = paragraphs[self.rng.integers(len(paragraphs))]
            p.insert(self.rng.integers(len(p) + 1), f"正如文件指出的“{quote}”")
        body = [p for p in paragraphs if len(p) > 1]
        for phrase in stock or []:
            p = body[self.rng.integers(len(body))]
            p.insert(self.rng.integers(len(p) + 1), phrase + "。")
        title = f"{shown_unit}{framework.title}对照检查材料"
        return title, paragraphs

    @staticmethod
    def assemble(title: str, paragraphs: list[list[str]]) -> tuple[str, np.ndarray]:
        """The text and the spans of its body sentences (headings are not copied alone)."""
        parts, spans, at = [title, "\n"], [], len(title) + 1
        for p in paragraphs:
            for s in p:
                if len(p) > 1:
                    spans.append((at, at + len(s)))
                parts.append(s)
                at += len(s)
            parts.append("\n")
            at += 1
        return "".join(parts), np.array(spans, dtype=np.int32)

    # ------------------------------------------------------------ light edits

    def edit(self, sentence: str, source_unit: str, unit: str) -> str:
        rng = self.rng
        s = sentence.replace(source_unit, unit).replace("XX", unit)
        s = s.replace("**", str(int(rng.integers(2015, 2026))))
        if rng.random() < 0.5 and len(s) > 8:
            i = int(rng.integers(1, len(s) - 6))
            kind = rng.integers(3)
            if kind == 0:
                s = s[:i] + s[i + 2 : i + 4] + s[i : i + 2] + s[i + 4 :]
            elif kind == 1:
                s = s[:i] + self.two_char[rng.integers(len(self.two_char))] + s[i:]
            else:
                s = s[:i] + s[i + 2 :]
        if rng.random() < 0.3:
            s = s.replace("，", "；") if rng.random() < 0.5 else s.replace("。", "！")
        if rng.random() < 0.1:
            i = int(rng.integers(1, len(s)))
            s = s[:i] + (" " if rng.random() < 0.5 else "\n") + s[i:]
        if rng.random() < 0.05:
            s = s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return s

    # ------------------------------------------------------------ archive and queries

    def archive(self, count: int, templates: int = 100, officials: int = 20, copier_share: float = 0.1) -> list[Doc]:
        rng = self.rng
        docs: list[Doc] = []
        if self.stock:
            self._stock_for_archive(count - officials)
        for i in range(officials):
            title, paragraphs = self.document(f"official-{i:03d}.txt", "", 2020, "official")
            text, spans = self.assemble(title, paragraphs)
            docs.append(Doc(f"official-{i:03d}.txt", text, spans, "", 2020, "official"))
        self.officials = docs[:officials]
        for i in range(count - officials):
            doc_class = "template" if i < templates else "own"
            unit = self.unit_name()
            year = int(rng.integers(2019, 2026))
            name = f"doc-{i:07d}.txt"
            if doc_class == "own" and i >= 200 and rng.random() < copier_share:
                text, spans, _ = self.copier(name, unit, year, docs[officials:], self.stock_of.get(i))
            else:
                title, paragraphs = self.document(name, unit, year, doc_class, self._quotes(), self.stock_of.get(i))
                text, spans = self.assemble(title, paragraphs)
            docs.append(Doc(name, text, spans, unit, year, doc_class))
        self.templates = [d for d in docs if d.doc_class == "template"]
        return docs

    def _quotes(self) -> list[str]:
        if not getattr(self, "officials", None) or self.rng.random() >= 0.1:
            return []
        quotes = []
        for _ in range(int(self.rng.integers(1, 3))):
            doc = self.officials[self.rng.integers(len(self.officials))]
            a, b = doc.sentences[self.rng.integers(len(doc.sentences))]
            quotes.append(doc.text[a:b].rstrip("。"))
        return quotes

    def copier(
        self, name: str, unit: str, year: int, pool: list[Doc], stock: list[str] | None = None
    ) -> tuple[str, np.ndarray, list[Planted]]:
        rng = self.rng
        title, paragraphs = self.document(name, unit, year, "own", self._quotes(), stock)
        own_chars = sum(len(s) for p in paragraphs for s in p)
        share = rng.uniform(0.05, 0.9)
        sources = []
        for _ in range(int(rng.integers(1, 4))):
            templates = getattr(self, "templates", None) or [d for d in pool if d.doc_class == "template"]
            if templates and rng.random() < 0.3:
                sources.append(templates[rng.integers(len(templates))])
            else:
                sources.append(pool[rng.integers(len(pool))])
        inserted: dict[tuple[int, int], list] = {}
        copied = 0
        body = [i for i, p in enumerate(paragraphs) if len(p) > 1]
        while copied < share * own_chars and body:
            source = sources[rng.integers(len(sources))]
            if len(source.sentences) < 2:
                break
            length = int(rng.integers(1, 7))
            first = int(rng.integers(len(source.sentences) - 1))
            last = min(first + length, len(source.sentences))
            edited = [self.edit(source.text[a:b], source.unit, unit) for a, b in source.sentences[first:last]]
            where = (body[rng.integers(len(body))], 0)
            where = (where[0], int(rng.integers(len(paragraphs[where[0]]) + 1)))
            piece = "".join(edited)
            inserted.setdefault(where, []).append(
                (piece, source.name, int(source.sentences[first][0]), int(source.sentences[last - 1][1]))
            )
            # the copied passage replaces about as much own text
            p = paragraphs[where[0]]
            if len(p) > 2:
                victim = int(rng.integers(len(p)))
                if victim != where[1]:
                    p[victim] = ""
            copied += len(piece)
        parts, planted, at = [title, "\n"], [], len(title) + 1
        spans = []
        for pi, p in enumerate(paragraphs):
            for si in range(len(p) + 1):
                for piece, source, s_start, s_end in inserted.get((pi, si), []):
                    planted.append(Planted(at, at + len(piece), source, s_start, s_end))
                    spans.append((at, at + len(piece)))
                    parts.append(piece)
                    at += len(piece)
                if si < len(p) and p[si]:
                    if len(p) > 1:
                        spans.append((at, at + len(p[si])))
                    parts.append(p[si])
                    at += len(p[si])
            parts.append("\n")
            at += 1
        return "".join(parts), np.array(spans, dtype=np.int32), planted

    def queries(self, count: int, archive: list[Doc], copier_share: float = 0.75) -> list[Query]:
        pool = [d for d in archive if d.doc_class != "official"]
        out = []
        for i in range(count):
            name = f"query-{i:05d}.txt"
            unit, year = self.unit_name(), 2026
            stock = self._stock_for_query() if self.stock else None
            if self.rng.random() < copier_share:
                text, _, planted = self.copier(name, unit, year, pool, stock)
                out.append(Query(name, text, True, planted))
            else:
                title, paragraphs = self.document(name, unit, year, "own", self._quotes(), stock)
                out.append(Query(name, self.assemble(title, paragraphs)[0], False))
        return out
