import ast
import importlib.util
import math
from collections import Counter
from pathlib import Path

import pytest

from duizhao.cycle import classify as classify_module
from duizhao.cycle import opinion_model
from duizhao.cycle.classify import classify_opinion, classify_opinions, group_near_duplicates
from duizhao.frameworks import get_framework, load_frameworks

ROOT = Path(__file__).resolve().parents[3]

# Every labelled set but the blind one is training data (bench/data/opinions/README.md); how the
# classifier does on a voice it has not seen is measured by leaving one set out: trained on the
# other nine sets, measured on blind_fifth.tsv (written by someone who never saw the classifier).
# Measured 0.901, 1 unclassified, lowest framework dsh-2025 0.829 (docs/cycle.md). The floors
# leave room for honest changes, not for regressions.
LEFT_OUT_FLOOR = 0.86
PER_FRAMEWORK_FLOOR = 0.78
MAX_SHARE = 0.40  # no aspect takes more than this part of one framework's predictions
MAX_UNCLASSIFIED = 4


def _trainer():
    spec = importlib.util.spec_from_file_location(
        "train_opinion_weights", ROOT / "scripts" / "train_opinion_weights.py"
    )
    trainer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trainer)
    return trainer


def test_labelled_sets_use_every_aspect_of_their_frameworks(load_bench):
    bench = load_bench("classify_opinions")
    for which in bench.FILES:
        rows = bench.load_set(which)
        for framework_id in {fid for fid, _, _ in rows}:
            used = {aspect for fid, aspect, _ in rows if fid == framework_id}
            assert used == {a.id for a in get_framework(framework_id).aspects}, (which, framework_id)


def test_fourth_set_covers_five_frameworks_in_two_halves(load_bench):
    bench = load_bench("classify_opinions")
    dev, held = bench.load_set("dev"), bench.load_set("heldout")
    assert len(dev) == len(held) == 100
    assert {f for f, _, _ in held} == {"dsh-2023", "dsh-2024", "dsh-2025", "osh-2024", "osh-2025"}


def test_a_voice_left_out_of_training_stays_above_floor_without_skew(load_bench):
    trainer = _trainer()
    others = trainer.training_rows(tuple(n for n in trainer.SOURCES if n != "blind_fifth.tsv"))
    rows = trainer.read_rows("blind_fifth.tsv")
    outcomes = []
    for framework_id in sorted({f for f, _, _ in rows}):
        framework = get_framework(framework_id)
        model = trainer._cached_train(framework, others, "blind_fifth.tsv")
        for fid, aspect_id, text in rows:
            if fid == framework_id:
                outcomes.append((fid, aspect_id, classify_opinion(text, framework, model=model).aspect_id))
    right = sum(want == got for _, want, got in outcomes)
    assert right / len(outcomes) >= LEFT_OUT_FLOOR
    assert sum(got is None for _, _, got in outcomes) <= MAX_UNCLASSIFIED
    for framework_id in {f for f, _, _ in outcomes}:
        mine = [(want, got) for fid, want, got in outcomes if fid == framework_id]
        assert sum(want == got for want, got in mine) / len(mine) >= PER_FRAMEWORK_FLOOR, framework_id
        assert max(Counter(got for _, got in mine).values()) / len(mine) <= MAX_SHARE, framework_id


