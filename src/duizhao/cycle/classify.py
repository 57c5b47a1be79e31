"""Sort collected opinions (征求意见) into the year's aspects, and find near-duplicates.

The classification is a suggestion the clerk corrects by hand in the workbench. The model
(`opinion_model.py`) is a logistic regression plus naive Bayes over characters, character bigrams
and jieba words, trained per framework on labelled opinions with each aspect's own wording and its
families' indicative words (`data/cycle/opinion_keywords.toml`) as a prior; a framework shipped
without weights (the new year's, a unit's own) is trained on the spot from the shipped opinions
(`unseen_model`). An opinion gets its most likely aspect unless it holds no evidence at all
(empty, "没有意见", or no word the model knows); then `aspect_id` is None and `reason` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from duizhao.cycle import opinion_model
from duizhao.cycle._common import load_cycle_data, load_cycle_text
from duizhao.cycle.classify_text import CJK_RUN, normalise
from duizhao.frameworks import get_framework


@dataclass(frozen=True)
class Classification:
    aspect_id: str | None
    confidence: float  # 0..1, the calibrated probability of the chosen aspect
    scores: dict[str, float] = field(default_factory=dict)  # aspect id -> probability
    reason: str = ""  # why the opinion was left unclassified (empty when it was classified)


__all__ = [
    "Classification",
    "bigrams",
    "classify_opinion",
    "classify_opinions",
    "family_scores",
    "group_near_duplicates",
    "needs_check",
    "normalise",
]


def bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)}


@lru_cache(maxsize=1)
def _keywords() -> dict[str, Any]:
    return load_cycle_data("opinion_keywords.toml")


def needs_check(confidence: float) -> bool:
    """Whether an automatic aspect is unsure enough that the clerk should check it (`check_below`)."""
    return confidence < float(_keywords()["settings"]["check_below"])


def model_settings() -> dict[str, Any]:
    settings: dict[str, Any] = _keywords()["model"]
    return settings


def _profile(aspect: Any) -> str:
    return "".join([aspect.wording, aspect.short_name, *aspect.aliases])


def _affinity(framework: Any) -> dict[str, dict[str, float]]:
    try:
        return _cached_affinity(framework)
    except TypeError:  # an unhashable framework-like object: build without the cache
        return _build_affinity(framework)


@lru_cache(maxsize=64)
def _cached_affinity(framework: Any) -> dict[str, dict[str, float]]:
    return _build_affinity(framework)


def _build_affinity(framework: Any) -> dict[str, dict[str, float]]:
    """family -> aspect id -> affinity: how strongly each family binds to each aspect. A term
    counts only where it is not part of a longer term of another family (作风 of 生活作风 is the
    life family's, not the work style family's)."""
    families = _keywords()["families"]
    affinity: dict[str, dict[str, float]] = {}
    for name, family in families.items():
        affinity[name] = {}
        longer = [t for other, f in families.items() if other != name for t in f["match"]]
        for aspect in framework.aspects:
            profile = _profile(aspect)
            weight = max(
                (w for term, w in family["match"].items() if _free_occurrence(term, profile, longer)), default=0.0
            )
            if weight:
                affinity[name][aspect.id] = weight
    for name, family in families.items():
        fallback, depth = family.get("fallback"), 0
        while not affinity[name] and fallback and depth < 3:
            affinity[name] = {a: w * 0.8 for a, w in affinity.get(fallback, {}).items()}
            fallback, depth = families.get(fallback, {}).get("fallback"), depth + 1
    return affinity


def _free_occurrence(term: str, profile: str, others: list[str]) -> bool:
    """Whether `term` occurs in `profile` at least once outside every longer term of `others`."""
    covered = [False] * len(profile)
    for other in others:
        if len(other) > len(term) and term in other:
            start = profile.find(other)
            while start >= 0:
                covered[start : start + len(other)] = [True] * len(other)
                start = profile.find(other, start + 1)
    start = profile.find(term)
    while start >= 0:
        if not all(covered[start : start + len(term)]):
            return True
        start = profile.find(term, start + 1)
    return False


def seed_words(framework: Any) -> dict[str, list[str]]:
    """aspect id -> the indicative words of the families bound to it (the model's prior)."""
    affinity = _affinity(framework)
    families = _keywords()["families"]
    seeds: dict[str, list[str]] = {a.id: [] for a in framework.aspects}
    for name, bound in affinity.items():
        for aspect_id in bound:
            seeds[aspect_id].extend(families[name]["words"])
    return seeds


def main_family(framework: Any, aspect_id: str) -> str | None:
    """The family that binds most strongly to an aspect (first in file order on a tie)."""
    found = [(bound[aspect_id], name) for name, bound in _affinity(framework).items() if aspect_id in bound]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def aspect_for_family(framework: Any, family: str | None) -> str | None:
    """The aspect of a framework a family binds to most strongly; None when several bind
    equally strongly (an opinion of that family could be either)."""
    bound = _affinity(framework).get(family or "", {})
    best = [a for a, weight in bound.items() if weight == max(bound.values())]
    return best[0] if len(best) == 1 else None


def family_scores(text: str) -> dict[str, float]:
    """How strongly the text speaks of each aspect family (sum of the indicative words found)."""
    text = normalise(text)
    return {
        name: sum(weight for word, weight in family["words"].items() if word in text)
        for name, family in _keywords()["families"].items()
    }


def prior_model(framework: Any) -> opinion_model.LinearModel:
    """A model from the framework's wording and family words only (when no labelled opinion maps
    to it). The regression alone: over lists of single words, naive Bayes counts would weigh a
    word by its length (more characters, more features), not by what it says."""
    docs = opinion_model.prior_documents(framework, seed_words(framework), model_settings())
    settings = {**model_settings(), "naive_bayes_weight": 0.0}
    return opinion_model.train(docs, [a.id for a in framework.aspects], settings)


# ---------------------------------------------------------------- training rows

EXAMPLES = "opinion_examples.tsv"  # the labelled opinions the stored weights were trained on
Rows = dict[str, list[tuple[str, str]]]  # framework id -> (aspect id, text)


def same_aspects(a: Any, b: Any) -> bool:
    return [(x.id, x.short_name) for x in a.aspects] == [(x.id, x.short_name) for x in b.aspects]


def borrowed_rows(framework: Any, all_rows: Rows) -> list[tuple[str, str]]:
    """The rows of frameworks with other aspects, relabelled with this framework's aspect for the
    same family (left out when no aspect, or several equally, take that family)."""
    borrowed = []
    for other_id, rows in sorted(all_rows.items()):
        other = get_framework(other_id)
        if same_aspects(other, framework):
            continue
        for aspect_id, text in rows:
            target = aspect_for_family(framework, main_family(other, aspect_id))
            if target:
                borrowed.append((target, text))
    return borrowed


def main_rows(framework: Any, all_rows: Rows) -> list[tuple[str, str, float]]:
    """The rows a framework learns from, with their weights: those labelled under it or under a
    framework with the same aspects (osh-2024 = osh-2025, trained jointly), and the other
    frameworks' rows mapped by family at `also_borrowed_weight`; when it has none of its own
    (older years, a new year's framework), only the mapped rows, at `borrowed_weight`."""
    settings = model_settings()
    own = [row for fid, rows in sorted(all_rows.items()) if same_aspects(get_framework(fid), framework) for row in rows]
    borrowed = borrowed_rows(framework, all_rows)
    if own:
        extra = float(settings.get("also_borrowed_weight", 0.0))
        return [(a, t, 1.0) for a, t in own] + [(a, t, extra) for a, t in borrowed if extra > 0]
    return [(a, t, float(settings["borrowed_weight"])) for a, t in borrowed]


def training_documents(
    framework: Any, all_rows: Rows
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, float]]]:
    """(the labelled rows it learns from, the prior: its wording and family words)."""
    rows = main_rows(framework, all_rows)
    labelled: dict[str, float] = {}
    for aspect_id, _, weight in rows:
        labelled[aspect_id] = labelled.get(aspect_id, 0.0) + weight
    return rows, opinion_model.prior_documents(framework, seed_words(framework), model_settings(), labelled)


