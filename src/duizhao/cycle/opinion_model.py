"""The opinion classifier's model: one linear model per framework over character unigrams and
bigrams and jieba words, the sum of a multinomial logistic regression (numpy) and a naive Bayes
over the same documents (the NBSVM blend of Wang and Manning, 2012: with a thousand short
labelled opinions the naive Bayes weights carry a rare but telling word, 赌 or 礼, that the
regression spreads thin; the pair beat either alone on voices left out of training,
docs/cycle.md).

Each framework's model is trained on the opinions labelled under it (or under a framework with
the same aspects) plus, as a prior for every aspect, the aspect's own wording and the indicative
words of the aspect families bound to it (`data/cycle/opinion_keywords.toml`). Classes are
balanced, so a broad aspect gains nothing for having more examples. The probabilities are
calibrated by a temperature fitted on out-of-fold predictions.

The weights are data (`data/cycle/opinion_ngram_weights.json`), written by
`scripts/train_opinion_weights.py`; training is deterministic (full-batch Adam, fixed number of
steps, no random numbers). A framework without stored weights (a unit's own) gets a model
trained on the spot from its wording and family words only (a few milliseconds).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from duizhao.cycle._common import load_cycle_data
from duizhao.cycle.classify_text import CJK_RUN, normalise

WEIGHTS = "opinion_ngram_weights.json"
WORD = "w:"  # prefix of jieba words, so a two-character word is not its own bigram


@dataclass(frozen=True)
class LinearModel:
    aspects: tuple[str, ...]
    index: dict[str, int]  # feature -> row of `weights`
    weights: np.ndarray  # (features, aspects)
    bias: np.ndarray  # (aspects,)
    temperature: float = 1.0

    def to_json(self, digits: int = 3, prune: float = 0.0) -> dict[str, Any]:
        """Rounded weights; features whose weights all round below `prune` are left out."""
        rows = {}
        for feature, row in sorted(self.index.items()):
            values = [round(float(v), digits) for v in self.weights[row]]
            if max(abs(v) for v in values) > prune:
                rows[feature] = values
        return {
            "aspects": list(self.aspects),
            "bias": [round(float(v), digits) for v in self.bias],
            "temperature": self.temperature,
            "weights": rows,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        features = list(data["weights"])
        aspects = tuple(data["aspects"])
        matrix = np.array([data["weights"][f] for f in features], dtype=float).reshape(len(features), len(aspects))
        return cls(
            aspects,
            {f: i for i, f in enumerate(features)},
            matrix,
            np.array(data["bias"], dtype=float),
            float(data.get("temperature", 1.0)),
        )


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    import jieba  # untyped: pyproject's mypy override for jieba lets it in

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


@lru_cache(maxsize=1)
def feature_settings() -> dict[str, Any]:
    """[features] of data/cycle/opinion_keywords.toml: which features the model sees."""
    settings: dict[str, Any] = load_cycle_data("opinion_keywords.toml").get("features", {})
    return settings


def features(text: str) -> list[str]:
    """The text's features, each once, in a fixed order: characters (unless `unigrams` is off),
    character bigrams (inside runs of Chinese characters) and jieba's dictionary words of two or
    more characters; features listed in `ignore` (words every opinion uses, whatever its aspect)
    are left out."""
    settings = feature_settings()
    text = normalise(text)
    found: set[str] = set()
    for run in CJK_RUN.findall(text):
        if settings.get("unigrams", True):
            found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    if found or CJK_RUN.search(text):
        found.update(WORD + w for w in _tokenizer().cut(text, HMM=False) if len(w) > 1 and CJK_RUN.fullmatch(w))
    ignore = _ignored()
    return sorted(f for f in found if f.removeprefix(WORD) not in ignore)


@lru_cache(maxsize=1)
def _ignored() -> frozenset[str]:
    return frozenset(feature_settings().get("ignore", ()))


def evidence(found: Sequence[str], model: LinearModel) -> list[str]:
    """The features the model knows, single characters left out: a text whose only known
    features are single characters says nothing the model can judge."""
    return [f for f in found if len(f) > 1 and f in model.index]


def logits(found: Sequence[str], model: LinearModel) -> np.ndarray:
    rows = [model.index[f] for f in found if f in model.index]
    scale = 1 / math.sqrt(max(len(found), 1))
    total = model.weights[rows].sum(axis=0) * scale if rows else np.zeros(len(model.aspects))
    result: np.ndarray = total + model.bias
    return result


def softmax(values: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    shifted = values / temperature
    shifted = shifted - shifted.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    result: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return result


def probabilities(text: str, model: LinearModel) -> tuple[dict[str, float], list[str]]:
    """(aspect id -> calibrated probability, the known features that carried it)."""
    found = features(text)
    chances = softmax(logits(found, model), model.temperature)
    return {a: float(p) for a, p in zip(model.aspects, chances, strict=True)}, evidence(found, model)


# ---------------------------------------------------------------- training


def prior_documents(
    framework: Any,
    seeds: dict[str, list[str]],
    settings: dict[str, Any],
    labelled: dict[str, float] | None = None,
) -> list[tuple[str, str, float]]:
    """(aspect id, text, weight): every aspect's own wording, short name and aliases, and each
    indicative word of the families bound to it. The wording weighs at least `wording_share` of
    the aspect's other documents (the opinions labelled under it, `labelled`: aspect id -> their
    total weight, and its family words), so they do not drown what the aspect officially says."""
    docs = []
    for aspect in framework.aspects:
        wording = "，".join([aspect.wording, aspect.short_name, *aspect.aliases])
        words = seeds.get(aspect.id, ())
        rest = (labelled or {}).get(aspect.id, 0.0) + float(settings["seed_weight"]) * len(words)
        docs.append(
            (aspect.id, wording, max(float(settings["wording_weight"]), float(settings["wording_share"]) * rest))
        )
        docs.extend((aspect.id, word, float(settings["seed_weight"])) for word in words)
    return docs


def train(docs: Iterable[tuple[str, str, float]], aspect_ids: Sequence[str], settings: dict[str, Any]) -> LinearModel:
    """The blended model from (aspect id, text, weight) documents: the logistic regression's
    weights plus `naive_bayes_weight` times the naive Bayes weights. Deterministic."""
    aspects = tuple(aspect_ids)
    rows = [(aspects.index(a), found, w) for a, t, w in docs if a in aspects and w > 0 and (found := features(t))]
    regression = train_regression(rows, aspects, settings)
    share = float(settings.get("naive_bayes_weight", 0.0))
    if share <= 0 or not regression.index:
        return regression
    bayes = naive_bayes(rows, regression.index, len(aspects), float(settings["naive_bayes_alpha"]))
    return LinearModel(aspects, regression.index, regression.weights + share * bayes, regression.bias)


def naive_bayes(
    rows: Sequence[tuple[int, list[str], float]], index: dict[str, int], k: int, alpha: float
) -> np.ndarray:
    """Multinomial naive Bayes with equal class priors: each feature's log-probability under
    each aspect (additive smoothing `alpha`), less its mean over the aspects, so a feature
    every aspect uses alike weighs nothing. Rows of `index`."""
    counts = np.zeros((len(index), k))
    for label, found, weight in rows:
        counts[[index[f] for f in found], label] += weight
    totals = counts.sum(axis=0)
    log_chance = np.log((counts + alpha) / (totals + alpha * len(index)))
    centred: np.ndarray = log_chance - log_chance.mean(axis=1, keepdims=True)
    return centred


def train_regression(
    rows: Sequence[tuple[int, list[str], float]], aspects: tuple[str, ...], settings: dict[str, Any]
) -> LinearModel:
    """Multinomial logistic regression, L2-penalised, from (aspect index, features, weight) rows.
    Each aspect's documents carry the same total weight (balanced classes). Deterministic."""
    index: dict[str, int] = {}
    for _, found, _ in rows:
        for f in found:
            index.setdefault(f, len(index))
    k, n = len(aspects), len(rows)
    if not n or not index:
        return LinearModel(aspects, {}, np.zeros((0, k)), np.zeros(k))
    doc_of, cols, vals = [], [], []
    for i, (_, found, _) in enumerate(rows):
        for f in found:
            doc_of.append(i)
            cols.append(index[f])
            vals.append(1 / math.sqrt(len(found)))
    doc_arr, col_arr, val_arr = np.array(doc_of), np.array(cols), np.array(vals)[:, None]
    starts = np.searchsorted(doc_arr, np.arange(n))
    labels = np.array([a for a, _, _ in rows])
    weight = np.array([w for _, _, w in rows], dtype=float)
    per_class = np.bincount(labels, weights=weight, minlength=k)
    present = per_class > 0
    weight = weight * (weight.sum() / present.sum()) / per_class[labels]
    weight = weight / weight.sum()
    target = np.eye(k)[labels]
    l2, rate, steps = float(settings["l2"]), float(settings["learning_rate"]), int(settings["steps"])
    matrix, bias = np.zeros((len(index), k)), np.zeros(k)
    first, second = np.zeros_like(matrix), np.zeros_like(matrix)
    for step in range(1, steps + 1):
        scores = np.add.reduceat(matrix[col_arr] * val_arr, starts) + bias
        error = (softmax(scores) - target) * weight[:, None]
        gradient = l2 * matrix
        np.add.at(gradient, col_arr, val_arr * error[doc_arr])
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        matrix -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        bias -= rate * error.sum(axis=0)
    return LinearModel(aspects, index, matrix, bias)