# Short opinions written for this test, one aspect each (never in a training set).
OWN_EXAMPLES = [
    ("dsh-2025", "上级的部署传达下来，领导只挑自己想干的去落实。", "political_loyalty"),
    ("dsh-2025", "单位公众号发错了政治性表述，领导没当回事。", "political_loyalty"),
    ("dsh-2025", "集中学习时领导总在回消息，学完也谈不出体会。", "party_spirit"),
    ("dsh-2025", "民主生活会上的批评不痛不痒，都是表扬。", "party_spirit"),
    ("dsh-2025", "群众来办事被来回推，窗口没人管。", "three_reverences"),
    ("dsh-2025", "领导周末开公车去钓鱼。", "three_reverences"),
    ("dsh-2025", "老大难项目拖了几年，领导怕担责不敢拍板。", "responsibility"),
    ("dsh-2025", "对下属单位的监督很松，出了违纪问题也不追究。", "strict_governance"),
    ("dsh-2025", "支部的三会一课没有按时开，党建工作没人抓。", "strict_governance"),
    ("dsh-2023", "中心组学习就是念文件，没有研讨。", "theory_study"),
    ("dsh-2023", "对上级的部署搞选择性执行。", "political_quality"),
    ("dsh-2023", "新系统上线后领导不会用，业务不熟。", "ability"),
    ("dsh-2023", "遇到难题就往后拖，不敢担当。", "responsibility"),
    ("dsh-2023", "会议多、填表多，基层疲于应付。", "work_style"),
    ("dsh-2023", "亲属在辖区承揽工程。", "integrity"),
    ("dsh-2024", "班子成员之间不团结，各说各的。", "political_discipline"),
    ("dsh-2024", "批评和自我批评辣味不足。", "party_spirit"),
    ("dsh-2024", "改革创新的事不敢试，怕出错。", "responsibility_innovation"),
    ("dsh-2024", "管党治党的主体责任没有压实。", "strict_governance"),
    ("osh-2025", "在朋友圈转发诋毁党的言论。", "political_discipline"),
    ("osh-2025", "外出不向支部请假，个人事项漏报。", "organisational_discipline"),
    ("osh-2025", "收了服务对象送的红包。", "integrity_discipline"),
    ("osh-2025", "对来办事的群众态度冷淡。", "mass_discipline"),
    ("osh-2025", "上班时间玩手机，值班脱岗。", "work_discipline"),
    ("osh-2025", "经常喝酒打牌到半夜。", "life_discipline"),
]


@pytest.mark.parametrize(("framework_id", "text", "aspect_id"), OWN_EXAMPLES, ids=lambda v: str(v)[:12])
def test_short_opinions_go_to_their_aspect(framework_id, text, aspect_id):
    result = classify_opinion(text, get_framework(framework_id))
    assert result.aspect_id == aspect_id, result.scores
    assert result.reason == ""


def test_every_aspect_has_a_short_example():
    covered = {(f, a) for f, _, a in OWN_EXAMPLES}
    for framework_id in {f for f, _, _ in OWN_EXAMPLES}:
        for aspect in get_framework(framework_id).aspects:
            assert (framework_id, aspect.id) in covered


def test_confidence_is_the_probability_of_the_chosen_aspect():
    framework = get_framework("dsh-2025")
    result = classify_opinion("领导周末开公车去钓鱼。", framework)
    assert set(result.scores) == {a.id for a in framework.aspects}
    assert sum(result.scores.values()) == pytest.approx(1.0, abs=0.01)
    assert result.confidence == max(result.scores.values()) and 0 < result.confidence <= 1
    vague = classify_opinion("希望领导多关心一下。", framework)
    assert vague.aspect_id is not None and vague.confidence < result.confidence


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "意见为空"),
        ("。。！", "意见为空"),
        ("无。", "表示没有意见"),
        ("没有意见！", "表示没有意见"),
        ("ok", "没有可据以归类的词语"),
    ],
)
def test_only_an_opinion_without_evidence_is_left_unclassified(text, reason):
    result = classify_opinion(text, get_framework("dsh-2025"))
    assert result.aspect_id is None and result.confidence == 0
    assert result.reason == reason


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


def test_demo_unit_opinions_go_where_a_clerk_would_put_them():
    source = (ROOT / "src" / "duizhao" / "web" / "workbench" / "demo.py").read_text(encoding="utf-8")
    node = next(
        n for n in ast.parse(source).body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "OPINIONS"
    )
    texts = [text for text, _, _ in ast.literal_eval(node.value)]
    results = classify_opinions(texts, get_framework("dsh-2025"))
    # what a clerk would choose from dsh-2025's wording: 敬畏人民 takes the 窗口 complaints,
    # 敬畏法纪 the 执法 and 公车 ones, 敬畏组织 the 酝酿 one; where two aspects fit, both count
    reverence, governance = "three_reverences", "strict_governance"
    expected = [
        {reverence},
        {reverence},
        {reverence},
        {"party_spirit"},
        {reverence},
        {"responsibility"},
        {governance, reverence},
        {reverence, governance},
        {governance},
        {reverence, governance},
    ]
    assert len(texts) == len(expected)
    assert None not in {r.aspect_id for r in results}
    assert sum(r.aspect_id in want for r, want in zip(results, expected, strict=True)) >= 9


