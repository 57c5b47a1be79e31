"""Reading a material for the copy check: the one parser door, with the file name kept."""

from __future__ import annotations

from pathlib import Path

from duizhao.model import Material
from duizhao.parse import parse_material


def load_material(path: str | Path) -> Material:
    material = parse_material(Path(path))
    if not material.source_name:
        material.source_name = Path(path).name
    return material
