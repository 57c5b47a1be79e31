"""The review's data: rules.toml (severities, thresholds, patterns, messages) and the phrase
lists, loaded once from the package (or from a folder given by the caller)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from duizhao.errors import InputError
from duizhao.model import Finding, Severity

# A table of rules.toml as tomllib reads it (values of any TOML type: each rule reads its own).
Table = dict[str, Any]

PHRASE_LISTS = (
    "generic_problem",
    "objective_cause",
    "subjective_root",
    "disguised_praise",
    "self_praise",
    "hope_instead",
    "no_target",
    "restatement_synonyms",
    "formulas",
)


# Lists added later: a unit's own rules folder written before them still loads (the list is empty).
OPTIONAL_LISTS = ("restatement_synonyms", "formulas")


@dataclass
class ReviewConfig:
    data: Table
    phrases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _compiled: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def rule(self, rule_id: str) -> Table:
        rule: Table = self.data["rules"][rule_id]
        return rule

    def severity(self, rule_id: str) -> Severity:
        severity: Severity = self.rule(rule_id)["severity"]
        return severity

    def finding(
        self, rule_id: str, start: int, end: int, data: dict[str, Any] | None = None, **fields: object
    ) -> Finding:
        """A finding of `rule_id` whose message is the rule's template filled with `fields`."""
        message: str = self.rule(rule_id)["message"].format(**fields)
        return Finding(rule_id, self.severity(rule_id), message, start, end, dict(data or {}))

    def regex(self, pattern: str) -> re.Pattern[str]:
        if pattern not in self._compiled:
            self._compiled[pattern] = re.compile(pattern)
        return self._compiled[pattern]


def _read_phrases(text: str) -> tuple[str, ...]:
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def load_review_config(folder: Path | None = None) -> ReviewConfig:
    """Rules and phrase lists from `folder` (same layout as the shipped data), else the shipped ones."""
    if folder is None:
        return _shipped_config()
    folder = Path(folder)
    try:
        data = tomllib.loads((folder / "rules.toml").read_text(encoding="utf-8"))
        phrases = {
            name: _read_phrases((folder / "phrases" / f"{name}.txt").read_text(encoding="utf-8"))
            for name in PHRASE_LISTS
            if name not in OPTIONAL_LISTS or (folder / "phrases" / f"{name}.txt").exists()
        }
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(str(folder), f"无法读取审读规则文件（{error}）") from error
    return ReviewConfig(data, phrases)


@lru_cache(maxsize=1)
def _shipped_config() -> ReviewConfig:
    root = resources.files("duizhao") / "data" / "review"
    data = tomllib.loads((root / "rules.toml").read_text(encoding="utf-8"))
    phrases = {
        name: _read_phrases((root / "phrases" / f"{name}.txt").read_text(encoding="utf-8")) for name in PHRASE_LISTS
    }
    return ReviewConfig(data, phrases)
