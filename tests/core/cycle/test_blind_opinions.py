"""The blind opinion set (bench/data/opinions/blind_fifth.tsv) stays well formed: every label is an
aspect of its framework, every aspect has enough rows, no text repeats one of the other sets. It was
measured once as a blind set (2026-12-06) and is training data since 2026-12-07; the classifier's
figure on it with the set left out of training is in test_classify.py."""

from collections import Counter

from duizhao.frameworks import get_framework

FRAMEWORKS = ("dsh-2023", "dsh-2024", "dsh-2025", "osh-2024", "osh-2025")


def test_blind_labels_are_aspects_of_their_framework(load_bench):
    rows = load_bench("classify_opinions").load_set("blind")
    assert len(rows) >= 190
    assert {framework_id for framework_id, _, _ in rows} == set(FRAMEWORKS)
    per_aspect = Counter((framework_id, aspect_id) for framework_id, aspect_id, _ in rows)
    for framework_id in FRAMEWORKS:
        for aspect in get_framework(framework_id).aspects:
            assert per_aspect[(framework_id, aspect.id)] >= 6, (framework_id, aspect.id)
    known = {(framework_id, aspect.id) for framework_id in FRAMEWORKS for aspect in get_framework(framework_id).aspects}
    assert set(per_aspect) <= known


def test_blind_texts_are_new(load_bench):
    bench = load_bench("classify_opinions")
    blind = [text for _, _, text in bench.load_set("blind")]
    assert len(set(blind)) == len(blind)
    others = {text for which in bench.SETS if which != "blind" for _, _, text in bench.load_set(which)}
    assert not others & set(blind)