def fit_temperature(scores: Sequence[np.ndarray], labels: Sequence[int]) -> float:
    """The temperature (0.25–8, in steps of 0.05 on a log scale) that minimises the negative
    log-likelihood of out-of-fold scores: the confidence then means what it says."""
    if not scores:
        return 1.0
    stacked, wanted = np.array(scores), np.array(labels)
    best, best_loss = 1.0, math.inf
    for step in range(-28, 43):
        temperature = round(math.exp(step * 0.05), 3)
        chances = softmax(stacked, temperature)[np.arange(len(wanted)), wanted]
        loss = float(-np.log(np.maximum(chances, 1e-12)).mean())
        if loss < best_loss - 1e-12:
            best, best_loss = temperature, loss
    return best


# ---------------------------------------------------------------- stored weights


@lru_cache(maxsize=1)
def trained_weights() -> dict[str, Any]:
    entry = resources.files("duizhao") / "data" / "cycle" / WEIGHTS
    try:
        loaded: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
        return loaded
    except FileNotFoundError:
        return {"frameworks": {}}


@lru_cache(maxsize=64)
def _stored(framework_id: str) -> LinearModel | None:
    data = trained_weights()["frameworks"].get(framework_id)
    return LinearModel.from_json(data) if data else None


def model_for(framework: Any) -> LinearModel | None:
    """The stored model of this framework when its aspects are the trained ones, else None."""
    model = _stored(str(getattr(framework, "id", "")))
    if model is None or list(model.aspects) != [a.id for a in framework.aspects]:
        return None
    return model