def test_classification_is_deterministic_and_bulk_equals_one_by_one():
    framework = get_framework("osh-2025")
    texts = [text for _, text, _ in OWN_EXAMPLES]
    first = classify_opinions(texts, framework)
    assert first == classify_opinions(texts, framework)
    assert first == [classify_opinion(t, framework) for t in texts]


def test_training_is_deterministic():
    framework = get_framework("dsh-2023")
    settings = classify_module.model_settings()
    docs = [("integrity", "食堂承包的事不透明", 1.0), ("ability", "业务不熟", 1.0)] * 3
    one = opinion_model.train(docs, [a.id for a in framework.aspects], settings)
    two = opinion_model.train(docs, [a.id for a in framework.aspects], settings)
    assert one.to_json() == two.to_json()
    assert classify_opinion("食堂承包的事情两年没定。", framework, model=one).aspect_id == "integrity"


def test_weights_file_is_what_the_training_script_writes(load_bench):
    trainer = _trainer()
    everything = trainer.training_rows()
    framework = get_framework("dsh-2025")
    stored = opinion_model.trained_weights()["frameworks"]["dsh-2025"]
    assert trainer.stored_form(trainer.train_framework(framework, everything)) == stored
    assert set(opinion_model.trained_weights()["frameworks"]) == {f.id for f in load_frameworks()}
    trained = {t for rows in everything.values() for _, t in rows}
    for which in load_bench("classify_opinions").SETS:  # every set but the blind one
        assert {text for _, _, text in load_bench("classify_opinions").load_set(which)} <= trained, which


def test_training_reads_only_the_listed_sets(load_bench):
    """A set written later (blind_seventh.tsv) is measured once before anything trains on it."""
    trainer = _trainer()
    bench = load_bench("classify_opinions")
    assert set(trainer.SOURCES) == {
        "labelled.tsv",
        "heldout_other_voice.tsv",
        "heldout_third.tsv",
        "fourth_voice.tsv",
        "blind_fifth.tsv",
        "blind_sixth.tsv",
        "training_voice_a.tsv",
        "training_voice_b.tsv",
        "training_voice_c.tsv",
        "training_voice_d.tsv",
    }
    assert set(trainer.SOURCES) == {bench.FILES[which][0].name for which in bench.SETS}
    assert bench.BLIND_SETS == ("blind7",) and "blind7" not in bench.SETS
    with pytest.raises(ValueError):
        trainer.read_rows("blind_seventh.tsv")


def test_a_units_framework_with_shipped_aspects_learns_from_their_opinions():
    import dataclasses

    framework = dataclasses.replace(get_framework("osh-2024"), id="unit-own-2026")
    assert opinion_model.model_for(framework) is None
    model = classify_module.model_of(framework)
    assert model.aspects == tuple(a.id for a in framework.aspects)
    assert classify_opinion("收了服务对象的红包和购物卡。", framework).aspect_id == "integrity_discipline"


def test_bench_reports_per_aspect_precision_recall_share_and_confusion(load_bench):
    bench = load_bench("classify_opinions")
    rows = [
        ("dsh-2023", "integrity", "公车私用，周末开公车去钓鱼。"),
        ("dsh-2023", "ability", "谢谢！"),
        ("dsh-2023", "theory_study", "公车私用，周末开公车去钓鱼。"),
    ]
    report = bench.evaluate(rows)
    figures = report["per_aspect"]["dsh-2023"]
    assert figures["integrity"] == {"n": 1, "precision": 0.5, "recall": 1.0, "share": 0.667}
    assert figures["ability"]["recall"] == 0.0 and figures["(未分类)"]["share"] == 0.333
    assert report["unclassified"] == 1
    assert report["confusion"] == {"dsh-2023": {"ability": {"(未分类)": 1}, "theory_study": {"integrity": 1}}}


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


def test_needs_check_on_each_side_of_check_below():
    """opinion_keywords.toml check_below = 0.8: the clerk is asked to check below it, not at it."""
    from duizhao.cycle.classify import needs_check

    assert needs_check(0.79) and not needs_check(0.8) and not needs_check(0.95)


