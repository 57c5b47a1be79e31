"""The item stage: what each enumerated item of a material says it is.

Contract
--------
    classify_items(text, candidates) -> list[Item]

- Input: the cleaned text and the candidate items, each `(start, end, prior, lead)`: a span in
  `text` (one 一是…, 1.…, sub-heading with its body, or paragraph of a part), the kind of the part
  it stands in (`problems`, `causes`, `measures`, `carryover`, `other`, `preamble`, or "" when it
  stands in no recognised part) and the heading or lead sentence that part was recognised by.
- Output: one `Item` per candidate, same order, same span, with `role` ∈ problem / cause / measure
  / achievement / other and `confidence` = the probability the classifier gives that role.
- The role comes from the item's own words (a naive-Bayes model over character bigrams,
  `data/parse/item_model.json`, trained by `scripts/train_item_model.py` on our own labelled items,
  plus a few cue patterns in `data/parse/items.toml`), with the part's kind as the prior.
  An item keeps the role of its part unless its words say otherwise: probability ≥ `reassign` and
  a cue pattern of that role found in it (the n-gram model alone is too sure of short items);
  an item outside any part gets the role its words give, leaning towards the role of the other
  items of its list (`group`, weight `group_weight`).
- Only the first `head` and last `tail` characters of an item are read, so the cost per item is
  bounded (parse speed) and the opening words (一是把学习当成…) weigh most.
- Pure: no I/O after the model is loaded once; the same input gives the same output.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, overload

import numpy as np
import numpy.typing as npt

from duizhao.model import Item

SEPARATOR = "\x00"  # joins the items' words for the batch lookup; never inside cleaned text
SEPARATOR_CODE = 0
ROLE_OF_KIND = {"problems": "problem", "causes": "cause", "measures": "measure", "carryover": "achievement"}
KIND_OF_ROLE = {role: kind for kind, role in ROLE_OF_KIND.items()}
_MARKER = re.compile(
    r"^[\s　]*(?:[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、：:]?|\d{1,2}\s*[.、．）)]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
    r"|[一二三四五六七八九十]{1,3}[、．.]|[\u2460-\u2487]|(?:首先|其次|再次|最后)[，,、：:]?)[、，,：:\s]*"
)


@overload
def _pair_key(first: int, second: int) -> int: ...


@overload
def _pair_key(first: npt.NDArray[np.int64], second: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]: ...


def _pair_key(first: int | npt.NDArray[np.int64], second: int | npt.NDArray[np.int64]) -> int | npt.NDArray[np.int64]:
    return (first << 21) | second  # code points fit in 21 bits


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    prior: str = ""
    lead: str = ""
    group: int = -1  # items of one list outside the named parts share a group: they lean together


class ItemModel:
    def __init__(self, settings: dict[str, Any], weights: dict[str, Any]):
        """`settings`: the item model's TOML table; `weights`: item_model.json, as read."""
        self.roles: list[str] = settings["roles"]
        self.head: int = settings["head"]
        self.tail: int = settings["tail"]
        self.scale: float = settings["nb_scale"]
        self.reassign: float = settings["reassign"]
        self.enumerated: float = settings["enumerated"]
        self.group_weight: float = settings["group_weight"]
        self.log_prior: dict[str, npt.NDArray[np.float64]] = {
            kind: np.log(np.array([table[r] for r in self.roles])) for kind, table in settings["prior"].items()
        }
        self.cues: list[tuple[int, re.Pattern[str], bool, float]] = [
            (self.roles.index(c["role"]), re.compile(c["pattern"]), c.get("where", "head") == "tail", c["weight"])
            for c in settings.get("cue", [])
        ]
        assert weights["roles"] == self.roles, "item_model.json was trained for other roles"
        keys = np.array([_pair_key(ord(g[0]), ord(g[1])) for g in weights["grams"]], dtype=np.int64)
        self.order = np.argsort(keys)
        self.keys = keys[self.order]
        table = np.array(weights["log_likelihood"], dtype=np.float64).reshape(-1, len(self.roles))  # grams × roles
        # the last row is for bigrams the model never saw
        self.table = np.vstack([table, np.array(weights["unknown"], dtype=np.float64)])

    def bigram_means(self, words: list[str]) -> npt.NDArray[np.float64]:
        """Mean log-likelihood per role of each text's character bigrams, all texts at once: the
        texts are joined by a separator, every adjacent pair becomes an integer key and is looked up
        by binary search in the model's sorted keys (no Python loop per character)."""
        joined = SEPARATOR.join(w.replace(SEPARATOR, " ") for w in words) + SEPARATOR
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        keys = _pair_key(codes[:-1], codes[1:])
        keep = (codes[:-1] != SEPARATOR_CODE) & (codes[1:] != SEPARATOR_CODE)
        owner = np.cumsum(codes == SEPARATOR_CODE)[:-1]  # which text each pair belongs to
        keys, owner = keys[keep], owner[keep]
        at = np.searchsorted(self.keys, keys)
        at_clipped = np.minimum(at, len(self.keys) - 1) if len(self.keys) else at
        known = (at < len(self.keys)) & (self.keys[at_clipped] == keys) if len(self.keys) else np.zeros(len(keys), bool)
        rows = np.where(known, self.order[at_clipped] if len(self.keys) else 0, len(self.table) - 1)
        # owner is sorted: each text's pairs are one run, summed as a difference of running sums
        running = np.vstack([np.zeros((1, len(self.roles))), np.cumsum(self.table[rows], axis=0)])
        bounds = np.searchsorted(owner, np.arange(len(words) + 1))
        sums = running[bounds[1:]] - running[bounds[:-1]]
        counts = (bounds[1:] - bounds[:-1]).reshape(-1, 1)
        means: npt.NDArray[np.float64] = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
        return means

    def scores(
        self, heads: list[str], tails: list[str], priors: list[str]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Log-odds per role for a batch of items (rows), and which roles a cue pattern named."""
        result = self.bigram_means([head + "|" + tail for head, tail in zip(heads, tails)]) * self.scale
        cued = np.zeros(result.shape, dtype=bool)
        for n, (head, tail, prior) in enumerate(zip(heads, tails, priors)):
            result[n] += self.log_prior.get(prior, self.log_prior[""])
            for role, pattern, on_tail, weight in self.cues:
                if pattern.search(tail if on_tail else head):
                    result[n, role] += weight
                    cued[n, role] = True
        return result, cued


@lru_cache(maxsize=1)
def item_model() -> ItemModel:
    data = resources.files("duizhao.data") / "parse"
    settings = tomllib.loads((data / "items.toml").read_text(encoding="utf-8"))
    weights = json.loads((data / "item_model.json").read_text(encoding="utf-8"))
    return ItemModel(settings, weights)


def item_words(text: str, model: ItemModel) -> tuple[str, str]:
    """The head (after the number) and tail an item is judged by."""
    marker = _MARKER.match(text)
    body = text[marker.end() :] if marker else text
    return body[: model.head], body[-model.tail :] if len(body) > model.head else ""


def probabilities(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    normalised: npt.NDArray[np.float64] = shifted / shifted.sum(axis=1, keepdims=True)
    return normalised


def classify_items(text: str, candidates: list[Candidate]) -> list[Item]:
    if not candidates:
        return []
    model = item_model()
    heads, tails = zip(*(item_words(text[c.start : c.end], model) for c in candidates))
    scores, cued = model.scores(list(heads), list(tails), [c.prior for c in candidates])
    scores = _lean_together(scores, [c.group for c in candidates], model.group_weight)
    probs = probabilities(scores)
    items = []
    for candidate, row, cues in zip(candidates, probs, cued):
        best = int(row.argmax())
        role = model.roles[best]
        own = ROLE_OF_KIND.get(candidate.prior)
        if own is not None and role != own and (row[best] < model.reassign or not cues[best]):
            role = own  # the part's kind stands unless the item's words clearly say otherwise
        confidence = float(row[model.roles.index(role)])
        items.append(
            Item(
                text[candidate.start : candidate.end],
                candidate.start,
                candidate.end,
                role,
                round(confidence, 3),
                candidate.prior,
                candidate.lead,
            )
        )
    return items


def _lean_together(scores: npt.NDArray[np.float64], groups: list[int], weight: float) -> npt.NDArray[np.float64]:
    """The items of one list usually share a role: mix each item's scores with its list's mean."""
    members: dict[int, list[int]] = {}
    for n, group in enumerate(groups):
        if group >= 0:
            members.setdefault(group, []).append(n)
    result = scores.copy()
    for rows in members.values():
        if len(rows) > 1:
            result[rows] = (1 - weight) * scores[rows] + weight * scores[rows].mean(axis=0)
    return result


def counts_as(item: Item) -> str | None:
    """The list (problems / causes / measures) an item belongs to, or None: an item outside any
    part counts only when its words are clear enough."""
    model = item_model()
    if item.role not in ("problem", "cause", "measure"):
        return None
    if item.prior in ("problems", "causes", "measures") or item.confidence >= model.enumerated:
        return KIND_OF_ROLE[item.role]
    return None


def log_likelihoods(
    counts: dict[str, list[float]], roles: list[str], smoothing: float = 0.5
) -> dict[str, list[str] | list[list[float]] | list[float]]:
    """Train: per-role bigram counts → the weights file (used by scripts/train_item_model.py)."""
    totals = [sum(row[r] for row in counts.values()) for r in range(len(roles))]
    vocabulary = len(counts) + 1
    grams = sorted(counts)
    table = [
        [
            round(math.log((counts[g][r] + smoothing) / (totals[r] + smoothing * vocabulary)), 4)
            for r in range(len(roles))
        ]
        for g in grams
    ]
    unknown = [round(math.log(smoothing / (totals[r] + smoothing * vocabulary)), 4) for r in range(len(roles))]
    return {"roles": roles, "grams": grams, "log_likelihood": table, "unknown": unknown}
