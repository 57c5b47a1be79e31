"""The document model: plain dataclasses named after the glossary.

No I/O, no Django, no lxml here. Every element that comes from a text keeps its character
span (`start`, `end`) in the material's cleaned text (`Material.text`), so findings, copy
matches and comments can point at the exact words.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

MaterialKind = Literal["team", "personal", "unknown"]
Severity = Literal["error", "warning", "info"]


# ---------------------------------------------------------------- frameworks


@dataclass(frozen=True)
class Aspect:
    """One official area of a year's framework (对照检查的方面)."""

    id: str
    wording: str  # the official wording, e.g. 带头强化政治忠诚、提高政治能力
    short_name: str  # e.g. 政治忠诚
    aliases: tuple[str, ...] = ()  # other words that name it in real text
    unverified: bool = False  # the reference tags this wording [M]


@dataclass(frozen=True)
class Framework:
    """A year's theme plus its ordered aspects (年度框架)."""

    id: str  # e.g. "dsh-2023"
    year: int
    meeting_kind: str  # "democratic_life" | "organisational_life"
    meeting_type: str  # "annual" | "thematic"
    title: str  # e.g. 2023年主题教育专题民主生活会
    theme: str
    aspects: tuple[Aspect, ...]
    theme_unverified: bool = False
    announcements: tuple[str, ...] = ()  # extra 通报 items of that year
    sources: tuple[str, ...] = ()
    notes: str = ""
    path: str = ""  # file it was loaded from

    def aspect(self, aspect_id: str) -> Aspect | None:
        return next((a for a in self.aspects if a.id == aspect_id), None)


# ---------------------------------------------------------------- parsed material


@dataclass
class Placeholder:
    """Text left to fill (占位符): `*`, `XX`, `××`, `某某`, `【待补】`, `____`, `20**`."""

    text: str
    start: int
    end: int

    @property
    def offset(self) -> int:
        return self.start


@dataclass
class Removal:
    """Something cleaning took out of the raw text, reported, never silent."""

    kind: str  # paywall_marker | watermark | banner | web_chrome | doubled_title | junk | ...
    text: str
    raw_offset: int  # where it stood in the decoded raw text
    description: str = ""  # in Chinese, for the user


@dataclass
class ParseWarning:
    code: str  # mojibake | replacement_char | unplaced | ...
    message: str  # in Chinese
    start: int = 0
    end: int = 0


@dataclass
class Count:
    """A count the preamble states, e.g. 征求意见 45 条, 谈心谈话 30 人次."""

    kind: str  # opinions | talks | study_sessions | ...
    value: int | None  # None when the number is a placeholder
    text: str
    start: int
    end: int
    is_placeholder: bool = False


@dataclass
class Block:
    """One line of the cleaned text as the layout sees it."""

    kind: str  # title | subtitle | heading | paragraph
    level: int  # heading level 1..4; 0 for others
    text: str
    start: int
    end: int
    run_in: int = 0  # for a heading that runs into its paragraph: length of the heading part


@dataclass
class Section:
    kind: str  # preamble | carryover | problems | causes | measures | cases | other
    heading: str
    start: int
    end: int


@dataclass
class Problem:
    """One problem found (查摆问题), under an aspect, in document order."""

    text: str
    start: int
    end: int
    aspect_id: str | None = None
    aspect: str | None = None  # the aspect's short name
    summary: str = ""  # its summary sentence (e.g. the 一是… clause)


@dataclass
class Cause:
    text: str
    start: int
    end: int
    summary: str = ""


@dataclass
class MeasureItem:
    text: str
    start: int
    end: int


@dataclass
class Measure:
    text: str
    start: int
    end: int
    summary: str = ""
    items: list[MeasureItem] = field(default_factory=list)


ItemRole = Literal["problem", "cause", "measure", "achievement", "other"]


@dataclass
class Item:
    """One enumerated item of a material (a 一是…, a 1.…, a sub-heading with its text, or a
    paragraph of a part), with the role its own words give it (see `parse/items.py`)."""

    text: str
    start: int
    end: int
    role: str  # ItemRole
    confidence: float  # the classifier's probability of `role`, 0..1
    prior: str = ""  # the kind of the part it stands in (problems | causes | measures | …), "" when none
    lead: str = ""  # the heading or lead sentence the part was recognised by


@dataclass
class Material:
    """A self-examination material (对照检查材料), parsed into its parts."""

    text: str  # the cleaned text; every span points into it
    title: str = ""
    kind: MaterialKind = "unknown"
    # What the document is: material | speech | news | essay | guide | rules | report
    # (`parse/document_kind.py`); only a material is reviewed as one.
    document_kind: str = "material"
    document_kind_reason: str = ""  # in Chinese: the cues that decided
    unit: str | None = None
    author: str | None = None
    year: int | None = None
    framework_id: str | None = None
    framework_reason: str = ""  # in Chinese: why this framework, or why none (e.g. a year we have none for)
    meeting_kind: str | None = None  # democratic_life | organisational_life, from the title/text
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    preamble: Section | None = None
    counts: list[Count] = field(default_factory=list)
    carryover: Section | None = None
    problems: list[Problem] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # every enumerated item with its role
    placeholders: list[Placeholder] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    source_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON shape other tools rely on (`duizhao parse --json`)."""
        data = asdict(self)
        data["framework"] = data.pop("framework_id")
        data["placeholders"] = [{"text": p.text, "offset": p.start, "end": p.end} for p in self.placeholders]
        data["problems"] = [
            {
                "aspect": p.aspect,
                "aspect_id": p.aspect_id,
                "summary": p.summary,
                "text": p.text,
                "start": p.start,
                "end": p.end,
            }
            for p in self.problems
        ]
        return data


# ---------------------------------------------------------------- review and copy check


@dataclass
class Finding:
    """One fault the review found, pointing at the words it is about."""

    rule: str  # stable id, e.g. coverage.aspect_missing
    severity: Severity
    message: str  # Chinese: what is wrong and how to fix it
    start: int = 0
    end: int = 0
    data: dict[str, Any] = field(default_factory=dict[str, Any])


@dataclass
class CopiedPassage:
    """A passage of the checked text found in a source document."""

    start: int  # offsets in the checked material's cleaned text
    end: int
    source: str  # the source document's name (the file name it was added with)
    source_start: int
    source_end: int
    similarity: float
    category: str = "copy"  # copy | official | common_phrase


@dataclass
class Annotation:
    """A remark anchored on a span of a material's cleaned text: a Word comment (批注) in .docx
    output, a highlight in HTML output. Review findings and copy passages both become these."""

    start: int
    end: int
    text: str  # the remark, in Chinese
    author: str = "duizhao"
    category: str = ""  # e.g. the rule id or "copy", used for colours in HTML