@lru_cache(maxsize=1)
def shipped_examples() -> Rows:
    """The labelled opinions shipped with the weights (`data/cycle/opinion_examples.tsv`)."""
    rows: Rows = {}
    for line in load_cycle_text(EXAMPLES).splitlines()[1:]:
        if line.strip():
            framework_id, aspect_id, text = line.split("\t", 2)
            rows.setdefault(framework_id, []).append((aspect_id, text))
    return rows


def unseen_model(framework: Any, examples: Rows | None = None) -> opinion_model.LinearModel:
    """The model of a framework without stored weights (a unit's own, or the new year's framework
    the clerk adds before an update ships one), trained on the spot like the stored ones but
    without calibration: on the shipped opinions mapped to its aspects by family (taken whole when
    a shipped framework has the same aspects) and its wording. Its temperature is the median of
    the stored models that learnt from mapped opinions only (`borrowed_temperature`)."""
    rows, prior = training_documents(framework, shipped_examples() if examples is None else examples)
    if not rows:
        return prior_model(framework)
    model = opinion_model.train(rows + prior, [a.id for a in framework.aspects], model_settings())
    temperature = float(opinion_model.trained_weights().get("borrowed_temperature", 1.0))
    return opinion_model.LinearModel(model.aspects, model.index, model.weights, model.bias, temperature)


