"""Criticisms given at the meeting (批评意见): hope or suggestion in place of criticism,
praise disguised as criticism (明贬暗褒), criticism aimed at nobody, and criticism without a case.

`assess_criticism(text)` reviews one criticism; `split_criticisms(text)` cuts a list of them
(one per line or paragraph) into spans, so a whole 批评意见 list can be reviewed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from duizhao.model import Finding
from duizhao.review.config import ReviewConfig, load_review_config
from duizhao.review.specificity import find_markers
from duizhao.review.text import find_phrases

SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
# An addressee or a connective before the first words: "对张某同志：", "李明同志，", "同时，".
LEAD_IN = re.compile(
    r"^\s*(对[^：:，,。]{1,16}[：:，,]|[^：:，,。]{1,10}同志[：:，,]|同时[，,]?|另外[，,]?|此外[，,]?|最后[，,]?)*\s*"
)
LIST_NUMBER = re.compile(
    r"^\s*(\d+[、.．]|[（(]\d+[)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*"
)


def assess_criticism(text: str, config: ReviewConfig | None = None) -> list[Finding]:
    """Findings for one criticism; spans are offsets into `text`."""
    config = config or load_review_config()
    findings = [
        *_no_target(text, config),
        *_disguised_praise(text, config),
        *_hope_instead(text, config),
    ]
    # a criticism is short: the situation it names (在处理…投诉时) is case enough
    if not findings and not any(m["kind"] != "studied_document" for m in find_markers(text, config)):
        body = LIST_NUMBER.sub("", text)
        start = len(text) - len(body)
        if body.strip():
            findings.append(config.finding("criticism.no_example", start, len(text.rstrip())))
    return sorted(findings, key=lambda f: f.start)


def _no_target(text: str, config: ReviewConfig) -> Iterator[Finding]:
    for phrase, start, end in find_phrases(text, config.phrases["no_target"]):
        yield config.finding("criticism.no_target", start, end, text=phrase)


def _disguised_praise(text: str, config: ReviewConfig) -> Iterator[Finding]:
    for phrase, start, end in find_phrases(text, config.phrases["disguised_praise"]):
        yield config.finding("criticism.disguised_praise", start, end, text=phrase)


def _hope_instead(text: str, config: ReviewConfig) -> Iterator[Finding]:
    hope_words = tuple(config.phrases["hope_instead"])
    question = config.regex(config.rule("criticism.hope_instead")["question_pattern"])
    hopes, others = [], []
    for match in SENTENCE.finditer(LIST_NUMBER.sub(lambda m: " " * len(m.group(0)), text)):
        sentence = match.group(0)
        lead_in = LEAD_IN.match(sentence)
        assert lead_in is not None  # LEAD_IN matches the empty string too
        lead = lead_in.end()
        body = sentence[lead:]
        asked = question.search(body)
        turned = _hope_clause(body, hope_words)
        if turned:  # 工作认真负责，希望今后…: praise first, then only a hope
            others.append(body[:turned])
            lead, body = lead + turned, body[turned:]
        if body.startswith(hope_words) or "共勉" in body or asked:
            hopes.append((match.start() + lead, match.end(), body))
            if asked and not body.startswith(hope_words):
                others.append(body[: asked.start()])  # a fault stated before the question counts
        elif body.strip():
            others.append(body)
    fault = config.regex(config.rule("criticism.hope_instead")["fault_pattern"])
    if hopes and not any(fault.search(sentence) for sentence in others):
        start, end, body = hopes[0]
        quoted = body.strip()[:30]
        yield config.finding("criticism.hope_instead", start, end, text=quoted)


def _hope_clause(body: str, hope_words: tuple[str, ...]) -> int:
    """Where a later clause of the sentence opens with a hope word (…，希望…), else 0."""
    for match in re.finditer(r"[，,]\s*", body):
        if body.startswith(hope_words, match.end()) and not body.startswith("望", match.end()):
            return match.end()
    return 0


# A line that only names who the following criticisms are for: "对张三同志的批评意见：", "二、李四同志".
ADDRESSEE_LINE = re.compile(
    r"^\s*([一二三四五六七八九十]+、|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])?\s*对?[^。，,；;！？!?]{1,16}?"
    r"(同志|书记|局长|主任|部长|委员)[^。，,；;！？!?]{0,8}[：:]?\s*$"
)


def split_criticisms(text: str) -> list[tuple[int, int]]:
    """Spans of the criticisms in a list: one per non-empty line (a paragraph is one line);
    lines that only name the addressee are headings, not criticisms."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group(0)
        if line.strip() and not ADDRESSEE_LINE.match(line):
            spans.append(match.span())
    return spans


def assess_criticism_list(text: str, config: ReviewConfig | None = None) -> list[Finding]:
    """Findings for every criticism of a list, with offsets into the whole text."""
    config = config or load_review_config()
    findings = []
    for index, (start, end) in enumerate(split_criticisms(text)):
        for finding in assess_criticism(text[start:end], config):
            finding.start += start
            finding.end += start
            finding.data["criticism"] = index
            findings.append(finding)
    return findings
