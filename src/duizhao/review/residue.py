"""Residue: placeholders left to fill, template-site markers, and a year or unit name that
contradicts the material's own (text recycled from another year or unit)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from duizhao.model import Finding, Removal
from duizhao.review.config import Table
from duizhao.review.context import ReviewContext
from duizhao.review.text import containment, strip_numbering


def placeholder(ctx: ReviewContext) -> Iterator[Finding]:
    rule = ctx.config.rule("residue.placeholder")
    title_end = ctx.title_end
    for item in ctx.material.placeholders:
        if item.text in rule.get("soft_placeholders", ()) and item.start >= title_end:
            named = ctx.config.regex(rule["soft_word"]).match(ctx.text, item.start) if "soft_word" in rule else None
            words = named.group(0) if named else ctx.text[item.start : item.end + 2]
            message = rule["soft_message"].format(text=item.text, words=words)
            yield Finding("residue.placeholder", rule["soft_severity"], message, item.start, item.end, {"soft": True})
            continue
        yield ctx.config.finding("residue.placeholder", item.start, item.end, text=item.text)


def template_site(ctx: ReviewContext) -> Iterator[Finding]:
    rule = ctx.config.rule("residue.template_site")
    removed = [r for r in ctx.material.removed if r.kind in rule["removal_kinds"]]
    if removed:
        what = _describe_all(removed)
        yield ctx.config.finding(
            "residue.template_site",
            *ctx.title_span,
            {"removed": [{"kind": r.kind, "text": r.text, "raw_offset": r.raw_offset} for r in removed]},
            what=f"清理时已删除 {len(removed)} 处：{what}",
        )
    for pattern in rule["patterns"]:
        for match in ctx.config.regex(pattern).finditer(ctx.text):
            yield ctx.config.finding("residue.template_site", *match.span(), what=match.group(0))


def _describe_all(removed: list[Removal]) -> str:
    """One phrase per kind of removal: 论坛防采集乱码 14 处（如“…”）, not fourteen quotations."""
    groups: dict[str, list[Removal]] = {}
    for removal in removed:
        groups.setdefault(removal.description or removal.kind, []).append(removal)
    parts = []
    for items in groups.values():
        first = _describe(items[0])
        parts.append(first if len(items) == 1 else f"{first}等 {len(items)} 处")
    return "、".join(parts)


def _describe(removal: Removal) -> str:
    words = removal.text.strip()
    words = words if len(words) <= 20 else words[:20] + "……"
    return f"{removal.description}“{words}”" if removal.description else f"“{words}”"


def year_mismatch(ctx: ReviewContext) -> Iterator[Finding]:
    year = ctx.own_year
    if not year:
        return
    rule = ctx.config.rule("residue.year_mismatch")
    context = ctx.config.regex(rule["previous_year_context"])
    title_end = ctx.title_span[1]
    for match in ctx.config.regex(rule["pattern"]).finditer(ctx.text):
        stated = int(match.group(1))
        if stated == year or match.start() < title_end or _is_next_meeting(ctx, stated, match):
            continue
        if stated < year:
            # an earlier meeting named for the rectification of its problems (上年度, or the 2023
            # thematic meeting whose problems are still being rectified) is a reference, not residue
            around = _sentence_around(ctx.text, match.start(), match.end())
            in_carryover = any(s.start <= match.start() < s.end for s in ctx.carryover_sections)
            older = ctx.config.regex(rule.get("earlier_year_context", "$^"))
            if in_carryover or (context if stated == year - 1 else older).search(around):
                continue
        yield ctx.config.finding(
            "residue.year_mismatch",
            *match.span(),
            {"stated": stated, "year": year},
            year=year,
            text=match.group(0),
        )


def unit_mismatch(ctx: ReviewContext) -> Iterator[Finding]:
    rule = ctx.config.rule("residue.unit_mismatch")
    pattern = ctx.config.regex(rule["pattern"])
    own = ctx.material.unit
    title_start, title_end = ctx.title_span
    if not own or not pattern.search(own + "班子"):
        in_title = pattern.search(ctx.text, title_start, title_end)
        own = in_title.group(1) if in_title else None
    if not own:  # no named unit of its own (e.g. only 党委): nothing to contradict
        return
    relation = ctx.config.regex(rule["relation_before"])
    for match in pattern.finditer(ctx.text, title_end):
        before = ctx.text[max(0, match.start() - 4) : match.start()]
        name = _after_relation(before, strip_numbering(match.group(1)), relation)
        if name is None or any(name.endswith(g) for g in rule["generic_units"]):
            continue
        name = _trim_name(name, rule.get("name_breaks", ""))
        if _same_unit(own, name, rule):
            continue
        around = _sentence_around(ctx.text, match.start(), match.end())
        if "case_context" in rule and ctx.config.regex(rule["case_context"]).search(around):
            continue
        start = match.end(1) - len(name)
        yield ctx.config.finding(
            "residue.unit_mismatch", start, match.end(1), {"unit": own, "other": name}, unit=own, text=name
        )


def _trim_name(name: str, breaks: str) -> str:
    """The unit's own name: what follows the last break letter before its place word."""
    place_at = max((i for i, ch in enumerate(name) if ch in "省市县区州旗"), default=0)
    cut = max((i + 1 for i, ch in enumerate(name[:place_at]) if ch in breaks), default=0)
    return name[cut:]


