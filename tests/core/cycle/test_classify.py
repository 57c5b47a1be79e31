import pytest

from duizhao.cycle.classify import classify_opinion, group_near_duplicates
from duizhao.frameworks import get_framework, load_frameworks

# Measured on the held-out half: 0.953 with the keyword file alone, 0.919 (2023 0.933, 2024 0.962,
# 2025 0.867) with the n-gram model trained on more voices (docs/cycle.md). The floors leave room
# for honest changes, not for regressions.
HELD_OUT_FLOOR = 0.85
PER_FRAMEWORK_FLOOR = 0.75


def test_labelled_set_is_large_and_uses_real_aspect_ids(load_bench):
    bench = load_bench("classify_opinions")
    rows = bench.load_labelled()
    assert len(rows) >= 150
    for framework_id in ("dsh-2023", "dsh-2024", "dsh-2025"):
        framework = get_framework(framework_id)
        used = {aspect for fid, aspect, _ in rows if fid == framework_id}
        assert used == {a.id for a in framework.aspects}


def test_held_out_accuracy_stays_above_floor(load_bench):
    bench = load_bench("classify_opinions")
    report = bench.evaluate(bench.split(bench.load_labelled(), "heldout"))
    assert report["accuracy"] >= HELD_OUT_FLOOR, report["errors"]
    for framework_id, figures in report["per_framework"].items():
        assert figures["accuracy"] >= PER_FRAMEWORK_FLOOR, framework_id


def test_classification_shape_and_unclassifiable_text():
    framework = get_framework("dsh-2025")
    result = classify_opinion("公务用车管理不严，周末有人开公车去钓鱼。", framework)
    assert result.aspect_id == "three_reverences"
    assert 0 < result.confidence <= 1
    assert set(result.scores) == {a.id for a in framework.aspects}
    empty = classify_opinion("无。", framework)
    assert empty.aspect_id is None and empty.confidence == 0


def test_same_opinion_follows_the_framework_wording():
    text = "中心组学习经常就是念文件，研讨发言都是提前写好的稿子。"
    assert classify_opinion(text, get_framework("dsh-2023")).aspect_id == "theory_study"
    assert classify_opinion(text, get_framework("dsh-2025")).aspect_id == "party_spirit"


@pytest.mark.parametrize("framework", load_frameworks(), ids=lambda f: f.id)
def test_every_framework_places_each_aspects_own_wording_under_it(framework):
    for aspect in framework.aspects:
        assert classify_opinion(aspect.wording, framework).aspect_id == aspect.id, aspect.wording
    result = classify_opinion("希望领导多到窗口体验办事流程，减少群众跑腿。", framework)
    assert result.aspect_id is not None and framework.aspect(result.aspect_id) is not None
    assert result.confidence > 0


def test_group_near_duplicates():
    texts = [
        "会议太多太长，基层所长来回跑，希望精简会议。",
        "会议太多太长，基层所长来回跑，建议精简会议！",
        "公务用车管理不严格。",
        "会议太多太长 基层所长来回跑 希望能精简会议",
        "",
        "",
        "公务用车管理不够严格。",
    ]
    groups = group_near_duplicates(texts, threshold=0.5)
    assert [0, 1, 3] in groups
    assert [2, 6] in groups
    assert all(4 not in g and 5 not in g for g in groups)
    assert group_near_duplicates(texts, threshold=0.95) == []


# ---------------------------------------------------------------- thresholds (data/cycle/opinion_keywords.toml)

from duizhao.cycle import classify as classify_module
from duizhao.cycle import opinion_model

CAR = "公务用车管理不严，周末有人开公车去钓鱼。"


@pytest.fixture
def settings(monkeypatch):
    values = dict(classify_module._keywords()["settings"])
    monkeypatch.setitem(classify_module._keywords(), "settings", values)
    return values


def test_min_score_leaves_weak_opinions_unclassified_on_one_side_only(settings):
    framework = get_framework("dsh-2025")
    top = max(classify_opinion(CAR, framework).scores.values())
    settings["min_score"] = top + 0.01
    assert classify_opinion(CAR, framework).aspect_id is None
    settings["min_score"] = top - 0.01
    assert classify_opinion(CAR, framework).aspect_id == "three_reverences"


def test_near_tie_caps_the_confidence_and_a_clear_lead_does_not(settings):
    framework = get_framework("dsh-2025")
    scores = classify_opinion(CAR, framework).scores
    first, second = sorted(scores.values(), reverse=True)[:2]
    settings["tie_confidence"] = 0.01
    settings["min_margin"] = first - second + 0.01
    assert classify_opinion(CAR, framework).confidence == 0.01
    settings["min_margin"] = first - second - 0.01
    assert classify_opinion(CAR, framework).confidence > 0.01


