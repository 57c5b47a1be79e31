"""见人见事 in words: a problem that tells one particular event or matter (a dispute that dragged
on, a purchase, a drill, an evaluation, a complaint handled late) is concrete without a digit.

Words and their kinds come from jieba's part-of-speech tagger (places ns, organisations nt, other
proper nouns nz, times t, numerals m); the structure around them decides:
- `proper_name`: a place or organisation named (柳河镇, 信访局), not a national name (中国, 党中央);
- `time_word`: a particular time (去年汛期, 年终), not a time frame (当前, 长期, 近年来);
- `quantity_word`: a counted amount in words (两户, 一个多月, 大半年), not the numeral that opens a
  quoted name (“四种形态”);
- `narrative`: a completed action with its object or extent (协调了大半年, 签了合同, 拖了一个多月);
- `named_thing`: a platform or system named by two words of its own (智慧林业平台), or a project
  or site named by three (国家绿色渔业实验基地项目, 城东污水处理厂扩建工程);
- `occasion`: a meeting at a particular time (上次党员大会上, 去年的述职评议会上);
- `event`: an event noun (演练, 采购, 纠纷…, data) named with what it was about (防汛应急演练,
  办公设备采购, 宅基地纠纷) or with the moment it happened (评优时, 验收后).
Word lists (generic names, weak times, event nouns, generic modifiers) are data in rules.toml
[specificity.words]."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any, Protocol, TypedDict

PROPER_FLAGS = {"ns", "nt"}
PLACE_WORDS = {
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "街道",
    "社区",
    "路",
    "街",
    "河",
    "湖",
    "山",
    "水库",
    "园区",
    "小区",
}
PLACE_LETTERS = "省市县区镇乡村街道路河湖山"
NOMINAL_FLAGS = {"n", "vn", "ns", "nt", "nz", "nr", "t", "j"}
PERFECTIVE = {"了", "过"}
OPENING_QUOTES = {"“", '"', "‘", "「", "『"}
NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千万半几]")


class Marker(TypedDict):
    """A marker of a concrete example; span relative to the text searched."""

    kind: str
    text: str
    start: int
    end: int


class _Pair(Protocol):
    word: str
    flag: str


class _Tagger(Protocol):
    """What is used of jieba's POSTokenizer (jieba ships no types and has no maintained stubs)."""

    def cut(self, sentence: str, HMM: bool = True) -> Iterator[_Pair]: ...


Token = tuple[str, str, int]  # (word, flag, start)


@lru_cache(maxsize=1)
def _tagger() -> _Tagger:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    tagger: _Tagger = jieba.posseg.POSTokenizer(jieba.dt)
    return tagger


@lru_cache(maxsize=1)
def _blocks() -> re.Pattern[str]:
    """jieba's own pattern for the runs of letters it cuts one by one."""
    import jieba.posseg

    pattern: re.Pattern[str] = jieba.posseg.re_han_internal
    return pattern


def tag(text: str) -> list[Token]:
    """(word, flag, start) for every token of text (jieba, no HMM: only dictionary words).

    jieba splits a text into runs of letters and the marks between them and cuts each on its own,
    so the text is cut block by block through a cache: a clause met before (stock phrases recur
    across the materials of a batch) is not cut again, and the tokens are the same."""
    tokens: list[Token] = []
    at = 0
    for block in _blocks().split(text):
        for word, flag in _tag_block(block):
            tokens.append((word, flag, at))
            at += len(word)
    return tokens


@lru_cache(maxsize=4096)  # about 7 MB at most (clauses of a dozen letters)
def _tag_block(block: str) -> tuple[tuple[str, str], ...]:
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(block, HMM=False))


# a rules.toml table of word lists (see config.Table), with the lists as sets
_VOCABULARIES: dict[int, dict[str, Any]] = {}


def _vocabulary(words: dict[str, Any]) -> dict[str, Any]:
    """The word lists as sets (looked up once per token), made once per rules dict."""
    found = _VOCABULARIES.get(id(words))
    if found is None or found["_source"] is not words:
        found = {key: (frozenset(value) if isinstance(value, list) else value) for key, value in words.items()}
        found["_source"] = words
        found["_event_sizes"] = sorted({len(e) for e in words["event_nouns"]}, reverse=True)
        found["_event_ends"] = frozenset(e[-1] for e in words["event_nouns"] if e)
        _VOCABULARIES[id(words)] = found
    return found


def word_markers(text: str, words: dict[str, Any]) -> list[Marker]:
    """Markers of a particular event found from words and their kinds; spans relative to text."""
    words = _vocabulary(words)
    tokens = tag(text)
    markers: list[Marker] = []
    for index, (_, _, start) in enumerate(tokens):
        kind = _kind(tokens, index, words)
        if kind:
            end = _marker_end(tokens, index, kind)
            start = _marker_start(tokens, index, kind)
            markers.append({"kind": kind, "text": text[start:end], "start": start, "end": end})
    return markers


