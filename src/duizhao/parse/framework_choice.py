"""Which year's framework a material follows, decided from what the text says about itself, never
guessed against it.

Evidence, strongest first: a campaign named in the title (党纪学习教育, 两学一做…; data in
`data/years/campaigns.toml`), a year in the title, a year tied to the meeting in the opening
("2024年度民主生活会"), a campaign named in the opening, "20xx年度" in the opening, the date line
under the title. A year or campaign mentioned as an earlier one ("2021年以来", "巩固深化党纪学习教育
成果", "…专题民主生活会整改落实情况") is no evidence. When the evidence names a year or campaign we
ship no framework for, the answer is "no framework" with the reason; only a text that names no year
at all is matched by its aspect headings alone (`meta.detect_framework`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from duizhao.model import Framework

OPENING = 600  # characters after the title where a material says which meeting it is for
_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d\d)\s*年")
_YEAR_NEAR_MEETING = re.compile(r"((?:19|20)\d\d)\s*年[^。，,；\n]{0,12}(?:民主生活会|组织生活会)")
_YEAR_OF_REPORT = re.compile(r"((?:19|20)\d\d)\s*年度")
_DATE_UNDER_TITLE = re.compile(r"^[（(]?\s*((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月[^\n]{0,8}$", re.MULTILINE)
_MEETING_WORDS = {"democratic_life": "民主生活会", "organisational_life": "组织生活会"}


@dataclass(frozen=True)
class Campaign:
    id: str
    name: str
    years: tuple[int, ...]
    cues: re.Pattern[str]
    title_cues: re.Pattern[str] | None  # words that name the campaign only in a title ("四风问题自查报告")
    frameworks: tuple[str, ...]


@dataclass(frozen=True)
class Campaigns:
    items: tuple[Campaign, ...]
    past_after: re.Pattern[str]
    past_before: re.Pattern[str]


@dataclass(frozen=True)
class Evidence:
    """What the text says about its year: the year, the campaign (or None) and where it was found."""

    year: int | None
    campaign: Campaign | None
    where: str  # 标题 | 开头 | 标题下的日期


@dataclass(frozen=True)
class Choice:
    framework_id: str | None
    reason: str  # in Chinese; why this framework, or why none


@lru_cache(maxsize=1)
def _campaigns_data() -> dict[str, Any]:
    return tomllib.loads((resources.files("duizhao") / "data" / "years" / "campaigns.toml").read_text("utf-8"))


def yearless_min_coverage() -> float:
    return float(_campaigns_data()["yearless_min_coverage"])


@lru_cache(maxsize=1)
def campaigns() -> Campaigns:
    data = _campaigns_data()
    items = tuple(
        Campaign(
            c["id"],
            c["name"],
            tuple(c["years"]),
            _alternation(c["cues"]),
            _alternation(c["title_cues"]) if c.get("title_cues") else None,
            tuple(c.get("frameworks", ())),
        )
        for c in data["campaign"]
    )
    return Campaigns(items, re.compile(data["past_after"]), re.compile(data["past_before"]))


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _is_past(text: str, start: int, end: int) -> bool:
    data = campaigns()
    return bool(data.past_after.match(text, end, end + 40) or data.past_before.search(text[max(0, start - 12) : start]))


def campaign_in(text: str, in_title: bool = False) -> Campaign | None:
    """The first campaign (in data order) named in `text` other than as an earlier one."""
    for campaign in campaigns().items:
        cues = [campaign.cues, campaign.title_cues] if in_title and campaign.title_cues else [campaign.cues]
        for match in (m for cue in cues for m in cue.finditer(text)):
            if not _is_past(text, match.start(), match.end()):
                return campaign
    return None


def _year(pattern: re.Pattern[str], text: str) -> int | None:
    for match in pattern.finditer(text):
        if not _is_past(text, match.start(), match.end(1)):  # what follows the year itself
            return int(match.group(1))
    return None


def year_evidence(title: str, text: str) -> Evidence | None:
    title_campaign = campaign_in(title, in_title=True)
    year = _stated_year(title, text)
    if title_campaign:
        single = title_campaign.years[0] if len(title_campaign.years) == 1 else None
        stated = year.year if year and year.year in title_campaign.years else single
        return Evidence(stated, title_campaign, "标题")
    if year and year.where == "标题":
        return year
    start = text.find(title) + len(title) if title and title in text[:400] else 0
    campaign = campaign_in(text[start : start + OPENING])
    if campaign and (year is None or (year.where != "开头的会议名称" and year.year in campaign.years)):
        single = campaign.years[0] if len(campaign.years) == 1 else None
        return Evidence(year.year if year else single, campaign, "开头")
    return year


def _stated_year(title: str, text: str) -> Evidence | None:
    title_year = _year(_YEAR_IN_TITLE, title)
    if title_year:
        return Evidence(title_year, None, "标题")
    start = text.find(title) + len(title) if title and title in text[:400] else 0
    opening = text[start : start + OPENING]
    year = _year(_YEAR_NEAR_MEETING, opening)
    if year:
        return Evidence(year, None, "开头的会议名称")
    year = _year(_YEAR_OF_REPORT, opening)
    if year:
        return Evidence(year, None, "开头")
    # The date line under the title ("（2019年12月）"). A meeting held in January or February
    # usually reviews the year before, so such a date names no year.
    date = _DATE_UNDER_TITLE.search(text, 0, 300)
    if date and int(date.group(2)) >= 3:
        return Evidence(int(date.group(1)), None, "标题下的日期")
    return None


def choose_framework(
    evidence: Evidence | None,
    frameworks: list[Framework],
    meeting_kind: str | None,
    detected: str | None,
    clear: bool = False,
) -> Choice:
    """`detected`: the framework the aspect headings name most (or None); `clear`: it names two
    aspects or a long wording. It decides among the frameworks the evidence allows (over the meeting
    kind when clear: a 组织生活会 material may follow the "五个带头"), and alone only when
    the text names no year."""
    by_id = {f.id: f for f in frameworks}
    if evidence is None:
        if detected and meeting_kind is not None and by_id[detected].meeting_kind != meeting_kind:
            # nothing named but the meeting: a guess of the year across meeting kinds is two guesses
            return Choice(
                None,
                f"材料没有写明年度，是{_MEETING_WORDS[meeting_kind]}材料；方面标题近似“{by_id[detected].title}”，"
                "但那是另一种会议的框架，不套用",
            )
        if detected and clear:
            return Choice(detected, f"材料没有写明年度，按方面标题识别为“{by_id[detected].title}”")
        if detected:
            return Choice(
                None,
                f"材料没有写明年度或学习教育名称；方面标题只与“{by_id[detected].title}”部分相近"
                "（方面简称历年多有重复），不足以确定年度，不套用",
            )
        return Choice(None, "材料没有写明年度或学习教育名称，方面标题也不对应任何年度框架")
    if evidence.campaign is not None:
        allowed = [by_id[i] for i in evidence.campaign.frameworks if i in by_id]
        named = f"{evidence.where}写明是{evidence.campaign.name}（{_years(evidence.campaign.years)}）"
        if evidence.year is not None and evidence.year not in evidence.campaign.years:
            allowed = []
    else:
        assert evidence.year is not None  # evidence without a campaign is a stated year (`_stated_year`)
        allowed = [f for f in frameworks if f.year == evidence.year]
        named = f"{evidence.where}写明是 {evidence.year} 年的材料"
        if evidence.where == "标题下的日期" and detected and by_id[detected].year == evidence.year - 1:
            allowed.append(by_id[detected])  # a meeting held early in the next year
    if not allowed:
        return Choice(None, f"{named}，本工具没有该年度的对照检查框架，不套用其他年度的方面")
    same_kind = [f for f in allowed if f.meeting_kind == meeting_kind]
    if detected in {f.id for f in (allowed if clear else same_kind or allowed)}:
        return Choice(detected, f"{named}，方面标题也与“{by_id[detected].title}”一致")
    if len(same_kind) == 1 and meeting_kind is not None:  # a framework's meeting kind is never None
        return Choice(same_kind[0].id, f"{named}，是{_MEETING_WORDS[meeting_kind]}材料")
    if meeting_kind is not None and not same_kind:
        return Choice(
            None,
            f"{named}，是{_MEETING_WORDS[meeting_kind]}材料，本工具没有该年度{_MEETING_WORDS[meeting_kind]}的对照检查框架，"
            "不套用其他会议的方面",
        )
    if len(allowed) == 1:
        return Choice(allowed[0].id, named)
    democratic = [f for f in allowed if f.meeting_kind == "democratic_life"]
    if meeting_kind is None and len(democratic) == 1:
        # 对照检查材料 are written for the 民主生活会 unless they say 组织生活会.
        return Choice(democratic[0].id, f"{named}，未写明会议类型，按民主生活会")
    options = "、".join(f.title for f in allowed)
    return Choice(None, f"{named}，但没有写明是民主生活会还是组织生活会，方面标题也不能区分（{options}）")


def _years(years: tuple[int, ...]) -> str:
    return f"{years[0]} 年" if len(years) == 1 else f"{years[0]}—{years[-1]} 年"
