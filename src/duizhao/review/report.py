"""Turning a review into what people read: Word/HTML annotations and the terminal report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from duizhao.model import Annotation, Finding
from duizhao.review.text import line_and_column

SEVERITY_WORDS = {"error": "错误", "warning": "警告", "info": "提示"}


def findings_to_annotations(findings: list[Finding]) -> list[Annotation]:
    """One remark per finding, prefixed with its severity (【错误】…), categorised by rule id."""
    return [
        Annotation(f.start, f.end, f"【{SEVERITY_WORDS[f.severity]}】{f.message}", "对照审读", f.rule) for f in findings
    ]


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def _quote(text: str, finding: Finding, limit: int = 40) -> str:
    words = text[finding.start : finding.end].replace("\n", " ")
    return words if len(words) <= limit else words[:limit] + "……"


def text_report(
    text: str,
    findings: list[Finding],
    *,
    heading: str,
    scores: dict[str, Any] | None = None,
    counts: Mapping[str, object] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The Chinese terminal report: a summary, then findings grouped by severity."""
    lines = [heading, ""]
    if counts:
        lines.append(
            f"识别出问题 {counts.get('problems', 0)} 个、原因 {counts.get('causes', 0)} 条、"
            f"整改措施 {counts.get('measures', 0)} 条（全文 {counts.get('characters', len(text))} 字，字数不作为质量依据）。"
        )
    specificity = (scores or {}).get("specificity") or {}
    if specificity.get("material") is not None:
        lines.append(f"见人见事具体度：{specificity['material']} 分（满分 100，各问题平均）。")
        for number, problem in enumerate(specificity["problems"], start=1):
            found = "、".join(dict.fromkeys(m["text"] for m in problem["markers"]))[:40] or "无具体事例"
            lines.append(f"  {number:>2}. {problem['score']:>3} 分  {_short(problem['summary'])}（{found}）")
    lines.extend(notes)
    total = {s: len(same_message_groups([f for f in findings if f.severity == s])) for s in SEVERITY_WORDS}
    places = f"（共 {len(findings)} 处）" if len(findings) != sum(total.values()) else ""
    lines.append(
        f"共 {sum(total.values())} 条意见{places}：错误 {total['error']}，警告 {total['warning']}，提示 {total['info']}。"
    )
    for severity, word in SEVERITY_WORDS.items():
        group = [f for f in findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"【{word}】{total[severity]} 条"]
        for number, same in enumerate(same_message_groups(group), start=1):
            lines += _entry_lines(text, number, same)
    return "\n".join(lines) + "\n"


def same_message_groups(findings: list[Finding]) -> list[list[Finding]]:
    """Findings with the same rule and message (e.g. 29 placeholders “*”) make one entry."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        groups.setdefault((finding.rule, finding.message), []).append(finding)
    return list(groups.values())


def _position(text: str, finding: Finding) -> str:
    line, column = line_and_column(text, finding.start)
    return f"第 {line} 行第 {column} 字（偏移 {finding.start}）"


def _entry_lines(text: str, number: int, same: list[Finding]) -> list[str]:
    first = same[0]
    if len(same) == 1:
        lines = [f"{number}. {_position(text, first)}［{first.rule}］"]
        quoted = _quote(text, first)
        if quoted:
            lines.append(f"   原文：“{quoted}”")
    else:
        positions = "、".join("第{}行{}字".format(*line_and_column(text, f.start)) for f in same)
        lines = [f"{number}. 共 {len(same)} 处［{first.rule}］：{positions}"]
    lines.append(f"   {first.message}")
    return lines


def summary_html(
    findings: list[Finding],
    scores: dict[str, Any] | None = None,
    counts: Mapping[str, object] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The side summary of the HTML page (escaped)."""
    parts = []
    if counts:
        parts.append(
            f"<p>问题 {counts.get('problems', 0)} 个，原因 {counts.get('causes', 0)} 条，"
            f"整改措施 {counts.get('measures', 0)} 条。</p>"
        )
    specificity = (scores or {}).get("specificity") or {}
    if specificity.get("material") is not None:
        parts.append(f"<p>见人见事具体度：<strong>{specificity['material']}</strong> 分（满分 100）</p>")
        rows = "".join(
            f"<tr><td>{p['score']}</td><td>{escape(_short(p['summary']))}</td></tr>" for p in specificity["problems"]
        )
        parts.append(f'<table class="scores"><tr><th>分</th><th>问题</th></tr>{rows}</table>')
    total = {s: len(same_message_groups([f for f in findings if f.severity == s])) for s in SEVERITY_WORDS}
    parts.append(f"<p>错误 {total['error']} 条，警告 {total['warning']} 条，提示 {total['info']} 条。</p>")
    parts.extend(f"<p>{escape(note)}</p>" for note in notes)
    return "".join(parts)
