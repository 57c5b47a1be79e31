"""A first draft of a self-examination material built ONLY from the member's own input: the
opinions he claimed (认领) and his talk notes. Nothing is invented: every candidate problem is a
quotation with its source and a visible marker asking the author to rewrite it in his own words
with concrete examples; an aspect with no input says so. The text parses with
`duizhao.parse.parse_text` into problems under the right aspects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from duizhao.cycle._common import field_of
from duizhao.cycle.classify import classify_opinion

REWRITE_MARK = "【请用自己的话改写，补充具体事例】"
EMPTY_ASPECT_MARK = "【本方面尚无认领意见，请自行查摆】"
ORDINALS = "一二三四五六七八九十"


def _ordinal(n: int) -> str:
    if n <= 10:
        return ORDINALS[n - 1]
    if n < 20:
        return "十" + ORDINALS[n - 11]
    return f"{ORDINALS[n // 10 - 1]}十{ORDINALS[n % 10 - 1] if n % 10 else ''}"


def aspect_heading(number: int, aspect: Any) -> str:
    wording = aspect.wording.rstrip("。；;").removesuffix("方面")
    lead = "在" if wording.startswith("带头") else ""
    return f"（{_ordinal(number)}）{lead}{wording}方面"


def _candidates(
    framework: Any, claimed_opinions: Iterable[Any], talk_notes: Iterable[Any]
) -> Iterator[tuple[str | None, str, str]]:
    """(aspect id or None, text, source label) for every input item, in input order."""
    for position, opinion in enumerate(claimed_opinions, start=1):
        text = _text_of(opinion)
        if text:
            number = field_of(opinion, "number") or position
            yield _aspect_for(opinion, text, framework), text, f"征求意见第{number}条"
    for note in talk_notes:
        text = _text_of(note)
        if text:
            partner = field_of(note, "partner") or field_of(note, "with") or ""
            source = f"与{partner}谈心谈话" if partner else "谈心谈话"
            yield _aspect_for(note, text, framework), text, source


def _text_of(item: Any) -> str:
    text = item if isinstance(item, str) else field_of(item, "text", "")
    return " ".join(str(text or "").split()).rstrip("。；;，, ")


def _aspect_for(item: Any, text: str, framework: Any) -> str | None:
    aspect_id = None if isinstance(item, str) else field_of(item, "aspect_id")
    if aspect_id and framework.aspect(aspect_id) is not None:
        return str(aspect_id)
    return classify_opinion(text, framework).aspect_id


def assemble_draft(
    framework: Any,
    claimed_opinions: Iterable[Any],
    talk_notes: Iterable[Any] = (),
    *,
    kind: str = "personal",
    title: str,
    author: str = "",
) -> str:
    """The draft as plain text. Opinions and notes are dicts/objects with `text` and optional
    `aspect_id` (classified automatically when missing), `number` (opinions) and `partner` (notes)."""
    by_aspect: dict[str | None, list[tuple[str, str]]] = {}
    for aspect_id, text, source in _candidates(framework, claimed_opinions, talk_notes):
        by_aspect.setdefault(aspect_id, []).append((text, source))
    team = kind == "team"
    lines = [title, "领导班子对照检查材料" if team else "个人对照检查材料"]
    if author:
        lines.append(author)
    count = sum(len(v) for v in by_aspect.values())
    lines.append(
        f"【初稿说明：本稿仅汇集{'班子' if team else '本人'}认领的意见和谈心谈话记录共{count}条，"
        "请逐条核实、改写，并补写开头的学习、征求意见和上年度整改情况】"
    )
    lines.append("一、存在的主要问题" if team else "一、存在的问题")
    for number, aspect in enumerate(framework.aspects, start=1):
        lines.append(aspect_heading(number, aspect))
        items = by_aspect.get(aspect.id, [])
        if not items:
            lines.append(EMPTY_ASPECT_MARK)
        for position, (text, source) in enumerate(items, start=1):
            lines.append(f"{_ordinal(position)}是{text}。【来源：{source}】{REWRITE_MARK}")
    for text, source in by_aspect.get(None, []):
        lines.append(f"【未能归入方面的意见，请自行归类：{text}（来源：{source}）】")
    lines += [
        "二、原因剖析",
        "【请从思想根源上剖析上述问题产生的主观原因】",
        "三、整改措施",
        "【请针对上述问题逐条提出整改措施，明确责任和时限】",
    ]
    return "\n".join(lines) + "\n"
