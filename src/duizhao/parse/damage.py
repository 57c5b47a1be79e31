"""Warn about damage cleaning cannot repair: replacement characters, mojibake (text decoded with
the wrong code page), pinyin spliced into Chinese text, characters lost to "?", traditional
characters. Warnings point at the cleaned text; nothing here changes it."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from typing import TypedDict

from duizhao.model import ParseWarning, Removal

MAX_WARNINGS_PER_CODE = 20

_REPLACEMENT = re.compile("\ufffd+")
_PINYIN = re.compile(r"[\u3400-\u9fff?][(（][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[)）]")
# A "?" where a character was lost in a code-page round trip: next to pinyin or glued to a number
# ("總?cè)", "人口?.7"). A "?" between two Chinese characters is often just a question mark.
_LOST_CHAR = re.compile(r"\?(?<=[\u3400-\u9fff]\?)(?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]|\.?\d)")

# Common characters; the "garbage" set is what they turn into when bytes are decoded with the
# wrong code page. A run made mostly of garbage characters is mojibake.
_COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等"
    "部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内"
    "数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特"
    "件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东"
    "导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科"
    "张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响"
    "约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局"
    "照参红细引听该铁价严龙飞"
)
_TRADITIONAL_ONLY = set(
    "們這個會說對從進來時國為發開關與麼將經過還當學習實現幹動點應該嗎義務黨員領導幫組織檢團結紀廳區縣鄉鎮衛書記問題"
)


_COMMON_SET = frozenset(_COMMON) | frozenset(_TRADITIONAL_ONLY)


def common_share(text: str) -> float:
    """Share of the ideographs in `text` that are common characters (simplified or traditional):
    about half in real prose, a few per cent in text decoded with the wrong code page."""
    ideographs = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not ideographs:
        return 0.0
    return sum(ch in _COMMON_SET for ch in ideographs) / len(ideographs)


_TRADITIONAL_RE = re.compile(f"[{''.join(sorted(_TRADITIONAL_ONLY))}]")


@lru_cache(maxsize=1)
def _garbage_chars() -> frozenset[str]:
    garbage: set[str] = set()
    for right, wrong in (("utf-8", "gbk"), ("gbk", "big5"), ("big5", "gbk"), ("utf-8", "big5")):
        for ch in _COMMON:
            try:
                data = ch.encode(right)
            except UnicodeEncodeError:
                continue
            garbage.update(data.decode(wrong, errors="ignore"))
    garbage -= set(_COMMON)
    return frozenset(ch for ch in garbage if "\u3400" <= ch <= "\u9fff")


def damage_warnings(text: str) -> list[ParseWarning]:
    warnings: list[ParseWarning] = []
    for first, last in _clusters(list(_REPLACEMENT.finditer(text)))[:MAX_WARNINGS_PER_CODE]:
        start, end = max(0, first - 8), min(len(text), last + 8)
        warnings.append(
            ParseWarning(
                "replacement_char",
                f"此处有无法识别的字符（�），原文在转换编码时已损坏：“{text[start:end]}”",
                first,
                last,
            )
        )
    warnings += _merge(_mojibake_runs(text) + _rare_runs(text) + _latin1_runs(text) + _token_runs(text))
    pinyin = list(_PINYIN.finditer(text))
    if pinyin:
        first_pinyin = pinyin[0]
        warnings.append(
            ParseWarning(
                "pinyin",
                f"文中夹有拼音注音（共 {len(pinyin)} 处，如“{first_pinyin.group()}”），原文可能是繁简转换损坏的网页文本",
                first_pinyin.start(),
                first_pinyin.end(),
            )
        )
    for match in list(_LOST_CHAR.finditer(text))[:MAX_WARNINGS_PER_CODE]:
        start, end = max(0, match.start() - 6), min(len(text), match.end() + 6)
        warnings.append(
            ParseWarning("lost_char", f"此处有字符丢失成“?”：“{text[start:end]}”", match.start(), match.end())
        )
    traditional = len(_TRADITIONAL_RE.findall(text, 0, 50000))
    if traditional >= 5:
        warnings.append(
            ParseWarning("traditional", f"文中有繁体字（至少 {traditional} 个），已按简体字识别结构，原文不变", 0, 0)
        )
    return warnings


@lru_cache(maxsize=1)
def _garbage_seed() -> re.Pattern[str]:
    chars = "".join(sorted(_garbage_chars()))
    return re.compile(f"[{re.escape(chars)}]{{3,}}")


_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def _mojibake_runs(text: str) -> list[ParseWarning]:
    """Three garbage characters in a row start a suspect; the whole Han run around them is
    mojibake when most of its characters are garbage."""
    garbage = _garbage_chars()
    warnings: list[ParseWarning] = []
    position = 0
    for seed in _garbage_seed().finditer(text):
        if seed.start() < position:
            continue
        start = seed.start()
        while start > 0 and "\u3400" <= text[start - 1] <= "\u9fff" and seed.start() - start < 40:
            start -= 1
        run = _HAN_RUN.match(text, start)
        assert run is not None  # the seed's garbage characters are all Han (`_garbage_chars`)
        end = min(run.end(), seed.end() + 40)
        position = end
        chunk = text[start:end]
        bad = sum(ch in garbage for ch in chunk)
        if bad >= 4 and bad >= 0.6 * len(chunk):
            warnings.append(ParseWarning("mojibake", f"此处疑似乱码（编码错误）：“{chunk[:30]}”", start, end))
            if len(warnings) >= MAX_WARNINGS_PER_CODE:
                break
    return warnings


def _clusters(matches: list[re.Match[str]], gap: int = 20) -> list[tuple[int, int]]:
    """Matches less than `gap` characters apart on one line, as one (start, end) span."""
    spans: list[tuple[int, int]] = []
    for match in matches:
        if spans and match.start() - spans[-1][1] < gap and "\n" not in match.string[spans[-1][1] : match.start()]:
            spans[-1] = (spans[-1][0], match.end())
        else:
            spans.append((match.start(), match.end()))
    return spans


class _DamageSettings(TypedDict, total=False):
    """cleaning.toml's [damage] table; a missing key takes the default written where it is read."""

    mojibake_tokens: list[str]
    rare_window: int
    rare_in_window: int
    rare_with_odd_in_window: int
    rare_run: int
    several_materials: str  # a regex
    several_materials_title: str  # a regex


