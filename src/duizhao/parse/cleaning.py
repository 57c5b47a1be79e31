"""Clean a decoded text into the text every span points at.

Two kinds of change, kept apart on purpose:
- removals (paywall markers, watermarks, web chrome, banners, junk, doubled titles, markdown
  heading marks): each reported as a `Removal` with its offset in the decoded raw text;
- normalisation that loses nothing (whitespace, line breaks): one document on one line is split at
  its inline heading markers, and lines a PDF copy broke mid-sentence are joined again.
The patterns live in `duizhao/data/phrases/cleaning.toml`.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from duizhao.model import Removal

# ---------------------------------------------------------------- character classes

HAN = "\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’…—·"
CJK = f"[{HAN}{CJK_PUNCT}]"
SENTENCE_END = "。！？!?；;…"
CN_NUM = "一二三四五六七八九十"

# Opening markers of numbered items; used to split one-line documents and to stop line joining.
LEVEL1_MARK = rf"[{CN_NUM}]{{1,3}}\s*[、．.]"
LEVEL2_MARK = rf"[（(〔【]\s*[{CN_NUM}]{{1,3}}\s*[）)〕】]"
LEVEL3_MARK = r"\d{1,2}\s*[、．.](?![\d.．])"
LEVEL4_MARK = r"[（(]\s*\d{1,2}\s*[）)]"
ORDINAL_MARK = rf"[{CN_NUM}]是"

ITEM_START = re.compile(
    rf"^(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK}|{ORDINAL_MARK}|第[{CN_NUM}]+[，,、是]|[\u2460-\u2487]|\d{{1,2}}[）)])"
)
# A match ends where the split goes: after a sentence end or a space, before the marker.
_SPLIT_ANY = re.compile(
    rf"[{SENTENCE_END}:：\s]\s*(?=(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK})\s*\S)|\s+(?=一是)"
)
# A line that starts with a numbered item and runs the next items on after a sentence end:
# "（一）学习不深。（二）党性不强。" (level 2, 3 or 4, numbered on from the line's first marker).
# Each inline pattern starts with the marker itself (fast to scan for); the character before it
# must end a sentence.
_CONSECUTIVE = [
    (re.compile(rf"^\s*[（(]\s*([{CN_NUM}]{{1,3}})\s*[）)]"), re.compile(rf"[。；;！？!?]\s*([（(]\s*([{CN_NUM}]{{1,3}})\s*[）)])")),
    (re.compile(r"^\s*(\d{1,2})\s*[、．.](?![\d.．])"), re.compile(r"[。；;！？!?]\s*((\d{1,2})\s*[、．.](?![\d.．]))")),
    (re.compile(r"^\s*[（(]\s*(\d{1,2})\s*[）)]"), re.compile(r"[。；;！？!?]\s*([（(]\s*(\d{1,2})\s*[）)])")),
]
_CN_DIGIT = {ch: n for n, ch in enumerate(CN_NUM, 1)}
_SPLIT_LEVEL1 = re.compile(rf"[{SENTENCE_END}:：\s]\s*(?=(?:{LEVEL1_MARK})\s*[{HAN}“\"《])")
_COLON_THEN_SUBITEM = re.compile(rf"(?:[:：]\s*|\s+)(?=(?:{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK})\s*[{HAN}“\"《])")
_STARTS_LEVEL1 = re.compile(rf"^\s*{LEVEL1_MARK}")

_HEADING_END = re.compile(r"(?:方面|问题|情况|原因|根源|措施|方向|不足|差距|剖析|分析)$")
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_HAN_RE = re.compile(f"[{HAN}]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_IN_CJK = re.compile(
    rf" (?<={CJK} )(?={CJK}|[0-9A-Za-z*＊%（(])|(?<=[0-9A-Za-z*＊%）)]) (?={CJK})|(?<={CJK}) (?=[,.:;!?)\]])"
)
# Line breaks, and the HTML that stands for one in a copy of a page's source (<br>, </p>, </div>).
_PLAIN_NEWLINES = re.compile(r"\r\n|[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]")
_NEWLINES = re.compile(r"\r\n|[\r\n\f\v\x1c-\x1e\x85\u2028\u2029]|<[bB][rR]\s*/?>|</(?:[pP]|div|DIV)>")
_MARKDOWN_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
_MARKDOWN_BOLD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?(\*\*)(?=[^*\s])[^*\n]{1,80}(?<=[^*\s])(\*\*)[ \t]*$")
# "**（一）政治忠诚方面。**一是……": a bold run-in heading (how the renderer writes markdown).
_MARKDOWN_BOLD_LEAD = re.compile(
    rf"^[ \t]*(\*\*)(?=(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK}|[{CN_NUM}]是|第[{CN_NUM}]+[，,、]|[\u2460-\u2473]))"
    r"[^*\n]{1,80}?(?<=[^*\s])(\*\*)(?=[^*])"
)
_DOC_TYPE_END = re.compile(
    r"(?:材料|报告|提纲|讲话|发言|发言稿|方案|总结|通知|制度|意见|意见表|清单|台账|记录)(?:[（(][^()（）]{1,10}[)）])?$"
)
_FUSED_TITLE = re.compile(
    rf"^(?!{LEVEL1_MARK}|{LEVEL2_MARK})([^，,。：:；;]{{4,40}}?(?:调研报告|对照检查材料|检视剖析材料|剖析材料|发言提纲|情况报告|工作总结|工作方案|实施方案))(?=[{HAN}])(?![的和与及中等])"
)
ASCII_SYMBOLS = set("!\"#$%&'*+-/:;<=>?@[\\]^_`{|}~")
MAX_LINE_FOR_LINE_RULES = 300
PAGE_TITLE_ZONE = 300  # a page title with a site's name stands within the first characters
PAGE_TITLE_LINES = 2  # ...on the first or second line
ONE_LINE_DOC_LINES = 5  # a text with this few lines is treated as "everything on one line"
LONG_LINE = 150
# Lines of about the same greatest length make a PDF copy's wrap width when at least this share of
# the lines have it (short paragraphs leave many shorter last lines).
WRAPPED_SHARE = 0.25
SHORT_TAIL = 8  # a line this short that ends a sentence, after one that does not, is its tail


@dataclass(frozen=True)
class Rule:
    kind: str
    description: str
    regex: re.Pattern
    check: str = ""
    requires: tuple[str, ...] = ()  # the rule can only match where one of these strings occurs


@dataclass(frozen=True)
class Rules:
    inline: tuple[Rule, ...]
    line: tuple[Rule, ...]
    tail: tuple[Rule, ...]
    line_regex: re.Pattern  # all line rules in one alternation; group "rN" names rule N
    related_heading: re.Pattern | None = None
    related_description: str = ""


@lru_cache(maxsize=1)
def cleaning_rules() -> Rules:
    data = tomllib.loads((resources.files("duizhao") / "data" / "phrases" / "cleaning.toml").read_text("utf-8"))

    def build(items, flags=0):
        return tuple(
            Rule(
                item["kind"], item["description"], re.compile(item["pattern"], flags), item.get("check", ""),
                tuple(item.get("requires", ())),
            )
            for item in items
        )

    line_rules = build(data.get("line", []))
    combined = re.compile("|".join(f"(?P<r{n}>{rule.regex.pattern})" for n, rule in enumerate(line_rules)) or "(?!)")
    related = data.get("related", {})
    return Rules(
        build(data.get("inline", []), re.MULTILINE), line_rules, build(data.get("tail", []), re.MULTILINE), combined,
        re.compile(related["heading"]) if related.get("heading") else None, related.get("description", ""),
    )


@dataclass
class Piece:
    """One line of the cleaned text, before it is joined into `text`."""

    text: str
    physical: int  # index of the raw line it came from
    md_level: int = 0  # markdown heading level (#=1 …), 0 if none
    raw_length: int = 0  # length of its whole normalised raw line (for line-joining decisions)
    last_of_line: bool = True


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
    matches = _inline_matches(raw, rules)
    lines = []
    cursor = 0
    for text, start in _physical_lines(raw):
        end = start + len(text)
        spans = []
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
    breadcrumb_titles = []
    furniture = []
    for index, line in enumerate(lines):
        if _strip_line(line, rules, removed, breadcrumb_titles) == "page_furniture":
            furniture.append(index)
    _remove_running_headers(lines, furniture, removed)
    _remove_related_list(lines, rules, removed)
    _remove_doubled_titles(lines, removed, breadcrumb_titles)
    pieces = _pieces(lines)
    pieces = _join_broken_lines(pieces)
    removed.sort(key=lambda r: r.raw_offset)
    return Cleaned(text="\n".join(p.text for p in pieces), lines=pieces, removed=removed)


def _physical_lines(raw: str):
    position = 0
    for match in (_NEWLINES if "<" in raw else _PLAIN_NEWLINES).finditer(raw):
        yield raw[position:match.start()], position
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
                if rule.check == "ascii_junk" and begin and re.match(r"[:;,.!?]\s", match.group()) and not raw[begin - 1].isspace():
                    begin += 1  # the sentence's own colon or comma before the junk
                found.append((begin, match.end(), rule))
    found.sort(key=lambda m: (m[0], -m[1]))
    return found


def _strip_inline(text: str, start: int, spans: list, removed: list[Removal]) -> _RawLine:
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
_NEWS_SITE = re.compile(r"人民网|新华网|共产党员网|求是网|光明网|央视网|中国网|中国政府网|中国新闻网|澎湃|学习强国|纪检监察网|党建网")
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
        return not _ADDRESS_CUE.search(text[max(0, start - 8):start]) and not _OFFICIAL_DOMAIN.search(snippet)
    return True


def _strip_line(line: _RawLine, rules: Rules, removed: list[Removal], breadcrumb_titles: list[str]) -> None:
    stripped = line.text.strip()
    if not stripped or len(stripped) > MAX_LINE_FOR_LINE_RULES:
        return
    match = rules.line_regex.match(stripped)  # every line rule is anchored at the line start
    if not match:
        return
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
                    if 0 < len(text) <= MAX_RUNNING_HEADER and not ITEM_START.match(text) and not re.search(f"[{SENTENCE_END}，,]", text):
                        beside.setdefault(text, []).append(neighbour)
                    break
                if line.text.strip():
                    seen = 0  # another furniture line: keep looking past it
                neighbour += step
                seen += 1
    for text, indexes in beside.items():
        if len(set(indexes)) >= 2:
            for index in sorted(set(indexes)):
                _drop_line(lines[index], removed, "page_furniture", "PDF 复制带来的页眉页脚")


def _remove_related_list(lines: list[_RawLine], rules: Rules, removed: list[Removal]) -> None:
    """A site's "相关推荐" heading and the article titles listed under it, to the end."""
    heading = rules.related_heading
    if heading is None:
        return
    start = max(0, len(lines) // 3)
    for index in range(start, len(lines)):
        line = lines[index]
        if line.removed or not heading.match(line.text):
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
            if body[:size] == body[size:2 * size] and not re.search(f"[{SENTENCE_END}]", body[:size]):
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
        if second_norm and (second_norm == title or (second_norm.endswith(title) and len(second_norm) - len(title) <= 6)):
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
        if norm is not None and norm == previous and len(norm) <= 60 and "|" not in norm and len(_HAN_RE.findall(norm)) >= 2:
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


def _drop_line(line: _RawLine, removed: list[Removal], kind: str = "doubled_title", description: str = "重复的标题") -> None:
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


# ---------------------------------------------------------------- normalisation


_SPACE_TABLE = {ord(ch): " " for ch in "\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))}
_SPACE_TABLE.update({ord(ch): None for ch in "\u200b\u200c\u200d\u2060\ufeff"})


_ODD_SPACE = re.compile("[\t\u00a0\u1680\u2000-\u200d\u202f\u205f\u2060\u3000\ufeff]")


def _plain_spaces(text: str) -> str:
    return text.translate(_SPACE_TABLE) if _ODD_SPACE.search(text) else text


def normalise_spaces(text: str) -> str:
    """One space where the text had several (a deliberate gap, e.g. between a post and a name);
    none where a single space stands between Chinese characters (a PDF reflow artefact)."""
    text = _plain_spaces(text)
    if " " not in text:
        return text
    text = text.strip()
    if "  " in text:
        parts = _MULTI_SPACE.split(text)
        return " ".join(_SPACE_IN_CJK.sub("", part) for part in parts)
    return _SPACE_IN_CJK.sub("", text)


def _pieces(lines: list[_RawLine]) -> list[Piece]:
    live = [line for line in lines if line.text.strip()]
    one_line_doc = len(live) <= ONE_LINE_DOC_LINES
    pieces: list[Piece] = []
    for physical, line in enumerate(lines):
        if not line.text.strip():
            continue
        for part_index, part in enumerate(line.text.split("\n")):  # a forced split after a fused title
            spaced = _plain_spaces(part)
            parts = [normalise_spaces(p) for p in _split_inline(spaced, one_line_doc and len(spaced) >= LONG_LINE)]
            raw_length = sum(map(len, parts))
            new = [Piece(p, physical, line.md_level, raw_length, False) for p in parts if p]
            if new:
                new[-1].last_of_line = True
                if part_index > 0:
                    new[0].md_level = 0
                pieces.extend(new)
    if pieces and not any(p.md_level for p in pieces[1:2]):
        _split_fused_title(pieces)
    return pieces


def _split_inline(text: str, split_all: bool) -> list[str]:
    """Split a line at inline heading markers: every level in a one-line document, otherwise only
    “一、” after a sentence end or a space, and a sub-item right after the colon of such a heading."""
    regex = _SPLIT_ANY if split_all else _SPLIT_LEVEL1
    cuts = [m.end() for m in regex.finditer(text)]
    parts = []
    position = 0
    for cut in cuts:
        if text[position:cut].strip():
            parts.append(text[position:cut])
            position = cut
    parts.append(text[position:])
    if split_all:
        return parts
    result = []
    for part in parts:
        colon = _COLON_THEN_SUBITEM.search(part, 0, 60) if _STARTS_LEVEL1.match(part) else None
        if colon:
            result += [part[:colon.end()], *_split_consecutive(part[colon.end():])]
        else:
            result += _split_consecutive(part)
    return result


def _split_consecutive(text: str) -> list[str]:
    if len(text) < 12 or text.lstrip()[:1] not in "（(0123456789":
        return [text]
    for first, inline in _CONSECUTIVE:
        start = first.match(text)
        if not start:
            continue
        expected = _number(start.group(1)) + 1
        cuts = []
        for match in inline.finditer(text, start.end()):
            if _number(match.group(2)) == expected:
                cuts.append(match.start(1))
                expected += 1
        if not cuts:
            return [text]
        bounds = [0, *cuts, len(text)]
        return [text[a:b] for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    return [text]


def _number(numeral: str) -> int:
    if numeral.isdigit():
        return int(numeral)
    digits = _CN_DIGIT
    if len(numeral) == 1:
        return digits.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return (digits.get(tens, 1) if tens else 1) * 10 + digits.get(ones, 0)


def _split_fused_title(pieces: list[Piece]) -> None:
    """A first line that runs the title into the first sentence ("……调研报告党支部组织生活是……")."""
    first = pieces[0]
    if len(first.text) < 60 or not re.search(f"[{SENTENCE_END}]", first.text):
        return
    match = _FUSED_TITLE.match(first.text)
    if match:
        head, tail = first.text[: match.end(1)], first.text[match.end(1):]
        pieces[0:1] = [
            Piece(head, first.physical, first.md_level, first.raw_length, False),
            Piece(tail, first.physical, 0, first.raw_length, first.last_of_line),
        ]


def _wrap_width(pieces: list[Piece]) -> int:
    """The width a PDF copy wrapped its lines at, or 0 when the lines do not look wrapped."""
    lengths = [p.raw_length for p in pieces if p.last_of_line and p.raw_length >= 15]
    if len(lengths) < 3:
        return 0
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    best, best_count = 0, 0
    for n in counts:
        near = sum(counts.get(n + d, 0) for d in (-2, -1, 0, 1, 2))
        if near > best_count or (near == best_count and n > best):
            best, best_count = n, near
    longer = sum(1 for n in lengths if n > best + 2)
    wrapped = best >= 20 and best_count >= WRAPPED_SHARE * len(lengths) and best_count >= 3 and longer <= 0.1 * len(lengths)
    if wrapped:
        return best
    # Short paragraphs: few lines are full, but the full ones all have the greatest length.
    top = max(lengths)
    at_top = sum(1 for n in lengths if n >= top - 2)
    return top if top >= 20 and at_top >= 3 and at_top >= 0.1 * len(lengths) else 0


def _join_broken_lines(pieces: list[Piece]) -> list[Piece]:
    """Join a line broken mid-sentence (by a PDF copy) with the next one."""
    if len(pieces) < 2:
        return pieces
    width = _wrap_width(pieces)
    result: list[Piece] = [pieces[0]]
    for index in range(1, len(pieces)):
        previous, current = result[-1], pieces[index]
        if previous.last_of_line and _is_broken(previous, current, width, index == 1, len(result) == 1):
            joined = _split_consecutive(previous.text + current.text)
            result[-1] = Piece(joined[0], current.physical, previous.md_level, current.raw_length, len(joined) == 1 and current.last_of_line)
            for n, part in enumerate(joined[1:], 2):
                result.append(Piece(part, current.physical, 0, current.raw_length, n == len(joined) and current.last_of_line))
        else:
            result.append(current)
    return result


def _is_broken(previous: Piece, current: Piece, width: int, after_first: bool, previous_is_first: bool) -> bool:
    text = previous.text
    if not text or current.md_level or previous.md_level:
        return False
    if " | " in text or " | " in current.text:
        return False  # table rows (the reader joins cells with " | ") are lines of their own
    ending = text.rstrip("”’」』\"'）)】")  # 。” ends a sentence too
    if ending and (ending[-1] in SENTENCE_END or ending[-1] in "：:"):
        return False
    if ITEM_START.match(current.text):
        return False
    if _HEADING_END.search(text) and ITEM_START.match(text) and not re.search(f"[{SENTENCE_END}，,：:]", text):
        return False  # "（二）在……方面" filling the line exactly is a whole heading
    if previous_is_first and after_first:
        # A title split over two lines: joined only when the pair ends like a title.
        return len(current.text) <= 15 and not _DOC_TYPE_END.search(text) and bool(_DOC_TYPE_END.search(text + current.text))
    if previous_is_first and len(text) < 60:
        return False
    if width and previous.raw_length >= max(15, width - 3):
        return True
    if previous.raw_length >= 20 and len(current.text) <= SHORT_TAIL and current.text[-1] in SENTENCE_END and text[-1] not in "：:":
        return True  # "……落实到具体项目上的办法" + "不多。": a sentence's tail carried over alone
    return previous.raw_length >= 50 and (text[-1] in "，,、" or re.match(f"[{HAN}A-Za-z0-9“”\"]", text[-1]) is not None)
