"""Findings on real materials judged by hand: right / wrong / debatable, each with its reason.

The review's precision on real text is measured by running it over a folder of materials (the
CLI's way: parse_material, then review_material without a framework), cutting every finding into
units and looking each unit up in a judgements file (TOML, kept with the tests):

    [[finding]]
    file = "excerpts/001.txt"        # path inside the folder
    rule = "specificity.no_example"
    key = "2、政治“三力”有待提升"       # the unit's key (see unit_key)
    judgement = "right"              # right | wrong | debatable
    reason = "…"                     # one line: why

A unit is one thing the reader has to judge: the findings of one rule whose first words are the
same (the same placeholder in 21 places is one unit; six vague problems are six units). Strict
precision = right / judged."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from duizhao.model import Finding, Material

JUDGEMENTS = ("right", "wrong", "debatable")
KEY_LETTERS = 16
SUFFIXES = (".txt", ".docx", ".md")


@dataclass(frozen=True)
class Unit:
    file: str
    rule: str
    key: str
    severity: str


@dataclass
class Judgement:
    file: str
    rule: str
    key: str
    judgement: str
    reason: str


@dataclass
class Tally:
    right: int = 0
    wrong: int = 0
    debatable: int = 0
    unjudged: int = 0
    unjudged_units: list[Unit] = field(default_factory=list)

    @property
    def judged(self) -> int:
        return self.right + self.wrong + self.debatable

    @property
    def strict_precision(self) -> float | None:
        """right / judged: a debatable finding counts against the rule."""
        return round(self.right / self.judged, 3) if self.judged else None

    @property
    def lenient_precision(self) -> float | None:
        """(right + debatable) / judged."""
        return round((self.right + self.debatable) / self.judged, 3) if self.judged else None

    def to_dict(self) -> dict[str, int | float | None]:
        return {
            "right": self.right,
            "wrong": self.wrong,
            "debatable": self.debatable,
            "unjudged": self.unjudged,
            "strict_precision": self.strict_precision,
            "lenient_precision": self.lenient_precision,
        }


def unit_key(material: Material, finding: Finding) -> str:
    """The first KEY_LETTERS letters of the finding's span (spaces dropped), and the aspect for a
    finding about an aspect (those all point at the title); “|soft” for the gentle note on a
    placeholder that may be deliberate anonymity (the same word may also be an error)."""
    span = re.sub(r"\s+", "", material.text[finding.start : finding.end])[:KEY_LETTERS]
    aspect = finding.data.get("aspect_id")
    key = f"{span}|{aspect}" if aspect else span
    return f"{key}|soft" if finding.data.get("soft") else key


def units_of(file: str, material: Material, findings: Iterable[Finding]) -> list[Unit]:
    """Every finding's unit, once each, in text order."""
    seen: dict[tuple[str, str], Unit] = {}
    for finding in findings:
        key = unit_key(material, finding)
        seen.setdefault((finding.rule, key), Unit(file, finding.rule, key, finding.severity))
    return list(seen.values())


def review_folder(folder: Path) -> list[Unit]:
    """Parse and review every material in `folder` as `duizhao review FOLDER` does; their units."""
    from duizhao.parse import parse_material
    from duizhao.review import review_material

    units: list[Unit] = []
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
        material = parse_material(path)
        result = review_material(material, as_material=False)
        units += units_of(path.relative_to(folder).as_posix(), material, result.findings)
    return units


def load_judgements(path: Path) -> dict[tuple[str, str, str], Judgement]:
    entries = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("finding", [])
    judged = {}
    for entry in entries:
        judgement = Judgement(entry["file"], entry["rule"], entry["key"], entry["judgement"], entry["reason"])
        if judgement.judgement not in JUDGEMENTS:
            raise ValueError(
                f"{judgement.file} {judgement.rule} {judgement.key}: unknown judgement {judgement.judgement}"
            )
        judged[(judgement.file, judgement.rule, judgement.key)] = judgement
    return judged


def tally(units: list[Unit], judged: dict[tuple[str, str, str], Judgement]) -> dict[str, Tally]:
    """Per rule and "overall": how many units were judged right, wrong, debatable, or not judged."""
    tallies: dict[str, Tally] = {}
    for unit in units:
        for name in (unit.rule, "overall"):
            entry = tallies.setdefault(name, Tally())
            found = judged.get((unit.file, unit.rule, unit.key))
            if found is None:
                entry.unjudged += 1
                entry.unjudged_units.append(unit)
            else:
                setattr(entry, found.judgement, getattr(entry, found.judgement) + 1)
    return dict(sorted(tallies.items(), key=lambda item: (item[0] == "overall", item[0])))