@lru_cache(maxsize=1)
def _damage_data() -> _DamageSettings:
    """cleaning.toml's [damage] table, as tomllib reads it."""
    data = tomllib.loads((resources.files("duizhao") / "data" / "phrases" / "cleaning.toml").read_text("utf-8"))
    damage: _DamageSettings = data.get("damage", {})
    return damage


def _ranges(codes: list[int]) -> str:
    parts, start = [], None
    for n, code in enumerate(codes):
        if start is None:
            start = code
        if n + 1 == len(codes) or codes[n + 1] != code + 1:
            parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(code)) if code != start else ""))
            start = None
    return "".join(parts)


@lru_cache(maxsize=1)
def _rare_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(rare Han characters: outside GB2312 level 1, kana/bopomofo/box drawing/fullwidth digits
    that GBK mojibake scatters among Han characters)."""
    common = set()
    for row in range(0xB0, 0xD8):  # GB2312 level 1: the 3,755 common characters
        for cell in range(0xA1, 0xFF):
            try:
                common.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    rare = [c for c in range(0x3400, 0xA000) if c not in common]
    odd = "\u2500-\u257f\u3040-\u30ff\u3100-\u312f\uff10-\uff19"
    return re.compile(f"[{_ranges(rare)}{odd}]"), re.compile(f"[{odd}]")


_DAMAGE_MESSAGE = "此处疑似乱码（按错误的编码读取）："


def _rare_runs(text: str) -> list[ParseWarning]:
    """A stretch where rare characters crowd together: GBK bytes of UTF-8 text and the like.
    Names and place names bring one or two rare characters, not five in ten."""
    if len(_TRADITIONAL_RE.findall(text, 0, 5000)) >= 5:
        return []  # traditional text is full of characters outside GB2312; reported separately
    settings = _damage_data()
    window = settings.get("rare_window", 10)
    needed = settings.get("rare_in_window", 5)
    needed_with_odd = settings.get("rare_with_odd_in_window", 4)
    run_length = settings.get("rare_run", 4)
    rare, odd = _rare_patterns()
    positions = [m.start() for m in rare.finditer(text)]
    spans: list[list[int]] = []
    for k in range(len(positions)):
        j = k + max(needed_with_odd, 1) - 1
        while j < len(positions) and positions[j] - positions[k] < window:
            j += 1
        inside = j - k
        if inside < needed_with_odd:
            continue
        chunk = text[positions[k] : positions[j - 1] + 1]
        if "\n" in chunk:
            continue
        consecutive = (
            positions[k + run_length - 1] - positions[k] == run_length - 1 if k + run_length - 1 < j else False
        )
        if inside >= needed or consecutive or odd.search(chunk):
            if spans and positions[k] <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], positions[j - 1] + 1)
            else:
                spans.append([positions[k], positions[j - 1] + 1])
    return [
        ParseWarning("mojibake", f"{_DAMAGE_MESSAGE}“{text[s:e][:30]}”", s, e) for s, e in spans[:MAX_WARNINGS_PER_CODE]
    ]


# UTF-8 read as Latin-1/Windows-1252: a lead byte ä–ï followed by two continuation characters.
_CONTINUATION = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd"
_LATIN1_LEADS = re.compile(rb"[\xe2-\xef]")
_LATIN1 = re.compile(f"(?:[\u00e2-\u00ef][{_CONTINUATION}]{{1,2}}){{2,}}")


def _latin1_runs(text: str) -> list[ParseWarning]:
    if not _LATIN1_LEADS.search(text.encode("latin-1", errors="ignore")):
        return []  # the few Latin-1 characters, checked as bytes: much faster than a full scan
    return [
        ParseWarning("mojibake", f"{_DAMAGE_MESSAGE}“{m.group()[:30]}”", m.start(), m.end())
        for m in list(_LATIN1.finditer(text))[:MAX_WARNINGS_PER_CODE]
    ]


@lru_cache(maxsize=1)
def _token_pattern() -> re.Pattern[str] | None:
    tokens = _damage_data().get("mojibake_tokens", [])
    return re.compile("|".join(map(re.escape, sorted(tokens, key=len, reverse=True)))) if tokens else None


def _token_runs(text: str) -> list[ParseWarning]:
    pattern = _token_pattern()
    if pattern is None or not any(token in text for token in _damage_data().get("mojibake_tokens", ())):
        return []
    return [
        ParseWarning("mojibake", f"{_DAMAGE_MESSAGE}“{text[max(0, s - 6) : e + 6]}”", s, e)
        for s, e in _clusters(list(pattern.finditer(text)))[:MAX_WARNINGS_PER_CODE]
    ]


def _merge(warnings: list[ParseWarning]) -> list[ParseWarning]:
    """One warning per damaged stretch, however many detectors saw it."""
    merged: list[ParseWarning] = []
    for warning in sorted(warnings, key=lambda w: (w.start, -w.end)):
        if merged and warning.start <= merged[-1].end:
            last = merged[-1]
            if warning.end > last.end:
                merged[-1] = ParseWarning(last.code, last.message, last.start, warning.end)
            continue
        merged.append(warning)
    return merged[:MAX_WARNINGS_PER_CODE]


def several_materials(text: str) -> list[ParseWarning]:
    """A page with several materials in a row: the structure of the first swallows the others."""
    pattern = _damage_data().get("several_materials")
    if not pattern:
        return []
    lines = text[:400].split("\n", 2)
    title_pattern = _damage_data().get("several_materials_title")
    counted = re.compile(title_pattern).search(text, 0, len("\n".join(lines[:2]))) if title_pattern else None
    starts = [m.start() for m in re.finditer(pattern, text, re.MULTILINE)]
    if counted and len(starts) < 2:
        return [
            ParseWarning(
                "several_materials",
                f"标题写明“{counted.group().strip('（）() ')}”，页面里可能有几篇材料，请分开后逐篇读取",
                counted.start(),
                counted.end(),
            )
        ]
    if len(starts) < 2:
        return []
    return [
        ParseWarning(
            "several_materials",
            f"文中有 {len(starts)} 篇材料（篇一、篇二……），请分开后逐篇读取，否则结构会混在一起",
            starts[0],
            starts[1],
        )
    ]


def pinyin_removed(removed: list[Removal]) -> list[ParseWarning]:
    """Pinyin that cleaning took out still tells that the page was a damaged conversion."""
    pinyin = [r for r in removed if r.kind == "pinyin"]
    if not pinyin:
        return []
    return [
        ParseWarning(
            "pinyin",
            f"原文夹有拼音注音（共 {len(pinyin)} 处，如“{pinyin[0].text}”，已删除），原文可能是繁简转换损坏的网页文本，请核对文字",
            0,
            0,
        )
    ]