@lru_cache(maxsize=16)
def _cached_unseen_model(framework: Any) -> opinion_model.LinearModel:
    return unseen_model(framework)


def model_of(framework: Any) -> opinion_model.LinearModel:
    """The stored model, or for a framework without one a model trained on the spot (cached)."""
    stored = opinion_model.model_for(framework)
    if stored is not None:
        return stored
    try:
        return _cached_unseen_model(framework)
    except TypeError:  # a framework that cannot be hashed
        return unseen_model(framework)


def unclassifiable(text: str) -> str:
    """Why a text holds nothing to classify ("" when it may hold something)."""
    plain = normalise(text)
    if not CJK_RUN.search(plain) and not any(ch.isalnum() for ch in plain):
        return "意见为空"
    if plain in _keywords()["settings"]["no_opinion"]:
        return "表示没有意见"
    return ""


def classify_opinion(text: str, framework: Any, *, model: opinion_model.LinearModel | None = None) -> Classification:
    """The aspect an opinion most likely belongs to, or None (with the reason) when the opinion
    holds no evidence. `model` replaces the stored model (for cross-validation)."""
    model = model_of(framework) if model is None else model
    reason = unclassifiable(text)
    if reason:
        return Classification(None, 0.0, {a.id: 0.0 for a in framework.aspects}, reason)
    chances, known = opinion_model.probabilities(text, model)
    scores = {a.id: round(chances.get(a.id, 0.0), 3) for a in framework.aspects}
    if not known:
        return Classification(None, 0.0, scores, "没有可据以归类的词语")
    best = max((a.id for a in framework.aspects), key=lambda a: (chances.get(a, 0.0), -list(scores).index(a)))
    return Classification(best, round(chances[best], 3), scores)


def classify_opinions(texts: Sequence[str], framework: Any) -> list[Classification]:
    """Many opinions at once (bulk classify): the model is looked up once."""
    model = model_of(framework)
    return [classify_opinion(text, framework, model=model) for text in texts]


# ---------------------------------------------------------------- near-duplicates


def shingles(text: str, k: int = 3) -> set[str]:
    text = normalise(text)
    if len(text) <= k:
        return {text} if text else set()
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def group_near_duplicates(texts: list[str], threshold: float = 0.5, *, k: int = 3) -> list[list[int]]:
    """Groups (of at least two indexes) of texts whose character k-shingle Jaccard similarity is
    at least `threshold`, joined transitively (union-find). Candidates come from an inverted
    index, so unrelated texts are never compared."""
    sets = [shingles(t, k) for t in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = {}
    for i, found in enumerate(sets):
        shared: dict[int, int] = {}
        for gram in found:
            for j in postings.get(gram, ()):
                shared[j] = shared.get(j, 0) + 1
            postings.setdefault(gram, []).append(i)
        for j, common in shared.items():
            union = len(found) + len(sets[j]) - common
            if union and common / union >= threshold:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(find(i), []).append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
