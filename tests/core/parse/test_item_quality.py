"""Item-level reading on labelled sets: the shared samples (labels as offsets in
labels/samples.toml) and our own written tuning set. Floors below the figures of
bench/parse_quality.py, so a regression fails here; the held-out set is not used by tests."""

import sys
from pathlib import Path

import pytest

from duizhao.parse import parse_material

sys.path.insert(0, str(Path(__file__).resolve().parent / "written"))
from written import Score, parse_written, sample_labels, score, written_files


def _total(pairs) -> Score:
    total = Score({}, {}, {}, [])
    for material, golds in pairs:
        total = total.add(score(material, golds))
    return total


def _ratio(a, b):
    return a / b if b else 1.0


def test_shared_samples_items(samples):
    total = _total((parse_material(path), golds) for path, golds in sample_labels())
    for role in ("problem", "cause", "measure"):
        assert _ratio(total.matched[role], total.gold[role]) >= 0.9, role  # recall
    assert _ratio(total.matched["problem"], total.found["problem"]) >= 0.95
    assert _ratio(total.matched["cause"], total.found["cause"]) >= 0.95
    assert all(gold == found for gold, found in total.aspects)


@pytest.mark.parametrize(
    "name", ["excerpts/021.txt", "excerpts/023.txt", "excerpts/049.txt", "excerpts/053.txt", "excerpts/059.txt"]
)
def test_lists_in_speeches_and_news_are_not_problems(samples, name):
    m = parse_material(samples / name)
    assert m.problems == [] and m.causes == []
    assert m.items  # the lists are read, and judged to be something else


def test_sample_000_item_roles(samples):
    m = parse_material(samples / "000_edabf4a0fb341e20.txt")
    roles = [i.role for i in m.items]
    assert roles.count("problem") == 12 and roles.count("cause") == 4 and roles.count("measure") == 3


def test_written_tuning_set(tmp_path):
    total = _total(parse_written(path, tmp_path) for path in written_files("tuning"))
    for role in ("problem", "cause", "measure"):
        assert _ratio(total.matched[role], total.gold[role]) >= 0.9, role
        assert _ratio(total.matched[role], total.found[role]) >= 0.9, role
    right = sum(gold == found for gold, found in total.aspects)
    assert right / len(total.aspects) >= 0.9
