"""The sixth blind opinion set (bench/data/opinions/blind_sixth.tsv) stays well formed and out of
reach of training: every label is an aspect of its framework, every aspect has 7 to 9 rows, no text
repeats one of the other opinion files, and neither `--split all` nor the training script's SOURCES
reads it. The classifier is not run here: the set is measured once, at the end of the session of
2026-12-07 (bench/classify_opinions.py --split blind6)."""

import ast
from collections import Counter
from pathlib import Path

from duizhao.frameworks import get_framework

FRAMEWORKS = ("dsh-2023", "dsh-2024", "dsh-2025", "osh-2024", "osh-2025")
ROOT = Path(__file__).resolve().parents[3]
OPINIONS = ROOT / "bench" / "data" / "opinions"


def test_blind6_labels_are_aspects_of_their_framework(load_bench):
    rows = load_bench("classify_opinions").load_set("blind6")
    assert 190 <= len(rows) <= 215
    assert {framework_id for framework_id, _, _ in rows} == set(FRAMEWORKS)
    known = {(framework_id, aspect.id) for framework_id in FRAMEWORKS for aspect in get_framework(framework_id).aspects}
    per_aspect = Counter((framework_id, aspect_id) for framework_id, aspect_id, _ in rows)
    assert set(per_aspect) == known
    for key in known:
        assert 7 <= per_aspect[key] <= 9, key
    assert all(text.strip() == text and "\t" not in text and text for _, _, text in rows)


def test_blind6_texts_are_new(load_bench):
    blind6 = [text for _, _, text in load_bench("classify_opinions").load_set("blind6")]
    assert len(set(blind6)) == len(blind6)
    others = {
        line.split("\t", 2)[2]
        for path in OPINIONS.glob("*.tsv")
        if path.name != "blind_sixth.tsv"
        for line in path.read_text(encoding="utf-8").splitlines()[1:]
        if line.strip()
    }
    assert len(others) > 800
    assert not others & set(blind6)


def test_blind6_is_never_trained_on_or_measured_by_default(load_bench):
    bench = load_bench("classify_opinions")
    assert "blind6" not in bench.SETS  # --split all and --speed read SETS only
    tree = ast.parse((ROOT / "scripts" / "train_opinion_weights.py").read_text(encoding="utf-8"))
    sources = next(
        ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "SOURCES" for t in node.targets)
    )
    assert sources and "blind_sixth.tsv" not in sources
