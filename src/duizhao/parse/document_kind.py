"""What a document is: a self-examination material, or a speech, news report, essay, writing guide,
rules/plan or work report that someone pasted in. Cue patterns are data
(`data/phrases/document_kinds.toml`). Besides words, the detector reads the document's shape:

- the title's genre is the genre word it ends on (its head: "关于召开……的通知" is a notice), and a
  title asking how to write or hold something is a guide whatever it names after that;
- a news report opens with a dateline or a byline;
- who speaks: a speech addresses its audience ("同志们", "大家") again and again, a news report
  quotes others ("……”宋某说"), rules list the meeting's time, place and people and set deadlines;
- a material examines itself: sentences outside quotation marks where the writer (本人, 我, 班子,
  党组) falls short, and its problems, causes and measures are its body, not a part that comes after
  a report of achievements or a section on something else."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Protocol

MATERIAL = "material"
_STRUCTURE_PARTS = ("problems", "causes", "measures")
_LEAD_ALLOWED = ("preamble", "carryover", "closing")  # may come before the material's parts


class _Section(Protocol):
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Counted:
    """A cue that counts only when found at least `at_least` times (a habit, not a word)."""

    pattern: re.Pattern[str]
    at_least: int
    name: str  # in Chinese, for the reason


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    title: re.Pattern[str]
    body: tuple[re.Pattern[str], ...]
    counted: tuple[Counted, ...]
    frame: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class KindData:
    kinds: tuple[Kind, ...]
    opening: int
    title_zone: int
    title_weight: int
    title_other_weight: int
    how_to: re.Pattern[str]
    frame_zone: int
    frame_weight: int
    structure_weight: int
    voice_self: re.Pattern[str]
    voice_shortfall: re.Pattern[str]
    voice_at_least: int
    voice_weight: int
    min_lead: int


@dataclass(frozen=True)
class DocumentKind:
    id: str  # material | speech | news | essay | guide | rules | report
    name: str  # in Chinese
    reason: str  # in Chinese: the cues that decided


@lru_cache(maxsize=1)
def kind_data() -> KindData:
    data = tomllib.loads((resources.files("duizhao") / "data" / "phrases" / "document_kinds.toml").read_text("utf-8"))
    kinds = tuple(
        Kind(
            k["id"],
            k["name"],
            re.compile(k["title"]),
            tuple(re.compile(p, re.MULTILINE) for p in k["body"]),
            tuple(
                Counted(re.compile(c["pattern"], re.MULTILINE), c["at_least"], c["name"]) for c in k.get("counted", [])
            ),
            tuple(re.compile(p, re.MULTILINE) for p in k.get("frame", [])),
        )
        for k in data["kind"]
    )
    voice = data["voice"]
    return KindData(
        kinds,
        data["opening"],
        data["title_zone"],
        data["title_weight"],
        data["title_other_weight"],
        re.compile(data["how_to"]),
        data["frame_zone"],
        data["frame_weight"],
        data["structure_weight"],
        re.compile(voice["self"]),
        re.compile(voice["shortfall"]),
        voice["at_least"],
        voice["weight"],
        data["min_lead"],
    )


def kind_names() -> dict[str, str]:
    return {k.id: k.name for k in kind_data().kinds}


def document_kind(title: str, text: str, sections: Sequence[_Section], body_start: int = 0) -> DocumentKind:
    """`title`: the title the layout found (with a "——在……上的讲话" subtitle); `text`: the
    (simplified) cleaned text; `sections`: the parts found, in order (kind, start, end);
    `body_start`: where the text after the title lines begins."""
    data = kind_data()
    scores, cues = kind_scores(title, text, sections, body_start)
    best = max(data.kinds, key=lambda k: scores[k.id])  # the first of equals: the material
    material = data.kinds[0]
    if best.id == MATERIAL or scores[best.id] < scores[MATERIAL] + data.min_lead:
        if not cues[MATERIAL]:
            return DocumentKind(MATERIAL, material.name, "没有看出是其他文体，按对照检查材料读取")
        return DocumentKind(MATERIAL, material.name, "、".join(cues[MATERIAL][:4]))
    return DocumentKind(best.id, best.name, "、".join(cues[best.id][:4]))


def kind_scores(
    title: str, text: str, sections: Sequence[_Section], body_start: int = 0
) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Every kind's score and the cues (in Chinese) that gave it, as `document_kind` weighs them."""
    data = kind_data()
    title_zone = title[: data.title_zone]
    opening = text[: data.opening]
    frame_zone = text[body_start : body_start + data.frame_zone]
    head, title_hits = _title_head(data, title_zone)
    scores: dict[str, int] = {}
    cues: dict[str, list[str]] = {}
    for kind in data.kinds:
        found = []
        score = 0
        if kind.id in title_hits:
            found.append(f"标题{'点明文体' if kind.id == head else '含'}“{title_hits[kind.id]}”")
            score += data.title_weight if kind.id == head else data.title_other_weight
        frames = [m.group().strip() for m in (p.search(frame_zone) for p in kind.frame) if m]
        found += [f"开头是“{hit}”" for hit in frames]
        score += data.frame_weight * len(frames)
        body_hits = [m.group().strip() for m in (p.search(opening) for p in kind.body) if m]
        found += [f"“{hit}”" for hit in body_hits]
        score += len(body_hits)
        for counted in kind.counted:
            times = len(counted.pattern.findall(opening))
            if times >= counted.at_least:
                found.append(f"{counted.name}{times}处")
                score += 1
        if kind.id == MATERIAL:
            score += _material_shape(data, opening, sections, found)
        scores[kind.id], cues[kind.id] = score, found
    return scores, cues


def _title_head(data: KindData, title: str) -> tuple[str | None, dict[str, str]]:
    """The kind the title's genre word names (the last one; a how-to title is a guide) and the
    last hit of every kind named in it."""
    hits: dict[str, re.Match[str]] = {}
    for kind in data.kinds:
        matches = list(kind.title.finditer(title))
        if matches:
            hits[kind.id] = matches[-1]
    how_to = data.how_to.search(title)
    if how_to:
        hits["guide"] = how_to
        head: str | None = "guide"
    else:
        head = max(hits, key=lambda k: (hits[k].end(), -hits[k].start())) if hits else None
    return head, {k: m.group() for k, m in hits.items()}


def _material_shape(data: KindData, opening: str, sections: Sequence[_Section], found: list[str]) -> int:
    """The material's own marks: it examines itself, and its problems, causes and measures are
    its body (no other part comes before them)."""
    score = 0
    own = _QUOTED.sub("", opening)  # what others said, quoted, is not the writer examining himself
    sentences = [s for s in _SENTENCE.split(own) if data.voice_self.search(s) and data.voice_shortfall.search(s)]
    if len(sentences) >= data.voice_at_least:
        found.append(f"自我查摆的句子{len(sentences)}句")
        score += data.voice_weight
    parts: list[str] = []
    for section in sections:
        if section.kind in _STRUCTURE_PARTS:
            if section.kind not in parts:
                parts.append(section.kind)
        elif section.kind not in _LEAD_ALLOWED and not parts:
            break  # another part comes first: the problems are not the body of this document
    if parts:
        found.append("有" + "、".join(_PART_NAMES[p] for p in _STRUCTURE_PARTS if p in parts) + "部分")
    return score + data.structure_weight * len(parts)


_QUOTED = re.compile(r"“[^“”]{0,300}”")
_SENTENCE = re.compile(r"[。！？!?；;\n]")
_PART_NAMES = {"problems": "问题", "causes": "原因", "measures": "措施"}
