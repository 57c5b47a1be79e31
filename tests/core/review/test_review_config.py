"""The rules' data: every registered rule has a severity and a message, messages format, and a
unit's own rules folder can replace the shipped one."""

from __future__ import annotations

import shutil
import string
from importlib import resources

import pytest

from duizhao.errors import InputError
from duizhao.review import review_material
from duizhao.review.config import load_review_config
from duizhao.review.registry import CRITICISM_RULES, RULES


def test_every_rule_has_data():
    config = load_review_config()
    for rule_id in [r for r, _ in RULES] + list(CRITICISM_RULES):
        entry = config.rule(rule_id)
        assert entry["severity"] in ("error", "warning", "info")
        fields = {name for _, name, _, _ in string.Formatter().parse(entry["message"]) if name}
        config.finding(rule_id, 0, 0, **{name: "x" for name in fields})  # formats without error
    assert set(config.data["rules"]) == {r for r, _ in RULES} | set(CRITICISM_RULES)


def test_phrase_lists_are_loaded():
    config = load_review_config()
    assert "有待加强" in config.phrases["generic_problem"]
    assert all(not p.startswith("#") for phrases in config.phrases.values() for p in phrases)


def test_own_folder_overrides(tmp_path):
    shipped = resources.files("duizhao") / "data" / "review"
    shutil.copytree(str(shipped), tmp_path / "review")
    rules = tmp_path / "review" / "rules.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("min_ratio = 0.5", "min_ratio = 0.01"), encoding="utf-8")
    config = load_review_config(tmp_path / "review")
    assert config.rule("measures.too_few")["min_ratio"] == 0.01


def test_broken_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        load_review_config(tmp_path)


def test_unknown_framework_asked_for_is_an_input_error():
    from duizhao.model import Material

    with pytest.raises(InputError):
        review_material(Material(text="x"), "dsh-1900")
