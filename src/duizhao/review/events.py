"""见人见事 in words: a problem that tells one particular event or matter (a dispute that dragged
on, a purchase, a drill, an evaluation, a complaint handled late) is concrete without a digit.

Words and their kinds come from jieba's part-of-speech tagger (places ns, organisations nt, other
proper nouns nz, times t, numerals m); the structure around them decides:
- `proper_name`: a place or organisation named (柳河镇, 信访局), not a national name (中国, 党中央);
- `time_word`: a particular time (去年汛期, 年终), not a time frame (当前, 长期, 近年来);
- `quantity_word`: a counted amount in words (两户, 一个多月, 大半年);
- `narrative`: a completed action with its object or extent (协调了大半年, 签了合同, 拖了一个多月);
- `named_thing`: a platform or system named by two words of its own (智慧林业平台);
- `event`: an event noun (演练, 采购, 纠纷…, data) named with what it was about (防汛应急演练,
  办公设备采购, 宅基地纠纷) or with the moment it happened (评优时, 验收后).
Word lists (generic names, weak times, event nouns, generic modifiers) are data in rules.toml
[specificity.words]."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

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
NUMERAL = re.compile(r"[\d一二两三四五六七八九十百千万半几]")


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg.POSTokenizer(jieba.dt)


def tag(text: str) -> list[tuple[str, str, int]]:
    """(word, flag, start) for every token of text (jieba, no HMM: only dictionary words)."""
    tokens, at = [], 0
    for pair in _tagger().cut(text, HMM=False):
        tokens.append((pair.word, pair.flag, at))
        at += len(pair.word)
    return tokens


_VOCABULARIES: dict[int, dict] = {}


def _vocabulary(words: dict) -> dict:
    """The word lists as sets (looked up once per token), made once per rules dict."""
    found = _VOCABULARIES.get(id(words))
    if found is None or found["_source"] is not words:
        found = {key: (frozenset(value) if isinstance(value, list) else value) for key, value in words.items()}
        found["_source"] = words
        found["_event_sizes"] = sorted({len(e) for e in words["event_nouns"]}, reverse=True)
        _VOCABULARIES[id(words)] = found
    return found


def word_markers(text: str, words: dict) -> list[dict]:
    """Markers of a particular event found from words and their kinds; spans relative to text."""
    words = _vocabulary(words)
    tokens = tag(text)
    markers = []
    for index, (_, _, start) in enumerate(tokens):
        kind = _kind(tokens, index, words)
        if kind:
            end = _marker_end(tokens, index, kind)
            start = _marker_start(tokens, index, kind)
            markers.append({"kind": kind, "text": text[start:end], "start": start, "end": end})
    return markers


def _kind(tokens, index: int, words: dict) -> str | None:
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
    ):
        return "quantity_word"
    if word in PERFECTIVE and index > 0 and tokens[index - 1][1].startswith("v") and index + 1 < len(tokens):
        following_flag = tokens[index + 1][1]
        # 签了合同, 协调了大半年; not 应付了事 (a set phrase: a one-letter object)
        if (
            following_flag in NOMINAL_FLAGS | {"m", "a"}
            and len(following) > 1
            and following not in words["generic_modifiers"]
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
    noun = next((word[-n:] for n in words["_event_sizes"] if word[-n:] in words["event_nouns"]), None)
    if noun:
        before = tokens[index - 1] if index > 0 else None
        own = word[: -len(noun)]  # 工程验收 is one word: its own first part names the event
        named = (
            (own and own not in words["generic_modifiers"])
            if own
            else (before and before[1] in NOMINAL_FLAGS and before[0] not in words["generic_modifiers"])
        )
        # 物资采购、工程建设等领域, 审批流程: a kind of work listed, not one event
        listed = following in words["not_after_event"]
        if (named and not listed) or following in words["event_moments"]:
            return "event"
    return None


def _marker_start(tokens, index: int, kind: str) -> int:
    back = {"narrative": 1, "named_thing": 2}.get(kind, 0)
    return tokens[index - back][2]


def _marker_end(tokens, index: int, kind: str) -> int:
    word, _, start = tokens[index]
    if kind == "narrative":  # 了 + its object (a narrative always has one): show both
        return tokens[index + 1][2] + len(tokens[index + 1][0])
    return start + len(word)
