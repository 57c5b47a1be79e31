"""The bundled example materials (fictional unit, original text): demo data for `duizhao demo`
and the workbench."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEAM_EXAMPLE = "team-2025-qingchuan.txt"
PERSONAL_EXAMPLE = "personal-2025-li-mingyuan.txt"
EXAMPLES = (TEAM_EXAMPLE, PERSONAL_EXAMPLE)


def example_paths() -> list[Path]:
    folder = resources.files("duizhao.data").joinpath("examples")
    return [Path(str(folder.joinpath(name))) for name in EXAMPLES]