def _kind(tokens: list[Token], index: int, words: dict[str, Any]) -> str | None:
    word, flag, _ = tokens[index]
    following = tokens[index + 1][0] if index + 1 < len(tokens) else None
    # the tagger's kinds are noisy (拖拉/ns, 长官意志, 党组织/nt): a place name counts when it
    # ends in a place word or stands before one (柳河 镇)
    if (
        flag in PROPER_FLAGS
        and word not in words["generic_names"]
        and len(word) >= 2
        and (word[-1] in PLACE_LETTERS or following in PLACE_WORDS)
    ):
        return "proper_name"
    if flag == "t" and word not in words["weak_times"] and any(ch in words["time_letters"] for ch in word):
        return "time_word"
    # a lone numeral letter is a list number (一是), an ordinal (第一) ranks, 一轮/一批 count nothing
    if (
        flag == "m"
        and NUMERAL.search(word)
        and len(word) > 1
        and not word.startswith("第")
        and not (word[0] == "一" and len(word) == 2)
        and word not in words["ignored_quantities"]
        and not (index > 0 and tokens[index - 1][0] in OPENING_QUOTES)  # “四种形态”, “三项行动”: a name
    ):
        return "quantity_word"
    if word in PERFECTIVE and index > 0 and tokens[index - 1][1].startswith("v") and index + 1 < len(tokens):
        following_word, following_flag = tokens[index + 1][0], tokens[index + 1][1]
        # 签了合同, 协调了大半年; not 应付了事 (a set phrase: a one-letter object)
        if (
            following_flag in NOMINAL_FLAGS | {"m", "a"}
            and len(following_word) > 1
            and following_word not in words["generic_modifiers"]
        ):
            return "narrative"
    if word in words.get("named_things", ()) and index >= 2:
        # 智慧林业平台: a thing named by two words of its own (交流平台, 办事系统 are kinds of thing)
        modifiers = tokens[index - 2 : index]
        own = all(
            (f in NOMINAL_FLAGS or (f == "v" and len(w) > 1)) and w not in words["generic_modifiers"]
            for w, f, _ in modifiers
        )
        if own and any(f in NOMINAL_FLAGS for _, f, _ in modifiers):  # 智慧停车平台: one may be a verb
            return "named_thing"
    if _named_project(tokens, index, words):
        return "named_thing"
    if _particular_occasion(tokens, index, words):
        return "occasion"
    noun = (  # most words end in no event noun's last letter: no need to try each length
        next((word[-n:] for n in words["_event_sizes"] if word[-n:] in words["event_nouns"]), None)
        if word[-1:] in words["_event_ends"]
        else None
    )
    if noun:
        before = tokens[index - 1] if index > 0 else None
        prefix = word[: -len(noun)]  # 工程验收 is one word: its own first part names the event
        named = (
            (prefix and prefix not in words["generic_modifiers"])
            if prefix
            else (before and before[1] in NOMINAL_FLAGS and before[0] not in words["generic_modifiers"])
        )
        # 物资采购、工程建设等领域, 审批流程: a kind of work listed, not one event
        listed = following in words["not_after_event"]
        if (named and not listed) or following in words["event_moments"]:
            return "event"
    return None


def _named_project(tokens: list[Token], index: int, words: dict[str, Any]) -> bool:
    """国家绿色渔业实验基地项目, 城东污水处理厂扩建工程: a project or site named by at least
    `named_project_words` words of its own (the word's own first part counts: 扩建|工程); 乡村振兴项目,
    民生实事项目 and 重点项目 name a kind of project."""
    word = tokens[index][0]
    head = next((h for h in words.get("named_projects", ()) if word.endswith(h)), None)
    if head is None:
        return False
    own = word[: -len(head)]
    pieces = [own] if own else []
    if own in words["generic_modifiers"]:
        return False
    nominal = bool(own)
    for w, f, _ in reversed(tokens[max(0, index - 6) : index]):
        if w in words["generic_modifiers"] or not (f in NOMINAL_FLAGS or (f.startswith("v") and len(w) > 1)):
            break
        pieces.append(w)
        nominal = nominal or f in NOMINAL_FLAGS
    return nominal and len(pieces) >= words.get("named_project_words", 3)


def _particular_occasion(tokens: list[Token], index: int, words: dict[str, Any]) -> bool:
    """上次党员大会上, 那次座谈会上, 去年的述职评议会上: a meeting named by its kind (a word ending in
    会, three letters or more: not 会议) at a particular time (a time word that dates, or 上次/那次),
    with where in it (上, 中). 平时的座谈会上, 在会议上 place nothing."""
    word, flag, _ = tokens[index]
    following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
    if not (word.endswith("会") and len(word) >= 3 and flag in NOMINAL_FLAGS):
        return False
    if following not in words.get("occasion_after", ()):
        return False
    before = [t for t in tokens[max(0, index - 3) : index] if t[0] not in ("的", "在")]
    if not before:
        return False
    previous, previous_flag, _ = before[-1]
    dated = previous_flag == "t" and previous not in words["weak_times"]
    return dated or previous in words.get("occasion_times", ())


def _marker_start(tokens: list[Token], index: int, kind: str) -> int:
    back = {"narrative": 1, "named_thing": 2, "occasion": 1}.get(kind, 0)
    return tokens[index - back][2]


def _marker_end(tokens: list[Token], index: int, kind: str) -> int:
    word, _, start = tokens[index]
    if kind == "narrative":  # 了 + its object (a narrative always has one): show both
        return tokens[index + 1][2] + len(tokens[index + 1][0])
    return start + len(word)
