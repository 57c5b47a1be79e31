"""Clean a decoded text into the text every span points at.

Two kinds of change, kept apart on purpose:
- removals (paywall markers, watermarks, web chrome, banners, junk, doubled titles, markdown
  heading marks): each reported as a `Removal` with its offset in the decoded raw text;
- normalisation that loses nothing (whitespace, line breaks), in `linejoin`.
The patterns live in `duizhao/data/phrases/cleaning.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from duizhao.model import Removal
from duizhao.parse.chars import (
    CN_NUM,
    HAN,
    ITEM_START,
    LEVEL1_MARK,
    LEVEL2_MARK,
    LEVEL3_MARK,
    LEVEL4_MARK,
    SENTENCE_END,
)
from duizhao.parse.contents import contents_lines
from duizhao.parse.linejoin import Piece, join_broken_lines, normalise_spaces, pieces_of
from duizhao.parse.simplified import simplified_view

__all__ = ["CN_NUM", "HAN", "SENTENCE_END", "Cleaned", "Piece", "clean", "cleaning_rules", "normalise_spaces"]

_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_HAN_RE = re.compile(f"[{HAN}]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_PLAIN_NEWLINES = re.compile(r"\r\n|[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]")
_NEWLINES = re.compile(r"\r\n|[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]|<[bB][rR]\s*/?>|</(?:[pP]|div|DIV)>")
_MARKDOWN_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
_MARKDOWN_BOLD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?(\*\*)(?=[^*\s])[^*\n]{1,80}(?<=[^*\s])(\*\*)[ \t]*$")
# "**（一）政治忠诚方面。**一是……": a bold run-in heading (how the renderer writes markdown).
_MARKDOWN_BOLD_LEAD = re.compile(
    rf"^[ \t]*(\*\*)(?=(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK}|[{CN_NUM}]是|第[{CN_NUM}]+[，,、]|[\u2460-\u2473]))"
    r"[^*\n]{1,80}?(?<=[^*\s])(\*\*)(?=[^*])"
)
ASCII_SYMBOLS = set("!\"#$%&'*+-/:;<=>?@[\\]^_`{|}~")
MAX_LINE_FOR_LINE_RULES = 300
PAGE_TITLE_ZONE = 300  # a page title with a site's name stands within the first characters
PAGE_TITLE_LINES = 2  # ...on the first or second line


@dataclass(frozen=True)
class Rule:
    kind: str
    description: str
    regex: re.Pattern[str]
    check: str = ""
    requires: tuple[str, ...] = ()  # the rule can only match where one of these strings occurs


@dataclass(frozen=True)
class Rules:
    inline: tuple[Rule, ...]
    line: tuple[Rule, ...]
    tail: tuple[Rule, ...]
    line_regex: re.Pattern[str]  # all line rules in one alternation; group "rN" names rule N
    related_heading: re.Pattern[str] | None = None
    related_description: str = ""


@lru_cache(maxsize=1)
def cleaning_rules() -> Rules:
    data = tomllib.loads((resources.files("duizhao") / "data" / "phrases" / "cleaning.toml").read_text("utf-8"))

    def build(items: list[dict[str, Any]], flags: int = 0) -> tuple[Rule, ...]:
        return tuple(
            Rule(
                item["kind"],
                item["description"],
                re.compile(item["pattern"], flags),
                item.get("check", ""),
                tuple(item.get("requires", ())),
            )
            for item in items
        )

    line_rules = build(data.get("line", []))
    combined = re.compile("|".join(f"(?P<r{n}>{rule.regex.pattern})" for n, rule in enumerate(line_rules)) or "(?!)")
    related = data.get("related", {})
    return Rules(
        build(data.get("inline", []), re.MULTILINE),
        line_rules,
        build(data.get("tail", []), re.MULTILINE),
        combined,
        re.compile(related["heading"]) if related.get("heading") else None,
        related.get("description", ""),
    )


@dataclass
class Cleaned:
    text: str
    lines: list[Piece]
    removed: list[Removal] = field(default_factory=list)


@dataclass
class _RawLine:
    text: str  # what is left of the line after inline removals
    raw_start: int
    kept: list[tuple[int, int]]  # (offset in remaining text, offset in raw) anchors
    md_level: int = 0
    removed: bool = False

    def raw_offset(self, index: int) -> int:
        anchor_text, anchor_raw = 0, self.raw_start
        for text_pos, raw_pos in self.kept:
            if text_pos > index:
                break
            anchor_text, anchor_raw = text_pos, raw_pos
        return anchor_raw + (index - anchor_text)


_EMPTY_LINE = _RawLine("", 0, [(0, 0)])


# ---------------------------------------------------------------- entry point


def clean(raw: str, outline: dict[int, int] | None = None) -> Cleaned:
    """`outline`: heading levels by raw line index (from a .docx's paragraph styles)."""
    rules = cleaning_rules()
    removed: list[Removal] = []
    # Rules match on the simplified view (same length), so a traditional page's chrome goes too.
    view = simplified_view(raw)
    simplify = simplified_view if view != raw else _same
    matches = _inline_matches(view, rules)
    lines = []
    cursor = 0
    for text, start in _physical_lines(raw):
        end = start + len(text)
        spans: list[tuple[int, int, Rule | None]] = []
        while cursor < len(matches) and matches[cursor][0] < end:
            span_start, span_end, rule = matches[cursor]
            if span_start >= start and span_end <= end:
                spans.append((span_start - start, span_end - start, rule))
            cursor += 1
        if not spans and (not text or text.isspace()):
            lines.append(_EMPTY_LINE)  # shared: empty lines are never changed later
        else:
            lines.append(_strip_inline(text, start, spans, removed))
    for index, level in (outline or {}).items():
        if 0 <= index < len(lines) and lines[index] is not _EMPTY_LINE and not lines[index].md_level:
            lines[index].md_level = level
    breadcrumb_titles: list[str] = []
    furniture = []
    for index, line in enumerate(lines):
        if _strip_line(line, rules, removed, breadcrumb_titles, simplify) == "page_furniture":
            furniture.append(index)
    _remove_running_headers(lines, furniture, removed)
    for index in contents_lines([line.text for line in lines]):
        _drop_line(lines[index], removed, "contents", "网页添加的目录（与正文标题重复）")
    _remove_related_list(lines, rules, removed, simplify)
    _remove_doubled_titles(lines, removed, breadcrumb_titles)
    pieces = pieces_of(lines)
    pieces = join_broken_lines(pieces)
    removed.sort(key=lambda r: r.raw_offset)
    return Cleaned(text="\n".join(p.text for p in pieces), lines=pieces, removed=removed)


def _same(text: str) -> str:
    return text


def _physical_lines(raw: str) -> Iterator[tuple[str, int]]:
    position = 0
    for match in (_NEWLINES if "<" in raw else _PLAIN_NEWLINES).finditer(raw):
        yield raw[position : match.start()], position
        position = match.end()
    yield raw[position:], position


# ---------------------------------------------------------------- removals


def _inline_matches(raw: str, rules: Rules) -> list[tuple[int, int, Rule]]:
    """Every inline and tail match in the whole text, in order (one scan per pattern)."""
    found = []
    for rule in (*rules.inline, *rules.tail):
        if rule.requires and not any(word in raw for word in rule.requires):
            continue  # a fast substring test spares a whole-text regex scan
        for match in rule.regex.finditer(raw):
            if match.end() > match.start() and _passes(rule, match.group(), raw, match.start()):
                begin = match.start()
                if (
                    rule.check == "ascii_junk"
                    and begin
                    and re.match(r"[:;,.!?]\s", match.group())
                    and not raw[begin - 1].isspace()
                ):
                    begin += 1  # the sentence's own colon or comma before the junk
                found.append((begin, match.end(), rule))
    found.sort(key=lambda m: (m[0], -m[1]))
    return found


def _strip_inline(text: str, start: int, spans: list[tuple[int, int, Rule | None]], removed: list[Removal]) -> _RawLine:
    md_level = 0
    heading = _MARKDOWN_HEADING.match(text)
    if heading:
        md_level = len(heading.group(1))
        spans = [(heading.start(1), heading.end(), None), *spans]
    bold = (_MARKDOWN_BOLD_LINE.match(text) or _MARKDOWN_BOLD_LEAD.match(text)) if "**" in text else None
    if bold:  # a whole line in **bold**: markup, not a blanked-out name
        spans = sorted([*spans, (bold.start(1), bold.end(1), None), (bold.start(2), bold.end(2), None)])
    if not spans:
        return _RawLine(text, start, [(0, start)], md_level)
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept_text: list[str] = []
    anchors: list[tuple[int, int]] = []
    position = length = 0
    for span_start, span_end, rule in spans:
        if span_start < position:
            continue  # overlaps an earlier removal
        anchors.append((length, start + position))
        kept_text.append(text[position:span_start])
        length += span_start - position
        snippet = text[span_start:span_end]
        if rule is None:
            removed.append(Removal("markdown", snippet, start + span_start, "Markdown 标记"))
        else:
            removed.append(Removal(rule.kind, snippet.strip() or snippet, start + span_start, rule.description))
        position = span_end
    anchors.append((length, start + position))
    kept_text.append(text[position:])
    return _RawLine("".join(kept_text), start, anchors, md_level)


_ADDRESS_CUE = re.compile(r"(?:网址|网站|登录|访问|邮箱|链接|官网|平台|网页|见|详见|[（(：:])\s*$")
_NEWS_SITE = re.compile(
    r"人民网|新华网|共产党员网|求是网|光明网|央视网|中国网|中国政府网|中国新闻网|澎湃|学习强国|纪检监察网|党建网"
)
_OFFICIAL_DOMAIN = re.compile(r"\.(?:gov|edu|org)\.cn$|12371|people\.com|xinhuanet|qstheory|ccdi\.gov")


def _passes(rule: Rule, snippet: str, text: str = "", start: int = 0) -> bool:
    if rule.check == "ascii_junk":
        symbols = {ch for ch in snippet if ch in ASCII_SYMBOLS}
        return len(symbols) >= 2 and any(ch.isalpha() for ch in snippet)
    if rule.check == "page_title":
        return start < PAGE_TITLE_ZONE and text.count("\n", 0, start) < PAGE_TITLE_LINES
    if rule.check == "site_name":
        return not _NEWS_SITE.search(snippet)  # "（人民网）" after a quotation is a citation
    if rule.check == "site_domain":
        # An address the author gives on purpose ("登录共产党员网（www.12371.cn）") is content.
        return not _ADDRESS_CUE.search(text[max(0, start - 8) : start]) and not _OFFICIAL_DOMAIN.search(snippet)
    return True


def _strip_line(
    line: _RawLine,
    rules: Rules,
    removed: list[Removal],
    breadcrumb_titles: list[str],
    simplify: Callable[[str], str] | None = None,
) -> str | None:
    stripped = line.text.strip()
    if not stripped or len(stripped) > MAX_LINE_FOR_LINE_RULES:
        return None
    match = rules.line_regex.match(
        simplify(stripped) if simplify else stripped
    )  # every line rule is anchored at the line start
    if not match:
        return None
    assert match.lastgroup is not None  # every alternative of line_regex is a named group "rN"
    rule = rules.line[int(match.lastgroup[1:])]
    offset = line.raw_offset(line.text.index(stripped[0]))
    removed.append(Removal(rule.kind, stripped, offset, rule.description))
    if rule.description.startswith("网页导航"):
        last = re.split(r"\s*(?:>>?|»|›|→)\s*", stripped.rstrip(" >»›"))[-1].strip()
        if len(last) >= 6:
            breadcrumb_titles.append(last)
    line.text = ""
    line.removed = True
    return rule.kind


MAX_RUNNING_HEADER = 40


def _remove_running_headers(lines: list[_RawLine], furniture: list[int], removed: list[Removal]) -> None:
    """A PDF's running header or footer: the same short line printed next to the page numbers of
    at least two pages. Only the copies beside a page number go; the same line elsewhere stays."""
    if len(furniture) < 2:
        return
    beside: dict[str, list[int]] = {}
    for index in furniture:
        for step in (-1, 1):
            neighbour, seen = index + step, 0
            while 0 <= neighbour < len(lines) and seen < 3:
                line = lines[neighbour]
                if line.text.strip() and not line.removed:
                    text = _norm(line.text)
                    if (
                        0 < len(text) <= MAX_RUNNING_HEADER
                        and not ITEM_START.match(text)
                        and not re.search(f"[{SENTENCE_END}，,]", text)
                    ):
                        beside.setdefault(text, []).append(neighbour)
                    break
                if line.text.strip():
                    seen = 0  # another furniture line: keep looking past it
                neighbour += step
                seen += 1
    for indexes in beside.values():
        if len(set(indexes)) >= 2:
            for index in sorted(set(indexes)):
                _drop_line(lines[index], removed, "page_furniture", "PDF 复制带来的页眉页脚")


def _remove_related_list(
    lines: list[_RawLine], rules: Rules, removed: list[Removal], simplify: Callable[[str], str] | None = None
) -> None:
    """A site's "相关推荐" heading and the article titles listed under it, to the end."""
    heading = rules.related_heading
    if heading is None:
        return
    start = max(0, len(lines) // 3)
    for index in range(start, len(lines)):
        line = lines[index]
        if line.removed or not heading.match(simplify(line.text) if simplify else line.text):
            continue
        tail = [i for i in range(index + 1, len(lines)) if lines[i].text.strip() and not lines[i].removed]
        if any(not _title_line(lines[i].text) for i in tail):
            return  # body text follows: not a list of links
        for i in [index, *tail]:
            _drop_line(lines[i], removed, "web_chrome", rules.related_description)
        return


def _title_line(text: str) -> bool:
    text = text.strip()
    return len(text) <= 60 and not re.search(f"[{SENTENCE_END}]$", text) and "。" not in text


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", _SPACES.sub(" ", text))


def _remove_doubled_titles(lines: list[_RawLine], removed: list[Removal], breadcrumb_titles: list[str]) -> None:
    """A page title printed twice: the same line again (maybe with a site's prefix such as 〔*〕,
    or split over two lines), or the title repeated at the start of the first line; and any short
    line printed twice in a row."""
    content = [i for i, line in enumerate(lines) if line.text.strip()]
    if not content:
        return
    _remove_repeated_lines(lines, content, removed)
    content = [i for i in content if not lines[i].removed][:60]
    # Title repeated inside the first line(s): "TT正文…".
    for index in content[:3]:
        line = lines[index]
        text = line.text
        lead = len(text) - len(text.lstrip())
        body = text[lead:]
        for size in range(6, min(80, len(body) // 2) + 1):
            if body[:size] == body[size : 2 * size] and not re.search(f"[{SENTENCE_END}]", body[:size]):
                removed.append(Removal("doubled_title", body[:size], line.raw_offset(lead), "重复的标题"))
                _cut(line, lead, lead + size)
                break
    _split_after_breadcrumb_title(lines, content, breadcrumb_titles)
    first = lines[content[0]]
    title = _norm(first.text)
    if len(title) > 80 or re.search(f"[{SENTENCE_END}]$", title):
        return
    later = content[1:]
    # The next line(s) repeat the title, perhaps with a prefix, perhaps split in two.
    if later:
        second = lines[later[0]]
        second_norm = _norm(second.text)
        joined = second_norm + (_norm(lines[later[1]].text) if len(later) > 1 else "")
        if second_norm and (
            second_norm == title or (second_norm.endswith(title) and len(second_norm) - len(title) <= 6)
        ):
            _drop_line(second, removed)
            later = later[1:]
        elif title.endswith(second_norm) and 0 < len(title) - len(second_norm) <= 6 and len(second_norm) >= 6:
            _drop_line(first, removed)
            later = later[1:]
        elif len(later) > 1 and second_norm and joined == title:
            _drop_line(second, removed)
            _drop_line(lines[later[1]], removed)
            later = later[2:]
    # The same title again further down, after page furniture (a table of contents, a lead).
    for index in later[:40]:
        if _norm(lines[index].text) == title and len(title) >= 6:
            _drop_line(lines[index], removed)


def _remove_repeated_lines(lines: list[_RawLine], content: list[int], removed: list[Removal]) -> None:
    """The same short line twice in a row (a heading printed twice by the page)."""
    previous = None
    for position, index in enumerate(content):
        text = lines[index].text.strip()
        norm = (_norm(text) if " " in text or "\t" in text or "\u3000" in text else text) if len(text) <= 80 else None
        if (
            norm is not None
            and norm == previous
            and len(norm) <= 60
            and "|" not in norm
            and len(_HAN_RE.findall(norm)) >= 2
        ):
            if position == 1:
                _drop_line(lines[index], removed)  # the first line is the title
            else:
                _drop_line(lines[index], removed, "doubled_line", "重复的行")
        previous = norm


def _split_after_breadcrumb_title(lines: list[_RawLine], content: list[int], breadcrumb_titles: list[str]) -> None:
    """A line that runs the page title (named by the breadcrumb) into the text: break it there."""
    for crumb in breadcrumb_titles:
        for index in content[:3]:
            line = lines[index]
            body = line.text.lstrip()
            if body.startswith(crumb) and len(body) > len(crumb) and not line.removed:
                cut = len(line.text) - len(body) + len(crumb)
                line.text = line.text[:cut] + "\n" + line.text[cut:]
                return


def _drop_line(
    line: _RawLine, removed: list[Removal], kind: str = "doubled_title", description: str = "重复的标题"
) -> None:
    stripped = line.text.strip()
    if stripped and not line.removed:
        removed.append(Removal(kind, stripped, line.raw_offset(line.text.index(stripped[0])), description))
        line.text = ""
        line.removed = True


def _cut(line: _RawLine, start: int, end: int) -> None:
    """Remove text[start:end] from a line, keeping raw offsets right for what follows."""
    raw_end = line.raw_offset(end)
    shift = end - start
    anchors = [(t, r) for t, r in line.kept if t <= start]
    anchors.append((start, raw_end))
    anchors += [(t - shift, r) for t, r in line.kept if t > end]
    line.kept = anchors
    line.text = line.text[:start] + line.text[end:]
