"""Load frameworks (a year's theme and its ordered aspects) from TOML data files.

Shipped frameworks live in the package (`duizhao/data/frameworks/*.toml`). A unit adds its own
by dropping a file of the same shape into `<data_dir>/frameworks/` (or any folder passed in);
a user file with the same `id` replaces the shipped one.
"""
from __future__ import annotations

import os
import tomllib
from importlib import resources
from pathlib import Path

from duizhao.errors import InputError
from duizhao.model import Aspect, Framework


def user_framework_dirs() -> list[Path]:
    """Folders searched for a unit's own framework files, from DUIZHAO_DATA_DIR / DUIZHAO_FRAMEWORKS."""
    dirs = []
    if os.environ.get("DUIZHAO_DATA_DIR"):
        dirs.append(Path(os.environ["DUIZHAO_DATA_DIR"]) / "frameworks")
    for extra in filter(None, os.environ.get("DUIZHAO_FRAMEWORKS", "").split(os.pathsep)):
        dirs.append(Path(extra))
    return dirs


def framework_from_dict(data: dict, path: str = "") -> Framework:
    try:
        aspects = tuple(
            Aspect(
                id=a["id"],
                wording=a["wording"],
                short_name=a["short_name"],
                aliases=tuple(a.get("aliases", ())),
                unverified=bool(a.get("unverified", False)),
            )
            for a in data["aspects"]
        )
        return Framework(
            id=data["id"],
            year=int(data["year"]),
            meeting_kind=data["meeting_kind"],
            meeting_type=data["meeting_type"],
            title=data["title"],
            theme=data.get("theme", ""),
            theme_unverified=bool(data.get("theme_unverified", False)),
            aspects=aspects,
            announcements=tuple(data.get("announcements", ())),
            sources=tuple(data.get("sources", ())),
            notes=data.get("notes", ""),
            path=path,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(path or None, f"年度框架文件格式不对（缺少或错误的字段：{error}）") from error


def load_framework_file(path: Path) -> Framework:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(str(path), f"无法读取年度框架文件（{error}）") from error
    return framework_from_dict(data, str(path))


def _shipped_files():
    folder = resources.files("duizhao") / "data" / "frameworks"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def load_frameworks(extra_dirs: list[Path] | None = None) -> list[Framework]:
    """All frameworks, shipped first, then user files (which override by id), sorted by year."""
    by_id: dict[str, Framework] = {}
    for entry in _shipped_files():
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        framework = framework_from_dict(data, f"duizhao/data/frameworks/{entry.name}")
        by_id[framework.id] = framework
    for folder in [*user_framework_dirs(), *(extra_dirs or [])]:
        if Path(folder).is_dir():
            for path in sorted(Path(folder).glob("*.toml")):
                framework = load_framework_file(path)
                by_id[framework.id] = framework
    return sorted(by_id.values(), key=lambda f: (f.year, f.meeting_kind, f.id))


def get_framework(framework_id: str, extra_dirs: list[Path] | None = None) -> Framework:
    for framework in load_frameworks(extra_dirs):
        if framework.id == framework_id:
            return framework
    known = "、".join(f.id for f in load_frameworks(extra_dirs))
    raise InputError(None, f"没有 id 为 “{framework_id}” 的年度框架（已有：{known}）")