def _after_relation(before: str, name: str, relation: re.Pattern[str]) -> str | None:
    """None when the name follows a relation word (与/向/协调…): another unit mentioned, not the
    writer's own. The pattern's greedy start may have swallowed that word into the name."""
    place_at = min((i for i, ch in enumerate(name) if ch in "省市县区州旗"), default=0)
    for cut in range(place_at, -1, -1):
        if relation.search(before + name[:cut]):
            return None
    return name


# A place is one division (云岭省, 柳溪县, a bare 市) and then lower ones whose names have two or
# three characters, none an organ's (东城区): 云岭市|市场监管局, 柳溪县|城市管理局, not 云岭市市|场监管局.
_PLACE = re.compile(r"[^省市县区州旗]{0,7}[省市县区州旗](?:[^省市县区州旗局委办部]{2,3}[市县区州旗])*")


def _split_unit(name: str, rule: Table) -> tuple[str, str]:
    """(place, organ): 中共柳溪县卫生健康局 -> (柳溪县, 卫生健康局). The place is "" when it is
    anonymised (某区, XX县) or a bare place word."""
    name = name.removeprefix("中共")
    found = _PLACE.match(name)
    place, organ = (found.group(), name[found.end() :]) if found else ("", name)
    if len(place) < 2 or any(mark in place for mark in rule["anonymous_marks"]):
        place = ""
    return place, organ


def _same_unit(own: str, other: str, rule: Table) -> bool:
    if own in other or other in own:
        return True
    own_place, own_organ = _split_unit(own, rule)
    other_place, other_organ = _split_unit(other, rule)
    if other_organ.startswith("委"):  # 县委组织部, 市委宣传部: the higher level's organs
        return True
    places_differ = own_place and other_place and not (own_place in other_place or other_place in own_place)
    return not places_differ and containment(other_organ, own_organ) >= rule["min_organ_overlap"]


def _is_next_meeting(ctx: ReviewContext, stated: int, match: re.Match[str]) -> bool:
    """Next year's meeting named as a deadline: in a measure, or followed by 前 (…民主生活会前)."""
    if ctx.own_year is None or stated != ctx.own_year + 1:
        return False
    in_measure = any(m.start <= match.start() < m.end for m in ctx.measures)
    return in_measure or ctx.text.startswith(("前", "之前", "召开前"), match.end())


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (bounded by 。！？； or a line break)."""
    stops = "。！？；\n"
    left = max(text.rfind(stop, 0, start) for stop in stops) + 1
    rights = [i for i in (text.find(stop, end) for stop in stops) if i >= 0]
    return text[left : min(rights) if rights else len(text)]
