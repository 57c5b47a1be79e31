"""Small helpers shared by the cycle modules: data files and duck-typed field access."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from duizhao.errors import InputError


def load_cycle_data(name: str, path: str | Path | None = None) -> dict[str, Any]:
    """Read `duizhao/data/cycle/<name>` or, when `path` is given, a unit's own copy of it."""
    try:
        if path is not None:
            return tomllib.loads(Path(path).read_text(encoding="utf-8"))
        entry = resources.files("duizhao") / "data" / "cycle" / name
        return tomllib.loads(entry.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(str(path or name), f"无法读取配置文件（{error}）") from error


def load_cycle_text(name: str) -> str:
    """The text of `duizhao/data/cycle/<name>` ("" when the file is not there)."""
    entry = resources.files("duizhao") / "data" / "cycle" / name
    try:
        return entry.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """`obj[name]` for a mapping, `obj.name` otherwise: the web passes dicts or dataclasses."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def name_of(person: Any) -> str:
    """A person given as a plain name or as anything with a `name`."""
    if isinstance(person, str):
        return person
    return str(field_of(person, "name", "")).strip()
