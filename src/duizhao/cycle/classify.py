"""Sort collected opinions (征求意见) into the year's aspects, and find near-duplicates.

The classification is a suggestion the clerk corrects by hand in the workbench. It combines
(1) indicative words per aspect FAMILY (`data/cycle/opinion_keywords.toml`), bound to the
framework's aspects through their wording; (2) character-bigram overlap with each aspect's
own wording and aliases, weighted by how rare the bigram is among the framework's aspects; and
(3) a naive Bayes over character bigrams trained on labelled opinions (`opinion_model.py`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from duizhao.cycle import opinion_model
from duizhao.cycle._common import load_cycle_data
from duizhao.cycle.classify_text import CJK_RUN, normalise


@dataclass(frozen=True)
class Classification:
    aspect_id: str | None
    confidence: float  # 0..1
    scores: dict[str, float] = field(default_factory=dict)  # aspect id -> score


__all__ = ["Classification", "bigrams", "classify_opinion", "family_scores", "group_near_duplicates", "normalise"]


def bigrams(text: str) -> set[str]:
    return {run[i : i + 2] for run in CJK_RUN.findall(text) for i in range(len(run) - 1)}


@lru_cache(maxsize=1)
def _keywords() -> dict[str, Any]:
    return load_cycle_data("opinion_keywords.toml")


def _profile(aspect: Any) -> str:
    return "".join([aspect.wording, aspect.short_name, *aspect.aliases])


def _framework_model(framework: Any) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    try:
        return _cached_model(framework)
    except TypeError:  # an unhashable framework-like object: build without the cache
        return _build_model(framework)


@lru_cache(maxsize=64)
def _cached_model(framework: Any) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    return _build_model(framework)


def _build_model(framework: Any) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """(family -> aspect id -> affinity, aspect id -> bigram -> idf weight) for one framework."""
    families = _keywords()["families"]
    affinity: dict[str, dict[str, float]] = {}
    for name, family in families.items():
        affinity[name] = {}
        for aspect in framework.aspects:
            profile = _profile(aspect)
            weight = max((w for term, w in family["match"].items() if term in profile), default=0.0)
            if weight:
                affinity[name][aspect.id] = weight
    for name, family in families.items():
        fallback, depth = family.get("fallback"), 0
        while not affinity[name] and fallback and depth < 3:
            affinity[name] = {a: w * 0.8 for a, w in affinity.get(fallback, {}).items()}
            fallback, depth = families.get(fallback, {}).get("fallback"), depth + 1
    grams = {a.id: bigrams(_profile(a)) for a in framework.aspects}
    count = len(framework.aspects)
    frequency: dict[str, int] = {}
    for found in grams.values():
        for gram in found:
            frequency[gram] = frequency.get(gram, 0) + 1
    idf = {a: {g: math.log((count + 1) / frequency[g]) for g in found} for a, found in grams.items()}
    return affinity, idf


def seed_words(framework: Any) -> dict[str, list[str]]:
    """aspect id -> the indicative words of the families bound to it (for the n-gram model)."""
    affinity, _ = _framework_model(framework)
    families = _keywords()["families"]
    seeds: dict[str, list[str]] = {a.id: [] for a in framework.aspects}
    for name, bound in affinity.items():
        for aspect_id in bound:
            seeds[aspect_id].extend(families[name]["words"])
    return seeds


def main_family(framework: Any, aspect_id: str) -> str | None:
    """The family that binds most strongly to an aspect (first in file order on a tie)."""
    affinity, _ = _framework_model(framework)
    found = [(bound[aspect_id], name) for name, bound in affinity.items() if aspect_id in bound]
    return max(found, key=lambda pair: pair[0])[1] if found else None


def aspect_for_family(framework: Any, family: str | None) -> str | None:
    """The aspect of a framework a family binds to most strongly (first aspect on a tie)."""
    affinity, _ = _framework_model(framework)
    bound = affinity.get(family or "", {})
    return max(bound, key=lambda a: (bound[a], -[x.id for x in framework.aspects].index(a))) if bound else None


def family_scores(text: str) -> dict[str, float]:
    """How strongly the text speaks of each aspect family (sum of the indicative words found)."""
    text = normalise(text)
    return {
        name: sum(weight for word, weight in family["words"].items() if word in text)
        for name, family in _keywords()["families"].items()
    }


def _model_of(framework: Any) -> opinion_model.Model:
    """The trained n-gram model, or for a framework without labelled opinions (组织生活会, older
    years) one made from its wording and family words only."""
    trained = opinion_model.model_for(framework)
    if trained:
        return trained
    try:
        return _seed_model(framework)
    except TypeError:
        return opinion_model.train(
            [], framework, opinion_model.trained_weights().get("alpha", 1.0), seed_words(framework)
        )


@lru_cache(maxsize=64)
def _seed_model(framework: Any) -> opinion_model.Model:
    return opinion_model.train([], framework, opinion_model.trained_weights().get("alpha", 1.0), seed_words(framework))


def word_scores(text: str, framework: Any) -> dict[str, float]:
    """aspect id -> family words and wording overlap. An aspect bound to several families (e.g.
    三个敬畏: people, organisation, law) takes its strongest family in full and the others only
    by `other_families`, so broad aspects do not win by collecting every theme."""
    settings = _keywords()["settings"]
    affinity, idf = _framework_model(framework)
    by_family = family_scores(text)
    grams = bigrams(normalise(text))
    scores = {}
    for aspect in framework.aspects:
        parts = sorted((score * affinity[f].get(aspect.id, 0.0) for f, score in by_family.items()), reverse=True)
        words = (parts[0] + settings["other_families"] * sum(parts[1:])) if parts else 0.0
        overlap = sum(weight for gram, weight in idf[aspect.id].items() if gram in grams)
        scores[aspect.id] = words + settings["bigram_weight"] * overlap
    return scores


def classify_opinion(text: str, framework: Any, *, model: opinion_model.Model | None = None) -> Classification:
    """The aspect an opinion most likely belongs to, or None when nothing points anywhere.
    `model` replaces the trained n-gram model (for leave-one-out measurement on the dev rows)."""
    settings = _keywords()["settings"]
    words = word_scores(text, framework)
    model = _model_of(framework) if model is None else model
    chances = opinion_model.posterior(normalise(text), model)
    # a short text with few known bigrams gives an overconfident posterior: it counts in part
    strength = min(1.0, len(opinion_model.known_bigrams(normalise(text), model)) / settings["model_full_at"])
    uniform = 1 / max(len(framework.aspects), 1)
    scores = {}
    for aspect in framework.aspects:
        learned = max(chances.get(aspect.id, 0.0) - uniform, 0.0) / (1 - uniform) if chances else 0.0
        scores[aspect.id] = round(words[aspect.id] + settings["model_weight"] * strength * learned, 3)
    ranked = sorted(scores.values(), reverse=True)
    top = ranked[0] if ranked else 0.0
    if top < settings["min_score"]:
        return Classification(None, 0.0, scores)
    second = ranked[1] if len(ranked) > 1 else 0.0
    confidence = top / (top + second) * (1 - math.exp(-top / 2))
    if top - second < settings["min_margin"]:  # a near tie is a guess: say so
        confidence = min(confidence, settings["tie_confidence"])
    best = next(a.id for a in framework.aspects if scores[a.id] == top)
    return Classification(best, round(confidence, 3), scores)


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
