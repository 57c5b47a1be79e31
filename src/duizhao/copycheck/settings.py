"""Copy-check settings: the shipped TOML file, optionally overridden by a unit's own file."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from duizhao.errors import InputError


@dataclass(frozen=True)
class Settings:
    kgram: int = 8
    window: int = 6
    min_run: int = 13
    common_max_docs: int = 50
    common_min_docs: int = 10
    common_share: float = 0.02
    max_candidates: int = 20
    max_common_sources: int = 4
    min_hits: int = 3
    min_hits_redundant: int = 8
    max_redundant: int = 3
    rare_docs: int = 3
    stock_docs: int = 6
    stock_docs_quantile: float = 0.3
    stock_length_per_doubling: int = 12
    merge_gap: int = 40
    official_phrase_min: int = 4
    max_segments: int = 8
    segment_docs: int = 100000

    def common_cap(self, documents: int) -> int:
        """Fingerprints in more than this many documents are common phrases (套话)."""
        return max(self.common_min_docs, min(self.common_max_docs, int(self.common_share * documents)))

    def stock_length(self, documents: int, min_run: int) -> float:
        """Normalised characters a passage found in `documents` archive documents needs to count
        as copied: `min_run` up to `stock_docs` documents, then `stock_length_per_doubling` more
        each time the number of documents doubles. Shorter passages are shared stock phrases."""
        if documents <= self.stock_docs:
            return float(min_run)
        return min_run + self.stock_length_per_doubling * math.log2(documents / self.stock_docs)


def _from_dict(data: dict[str, Any], base: Settings, origin: str) -> Settings:
    """`data`: a parsed TOML table (tomllib's own type)."""
    known = {f.name: f.type for f in fields(Settings)}
    unknown = set(data) - set(known)
    if unknown:
        raise InputError(origin, f"查重设置中有不认识的项：{'、'.join(sorted(unknown))}")
    try:
        # Any: each value is converted to its own field's type (int or float), which mypy cannot
        # follow through `replace(**values)`
        values: dict[str, Any] = {name: (float(v) if known[name] == "float" else int(v)) for name, v in data.items()}
    except (TypeError, ValueError) as error:
        raise InputError(origin, f"查重设置的值不对（{error}）") from error
    return replace(base, **values)


def load_settings(path: str | Path | None = None) -> Settings:
    shipped = resources.files("duizhao") / "data" / "copycheck" / "settings.toml"
    settings = _from_dict(tomllib.loads(shipped.read_text(encoding="utf-8")), Settings(), "settings.toml")
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise InputError(str(path), f"无法读取查重设置（{error}）") from error
        settings = _from_dict(data, settings, str(path))
    if settings.min_run < settings.kgram:
        raise InputError(None, f"最短复制长度不能小于 {settings.kgram} 个字")
    return settings
