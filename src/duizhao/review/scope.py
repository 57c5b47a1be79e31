"""What is checked on what: a text cut off mid-sentence (an excerpt, a paste that lost its end)
is not told that the parts it may have had are missing, and its unfinished last item is not
judged; a document that is no material gets only the document rules in the batch review (the
rules' lists are in data/review/rules.toml [scope] and [incomplete])."""

from __future__ import annotations

import re

from duizhao.model import Cause, Finding, Material, Measure, Problem
from duizhao.review.config import ReviewConfig, Table


def other_document_note(material: Material, scope: Table) -> str:
    from duizhao.parse.document_kind import kind_names

    name = kind_names().get(material.document_kind, material.document_kind)
    reason = material.document_kind_reason or "文体特征"
    note: str = scope["note_other_document"].format(kind=name, reason=reason.rstrip("。"))
    return note


def incomplete_tail(text: str, config: ReviewConfig) -> int | None:
    """Where the unfinished last sentence of a text cut off mid-sentence starts (an excerpt, a
    paste that lost its end), or None for a text that ends a sentence, a heading or a signature.
    The words after the last sentence mark are cut prose when they go on from a sentence on the
    same line, or stand on lines of their own, hold a comma or are at least `min_tail_letters`
    long, and the lines of text before them (headings left out) end sentences (a list written
    without full stops ends the same way on every line). A tail ending in a date (a signature) is
    no cut."""
    settings = config.data["incomplete"]
    body = text.rstrip()
    ends = list(config.regex(settings["sentence_ends"]).finditer(body))
    start = ends[-1].end() if ends else 0
    tail = body[start:]
    if not tail.strip() or not ends or config.regex(settings["complete_tail"]).search(tail):
        return None
    first = len(tail) - len(tail.lstrip())
    letters = re.findall(r"[\u4e00-\u9fa5A-Za-z0-9]", tail)
    if "\n" not in tail[:first]:  # goes on from a sentence on its line
        return start + first if letters else None
    comma = config.regex(settings["comma"])
    prose = bool(comma.search(tail)) or len(letters) >= settings["min_tail_letters"]
    lines = [line.strip() for line in body[:start].split("\n") if line.strip()]
    lines = [line for line in lines if comma.search(line) or len(line) > settings["heading_letters"]]  # no headings
    lines = lines[-settings["lines_before"] :]
    punctuated = all(config.regex(settings["sentence_ends"] + r"$").search(line) for line in lines)
    return start + first if prose and punctuated else None


def incomplete_note(text: str, config: ReviewConfig) -> str:
    settings = config.data["incomplete"]
    tail = text.rstrip()[-12:].replace("\n", "")
    note: str = settings["note"].format(tail=tail, skipped="、".join(settings["skipped"]))
    return note


def without_cut_item(findings: list[Finding], material: Material, cut: int, config: ReviewConfig) -> list[Finding]:
    """Findings about the content of the item the cut runs through (its end is missing) are
    dropped: only placeholders, site markers and terms are reported inside it."""
    elements: tuple[Problem | Cause | Measure, ...] = (*material.problems, *material.causes, *material.measures)
    items = [e for e in elements if e.end > cut]
    keep = tuple(config.data["incomplete"]["kept_in_cut_item"])
    return [
        f for f in findings if f.rule.startswith(keep) or not any(item.start <= f.start < item.end for item in items)
    ]
