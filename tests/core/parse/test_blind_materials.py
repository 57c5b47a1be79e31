"""The blind materials (written/blind/ and the long ones, written/blind_long/) stay well formed:
whole-length texts whose marks strip cleanly, aspects of the framework each file is labelled with,
gold anchors that can be found again even if the reader turns traditional characters into
simplified ones. The parser is not run here: each set is measured by name (bench/parse_quality.py
--set blind|blind_long, bench/parse_quality_meta.py --blind|--blind-long)."""

import sys
import tomllib
from pathlib import Path

import opencc
import pytest

from duizhao.frameworks import get_framework

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "written"))
from written import load_written, written_files

SETS = ("blind", "blind_long")
LABELS = {
    folder: tomllib.loads((HERE / "labels" / f"meta_{folder}.toml").read_text(encoding="utf-8"))[folder]
    for folder in SETS
}
LENGTHS = {"blind": (3000, 8000), "blind_long": (5000, 8000)}


@pytest.mark.parametrize("folder", SETS)
def test_blind_files_are_labelled_whole_materials(folder):
    files = written_files(folder)
    assert len(files) >= 6
    assert [path.name for path in files] == sorted(LABELS[folder])
    assert sum(path.name.endswith(".docx.txt") for path in files) >= 2
    for path in files:
        text, golds = load_written(path)
        shortest, longest = LENGTHS[folder]
        assert shortest <= len(text) <= longest, (path.name, len(text))
        assert "⟦" not in text and "⟧" not in text, path.name
        roles = {gold.role for gold in golds}
        assert roles == {"problem", "cause", "measure"}, path.name


@pytest.mark.parametrize("folder", SETS)
def test_blind_aspects_belong_to_the_labelled_framework(folder):
    for path in written_files(folder):
        _, golds = load_written(path)
        framework_id = LABELS[folder][path.name]["framework"]
        aspects = [gold.aspect for gold in golds if gold.aspect]
        if framework_id == "none":
            assert not aspects, path.name
            continue
        known = {aspect.id for aspect in get_framework(framework_id).aspects}
        assert set(aspects) <= known, (path.name, set(aspects) - known)


@pytest.mark.parametrize("folder", SETS)
def test_blind_anchors_are_found_in_order_also_in_simplified_text(folder):
    to_simplified = opencc.OpenCC("t2s")
    for path in written_files(folder):
        text, golds = load_written(path)
        simplified = to_simplified.convert(text)
        for version in (text, simplified):
            cursor = 0
            for gold in golds:
                position = version.find(gold.anchor, cursor)
                assert position >= 0, (path.name, gold.anchor)
                cursor = position + 1
