"""Comparing the materials of one meeting with each other (上下一般粗、左右一样平) and with their
authors' materials of earlier years in the archive (年年提)."""

from __future__ import annotations

import tempfile
from dataclasses import asdict, dataclass, field
from typing import Any

from duizhao.copycheck.check import check_copies
from duizhao.copycheck.corpus import Corpus
from duizhao.copycheck.settings import Settings
from duizhao.model import Material


@dataclass
class EarlierCopy:
    material: str
    source: str
    year: int | None
    share: float


@dataclass
class TeamMatrix:
    names: list[str]
    matrix: list[list[float]]  # matrix[i][j]: share of material i's text found in material j
    copy_ratios: list[float]  # each material's copy ratio against the other team materials
    earlier: list[EarlierCopy] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": self.names,
            "matrix": self.matrix,
            "copy_ratios": self.copy_ratios,
            "earlier": [asdict(e) for e in self.earlier],
        }


def _names(materials: list[Material]) -> list[str]:
    names, seen = [], set()
    for index, material in enumerate(materials, 1):
        name = material.source_name or material.title or f"材料{index}"
        while name in seen:
            name = f"{name}（{index}）"
        seen.add(name)
        names.append(name)
    return names


def compare_team(
    materials: list[Material],
    corpus: Corpus | None = None,
    *,
    min_run: int | None = None,
    settings: Settings | None = None,
) -> TeamMatrix:
    """Pairwise copy shares among one meeting's materials; with `corpus`, also what each
    material repeats from its author's materials of earlier years there."""
    names = _names(materials)
    index = {name: i for i, name in enumerate(names)}
    matrix = [[0.0] * len(materials) for _ in materials]
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        team = Corpus(folder, settings or (corpus.settings if corpus is not None else None))
        team.add_many([{"item": m, "name": n} for m, n in zip(materials, names)])
        for i, (material, name) in enumerate(zip(materials, names)):
            report = check_copies(material, team, min_run=min_run, exclude=[name])
            for source in report.sources:
                matrix[i][index[source.name]] = source.share
            ratios.append(report.copy_ratio)
    earlier = []
    if corpus is not None:
        for material, name in zip(materials, names):
            if not material.author:
                continue
            report = check_copies(material, corpus, min_run=min_run, exclude=[name])
            for source in report.sources:
                if source.author == material.author and (
                    material.year is None or source.year is None or source.year < material.year
                ):
                    earlier.append(EarlierCopy(material=name, source=source.name, year=source.year, share=source.share))
    return TeamMatrix(names=names, matrix=matrix, copy_ratios=ratios, earlier=earlier)
