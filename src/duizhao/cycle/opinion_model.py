"""A multinomial naive Bayes over character bigrams, one model per framework, that adds what the
labelled opinions say to the family words of `classify.py`.

The weights are data (`data/cycle/opinion_ngram_weights.json`), written by
`scripts/train_opinion_weights.py` from the DEV rows of bench/data/opinions/labelled.tsv only, plus
each aspect's own wording. The prior is uniform: a broad aspect gains nothing for being broad.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from duizhao.cycle.classify_text import bigram_list

# aspect id -> {"unseen": log p, "grams": {bigram: log p}}
Model = dict[str, dict[str, Any]]

WEIGHTS = "opinion_ngram_weights.json"


def aspect_profile(aspect: Any) -> str:
    return "".join([aspect.wording, aspect.short_name, *aspect.aliases])


def train(
    rows: Iterable[tuple[str, str]],
    framework: Any,
    alpha: float,
    seeds: dict[str, list[str]] | None = None,
    borrowed: Iterable[tuple[str, str]] = (),
    borrowed_weight: float = 0.5,
) -> Model:
    """aspect id -> {"unseen": log p, "grams": {bigram: log p}} from (aspect id, text) rows, the
    aspects' wording and `seeds` (aspect id -> indicative words), so every aspect has a model.
    `borrowed` rows (labelled under other frameworks, mapped to this one's aspects) count less."""
    counts: dict[str, Counter[str]] = {a.id: Counter(bigram_list(aspect_profile(a))) for a in framework.aspects}
    for aspect_id, words in (seeds or {}).items():
        for word in words:
            counts[aspect_id].update(bigram_list(word))
    for aspect_id, text in rows:
        if aspect_id in counts:
            counts[aspect_id].update(bigram_list(text))
    for aspect_id, text in borrowed:
        if aspect_id in counts:
            for gram in bigram_list(text):
                counts[aspect_id][gram] += borrowed_weight  # type: ignore[assignment]  # fractional counts
    vocabulary = set().union(*counts.values())
    model: Model = {}
    for aspect_id, found in counts.items():
        total = sum(found.values()) + alpha * len(vocabulary)
        model[aspect_id] = {
            "unseen": round(math.log(alpha / total), 4),
            "grams": {g: round(math.log((n + alpha) / total), 4) for g, n in sorted(found.items())},
        }
    return model


def known_bigrams(text: str, model: Model) -> list[str]:
    """The text's bigrams (with repeats) that the model has seen."""
    if not model:
        return []
    known = set().union(*(m["grams"] for m in model.values()))
    return [g for g in bigram_list(text) if g in known]


def posterior(text: str, model: Model) -> dict[str, float]:
    """aspect id -> P(aspect | text) under a uniform prior; {} when no bigram of the text is known."""
    grams = known_bigrams(text, model)
    if not grams:
        return {}
    logs = {a: sum(m["grams"].get(g, m["unseen"]) for g in grams) for a, m in model.items()}
    top = max(logs.values())
    weights = {a: math.exp(v - top) for a, v in logs.items()}
    total = sum(weights.values())
    return {a: w / total for a, w in weights.items()}


@lru_cache(maxsize=1)
def trained_weights() -> dict[str, Any]:
    entry = resources.files("duizhao") / "data" / "cycle" / WEIGHTS
    try:
        loaded: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
        return loaded
    except FileNotFoundError:
        return {"frameworks": {}}


def model_for(framework: Any) -> Model:
    """The trained model of this framework when its aspects match the trained ones, else {}."""
    model: Model = trained_weights()["frameworks"].get(getattr(framework, "id", ""), {})
    if set(model) != {a.id for a in framework.aspects}:
        return {}
    return model
