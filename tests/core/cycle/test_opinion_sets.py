"""The labelled opinion files (bench/data/opinions/) stay well formed: every label is an aspect of
its framework, each file covers every aspect of the frameworks it uses, no text appears twice in
one file or in two files. The blind set (blind_seventh.tsv) is not run through the classifier
here: it is measured once, by name (bench/classify_opinions.py --split blind7)."""

from collections import Counter
from pathlib import Path

import pytest

from duizhao.frameworks import get_framework

OPINIONS = Path(__file__).resolve().parents[3] / "bench" / "data" / "opinions"
FILES = sorted(OPINIONS.glob("*.tsv"))


def _rows(path: Path) -> list[tuple[str, str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "framework_id\taspect_id\ttext", path.name
    return [tuple(line.split("\t")) for line in lines[1:] if line.strip()]  # type: ignore[misc]


def test_every_opinion_file_is_read():
    assert len(FILES) == 11


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_labels_are_aspects_of_their_framework_and_cover_them(path):
    rows = _rows(path)
    assert len(rows) >= 170
    assert all(len(row) == 3 and row[2].strip() == row[2] and row[2] for row in rows)
    per_aspect = Counter((framework_id, aspect_id) for framework_id, aspect_id, _ in rows)
    for framework_id in {framework_id for framework_id, _, _ in rows}:
        aspects = {aspect.id for aspect in get_framework(framework_id).aspects}
        assert {a for f, a in per_aspect if f == framework_id} == aspects, (path.name, framework_id)
        assert min(per_aspect[(framework_id, a)] for a in aspects) >= 4, (path.name, framework_id)


def test_no_text_repeats_in_a_file():
    for path in FILES:
        texts = [text for _, _, text in _rows(path)]
        assert len(set(texts)) == len(texts), path.name


def test_no_text_of_the_blind_set_is_in_another_file():
    """Writers who never saw each other's files still wrote a few of the same stock phrases
    ("躺平", "本领恐慌"); those were taken out of the training files, so the blind figure is not
    lifted by opinions the model was trained on."""
    blind = {text for _, _, text in _rows(OPINIONS / "blind_seventh.tsv")}
    others = {text for path in FILES if path.name != "blind_seventh.tsv" for _, _, text in _rows(path)}
    assert len(others) > 2150
    assert blind & others == set()


def test_the_blind_set_has_nine_opinions_for_each_aspect_of_five_frameworks():
    rows = _rows(OPINIONS / "blind_seventh.tsv")
    frameworks = ("dsh-2023", "dsh-2024", "dsh-2025", "osh-2024", "osh-2025")
    expected = {(f, aspect.id): 9 for f in frameworks for aspect in get_framework(f).aspects}
    assert Counter((f, a) for f, a, _ in rows) == expected