def test_naive_bayes_weights_favour_the_aspect_a_feature_was_seen_under():
    index = {"赌": 0, "礼": 1, "会": 2}
    rows = [(0, ["赌", "会"], 1.0), (1, ["礼", "会"], 1.0), (1, ["礼"], 2.0)]
    weights = opinion_model.naive_bayes(rows, index, 2, alpha=0.1)
    assert weights.shape == (3, 2)
    assert weights[0, 0] > 0 > weights[0, 1] and weights[1, 1] > 0 > weights[1, 0]
    assert abs(weights.sum(axis=1)).max() < 1e-12  # centred: a feature moves aspects apart, not all up
    # each aspect's own total: 会 is 1 of 2 features under aspect 0 and 1 of 4 under aspect 1
    expected = math.log((1 + 0.1) / (2 + 0.3)) - math.log((1 + 0.1) / (4 + 0.3))
    assert weights[2, 0] - weights[2, 1] == pytest.approx(expected)


def test_the_model_is_the_regression_plus_the_naive_bayes_weights():
    framework = get_framework("dsh-2025")
    docs = [(aspect_id, text, 1.0) for framework_id, text, aspect_id in OWN_EXAMPLES if framework_id == framework.id]
    assert len({aspect_id for aspect_id, _, _ in docs}) == len(framework.aspects)
    settings = classify_module.model_settings()
    ids = [a.id for a in framework.aspects]
    blended = opinion_model.train(docs, ids, settings)
    regression = opinion_model.train(docs, ids, {**settings, "naive_bayes_weight": 0.0})
    doubled = opinion_model.train(docs, ids, {**settings, "naive_bayes_weight": 2.0})
    assert blended.index == regression.index == doubled.index
    added = blended.weights - regression.weights
    assert abs(added).max() > 0.1
    assert (doubled.weights - regression.weights) == pytest.approx(2 * added)
    assert (blended.bias == regression.bias).all()


def test_the_shipped_examples_are_the_training_rows():
    trainer = _trainer()
    assert (ROOT / "src" / "duizhao" / "data" / "cycle" / classify_module.EXAMPLES).read_text(
        encoding="utf-8"
    ) == trainer.examples_file()
    assert classify_module.shipped_examples() == trainer.training_rows()
    stored = opinion_model.trained_weights()
    assert 1.0 < stored["borrowed_temperature"] < 2.5
    mapped_only = [stored["frameworks"][fid]["temperature"] for fid in ("dsh-2019", "osh-2019", "dsh-2020")]
    assert min(mapped_only) <= stored["borrowed_temperature"] <= 2.0


def _new_year(framework_id: str):
    """A framework the clerk adds: the aspects of a shipped one under ids no model was trained on."""
    import dataclasses

    framework = get_framework(framework_id)
    aspects = tuple(dataclasses.replace(a, id=f"new_{a.id}") for a in framework.aspects)
    return dataclasses.replace(framework, id="dsh-2026", year=2026, aspects=aspects)


def test_a_new_years_framework_learns_from_the_shipped_opinions_mapped_by_family(load_bench):
    """dsh-2025's aspects under new ids, trained without dsh-2025's own opinions, measured on the
    seventh set's dsh-2025 opinions (never trained on): measured 0.933, wording alone 0.711."""
    framework = _new_year("dsh-2025")
    assert opinion_model.model_for(framework) is None
    examples = {fid: rows for fid, rows in classify_module.shipped_examples().items() if fid != "dsh-2025"}
    rows, _ = classify_module.training_documents(framework, examples)
    assert len(rows) > 1000 and {a for a, _, _ in rows} == {a.id for a in framework.aspects}
    model = classify_module.unseen_model(framework, examples)
    assert model.temperature == opinion_model.trained_weights()["borrowed_temperature"]
    prior = classify_module.prior_model(framework)
    seventh = load_bench("classify_opinions").load_set("blind7")
    own = [(f"new_{aspect}", text) for fid, aspect, text in seventh if fid == "dsh-2025"]

    def right(chosen):
        return sum(classify_opinion(text, framework, model=chosen).aspect_id == want for want, text in own)

    assert len(own) == 45
    assert right(model) >= 0.88 * len(own)
    assert right(model) >= right(prior) + 0.15 * len(own)
