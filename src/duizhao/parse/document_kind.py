"""What a document is: a self-examination material, or a speech, news report, essay, writing guide,
rules/plan or work report that someone pasted in. Cue patterns are data
(`data/phrases/document_kinds.toml`); the material also scores the parts its structure has, so a
text with problems, causes and measures reads as a material whatever its title says."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MATERIAL = "material"
_STRUCTURE_PARTS = ("problems", "causes", "measures")


@dataclass(frozen=True)
class Kind:
    id: str
    name: str
    title: re.Pattern[str]
    body: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class KindData:
    kinds: tuple[Kind, ...]
    opening: int
    title_zone: int
    title_weight: int
    title_end_weight: int
    structure_weight: int
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
        Kind(k["id"], k["name"], re.compile(k["title"]), tuple(re.compile(p, re.MULTILINE) for p in k["body"]))
        for k in data["kind"]
    )
    return KindData(
        kinds,
        data["opening"],
        data["title_zone"],
        data["title_weight"],
        data.get("title_end_weight", 0),
        data["structure_weight"],
        data["min_lead"],
    )


def kind_names() -> dict[str, str]:
    return {k.id: k.name for k in kind_data().kinds}


def document_kind(title: str, text: str, section_kinds: list[str]) -> DocumentKind:
    """`text`: the (simplified) cleaned text; `section_kinds`: the kinds of the sections found."""
    data = kind_data()
    title_zone = title[: data.title_zone]
    opening = text[: data.opening]
    scores: dict[str, int] = {}
    cues: dict[str, list[str]] = {}
    for kind in data.kinds:
        found = []
        title_hits = list(kind.title.finditer(title_zone))
        if title_hits:
            found.append(f"标题含“{title_hits[-1].group()}”")
        at_end = any(_TITLE_TAIL.fullmatch(title_zone, hit.end()) for hit in title_hits)
        body_hits = [m.group().strip() for m in (p.search(opening) for p in kind.body) if m]
        found += [f"“{hit}”" for hit in body_hits]
        score = (data.title_weight if title_hits else 0) + (data.title_end_weight if at_end else 0) + len(body_hits)
        if kind.id == MATERIAL:
            parts = [p for p in _STRUCTURE_PARTS if p in section_kinds]
            score += data.structure_weight * len(parts)
            if parts:
                found.append("有" + "、".join(_PART_NAMES[p] for p in parts) + "部分")
        scores[kind.id], cues[kind.id] = score, found
    best = max(data.kinds, key=lambda k: scores[k.id])  # the first of equals: the material
    material = data.kinds[0]
    if best.id == MATERIAL or scores[best.id] < scores[MATERIAL] + data.min_lead:
        if not cues[MATERIAL]:
            return DocumentKind(MATERIAL, material.name, "没有看出是其他文体，按对照检查材料读取")
        return DocumentKind(MATERIAL, material.name, "、".join(cues[MATERIAL][:4]))
    return DocumentKind(best.id, best.name, "、".join(cues[best.id][:4]))


_TITLE_TAIL = re.compile(r"(?:[（(][^()（）]{0,12}[)）])?[\s。.…]*")
_PART_NAMES = {"problems": "问题", "causes": "原因", "measures": "措施"}