def test_a_broad_aspect_takes_its_other_families_only_in_part(settings):
    framework = get_framework("dsh-2025")
    text = "群众反映窗口态度生硬，还有人收了红包。"  # the people family and the integrity family
    settings["model_weight"] = 0.0
    parts = classify_module.family_scores(text)
    assert parts["mass_line"] > 0 and parts["integrity"] > 0
    settings["other_families"] = 1.0
    full = classify_module.word_scores(text, framework)["three_reverences"]
    settings["other_families"] = 0.0
    strongest = classify_module.word_scores(text, framework)["three_reverences"]
    assert strongest < full
    settings["other_families"] = 0.5
    assert classify_module.word_scores(text, framework)["three_reverences"] == pytest.approx((full + strongest) / 2)


def test_the_ngram_model_decides_when_no_family_word_is_found(settings):
    framework = get_framework("dsh-2023")
    text = "食堂承包的事情两年没定。"
    assert not any(classify_module.family_scores(text).values())
    model = opinion_model.train([("integrity", "食堂承包的事不透明"), ("ability", "业务不熟")] * 3, framework, 1.0)
    settings["model_weight"] = 0.0
    off = classify_opinion(text, framework, model=model)
    settings["model_weight"] = 3.0
    on = classify_opinion(text, framework, model=model)
    assert on.scores["integrity"] > off.scores["integrity"]
    assert on.aspect_id == "integrity"
    assert classify_opinion("无。", framework, model=model).aspect_id is None


def test_weights_file_is_what_the_training_script_writes_from_training_rows(load_bench):
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[3] / "scripts" / "train_opinion_weights.py"
    spec = importlib.util.spec_from_file_location("train_opinion_weights", script)
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    stored = opinion_model.trained_weights()
    everything = trainer.dev_rows()
    for framework in load_frameworks():
        expected = trainer.train_one(framework, trainer.own_rows(framework, everything), everything)
        assert stored["frameworks"][framework.id] == expected, framework.id
    bench = load_bench("classify_opinions")
    held_out = {
        classify_module.normalise(text) for which in ("heldout", "third") for _, _, text in bench.load_set(which)
    }
    trained = {t for rows in everything.values() for _, t in rows}
    assert len(held_out) > 200 and not held_out & trained


def test_a_framework_without_trained_weights_still_gets_an_ngram_model():
    import dataclasses

    framework = dataclasses.replace(get_framework("osh-2024"), id="unit-own-2026")
    assert opinion_model.model_for(framework) == {}
    model = classify_module._model_of(framework)
    assert set(model) == {a.id for a in framework.aspects}
    assert classify_opinion("收了服务对象的红包和购物卡。", framework).aspect_id == "integrity_discipline"


def test_other_voice_set_covers_four_frameworks_with_real_aspect_ids(load_bench):
    rows = load_bench("classify_opinions").load_set("new")
    for framework_id in ("dsh-2023", "dsh-2024", "dsh-2025", "osh-2024"):
        mine = [(aspect, text) for fid, aspect, text in rows if fid == framework_id]
        assert len(mine) >= 40, framework_id
        assert {aspect for aspect, _ in mine} == {a.id for a in get_framework(framework_id).aspects}


def test_bench_reports_per_aspect_precision_recall_and_share(load_bench):
    bench = load_bench("classify_opinions")
    rows = [("dsh-2023", "integrity", "公车私用，周末开公车去钓鱼。"), ("dsh-2023", "ability", "谢谢！")]
    report = bench.evaluate(rows)
    figures = report["per_aspect"]["dsh-2023"]
    assert figures["integrity"] == {"n": 1, "precision": 1.0, "recall": 1.0, "share": 0.5}
    assert figures["ability"]["recall"] == 0.0 and figures["(未分类)"]["share"] == 0.5
    assert report["unclassified"] == 1


def test_few_known_bigrams_count_in_proportion_and_enough_count_in_full(settings):
    framework = get_framework("dsh-2023")
    text = "食堂承包的事情两年没定。"
    model = opinion_model.train([("integrity", "食堂承包的事情不透明")] * 3, framework, 1.0)
    known = len(opinion_model.known_bigrams(classify_module.normalise(text), model))
    settings["model_weight"] = 3.0
    settings["model_full_at"] = known
    full = classify_opinion(text, framework, model=model).scores["integrity"]
    settings["model_full_at"] = known * 2
    half = classify_opinion(text, framework, model=model).scores["integrity"]
    base = classify_module.word_scores(text, framework)["integrity"]
    assert full - base == pytest.approx(2 * (half - base), abs=0.002)
    settings["model_full_at"] = max(known - 1, 1)
    assert classify_opinion(text, framework, model=model).scores["integrity"] == full


def test_third_set_covers_four_frameworks_with_real_aspect_ids(load_bench):
    rows = load_bench("classify_opinions").load_set("third")
    for framework_id in ("dsh-2023", "dsh-2024", "dsh-2025", "osh-2025"):
        mine = [aspect for fid, aspect, _ in rows if fid == framework_id]
        assert len(mine) >= 40, framework_id
        assert set(mine) == {a.id for a in get_framework(framework_id).aspects}
