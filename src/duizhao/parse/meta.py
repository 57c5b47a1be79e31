"""What a material says about itself: its kind (班子/个人), unit, meeting kind, and which year's
framework its aspect headings follow (the year itself: `framework_choice`)."""

from __future__ import annotations

import re

from duizhao.frameworks import AspectMatcher
from duizhao.model import Block, Framework, MaterialKind
from duizhao.parse.blocks import COMPILATION_MARKER

_TEAM = re.compile(
    r"领导班子|班子(?:对照|检视|检查|剖析|成员)?|党委班子|党组班子|班子材料|党支部|党总支|支部委员会|支委会"
)
_PERSONAL = re.compile(r"个人|本人|同志|党员(?!大会|领导干部|干部)")
# A post in the title ("局党组书记", "副校长") makes it one person's material, unless it names the team.
_POST = re.compile(
    r"书记|局长|主任|县长|市长|区长|镇长|乡长|校长|院长|经理|董事长|部长|处长|科长|所长|馆长|站长|委员(?!会)"
)
_MATERIAL_END = re.compile(r"(?:材料|提纲)(?:[（(][^()（）]{1,10}[)）])?$")
_PERSONAL_WEAK = re.compile(r"发言提纲|发言材料|检视发言|对照检查发言")
_UNIT_CUT = re.compile(
    r"(?:领导班子|班子|(?:19|20)\d\d\s*年|关于|民主生活会|组织生活会|主题教育|专题|对照检查|个人|书记|委员(?!会)|同志)"
)
_UNIT_WORD = re.compile(
    r"党委|党组|党工委|党总支|党支部|支部|委员会|局|部|厅|委|办|院|校|镇|乡|街道|村|社区|公司|集团|中心|所|区|县|市"
)
MAX_HEADINGS_FOR_DETECTION = 3000


def title_of(blocks: list[Block]) -> str:
    title = "".join(b.text for b in blocks if b.kind == "title")
    marker = COMPILATION_MARKER.match(title)
    return title[marker.end() :] if marker else title  # "篇一：……材料" → "……材料"


def material_kind(title: str, text: str) -> MaterialKind:
    if _PERSONAL.search(title) or (_POST.search(title) and "班子" not in title and _MATERIAL_END.search(title)):
        return "personal"
    if _TEAM.search(title):
        return "team"
    if _PERSONAL_WEAK.search(title):
        return "personal"
    head = text[:3000]
    personal = len(re.findall(r"本人|我个人|个人对照|发言提纲", head))
    team = len(re.findall(r"领导班子|班子成员|班子对照|党委班子|党组班子", head))
    if personal > team and personal >= 2:
        return "personal"
    if team > personal and team >= 2 and re.search(r"班子(?:对照|检视|检查)", head):
        return "team"
    return "unknown"


def meeting_kind(title: str, text: str) -> str | None:
    for source in (title, text[:1000]):
        democratic = source.find("民主生活会")
        organisational = source.find("组织生活会")
        if democratic >= 0 or organisational >= 0:
            if organisational < 0 or (0 <= democratic < organisational):
                return "democratic_life"
            return "organisational_life"
    return None


_DATE_ONLY = re.compile(r"^[\d一二三四五六七八九〇零○OoＯ十年月日\s]+$")


def author_of(blocks: list[Block], kind: str) -> str | None:
    """The name line under a personal material's title: "（某镇党委副书记 王某）", "单位：姓名"."""
    if kind != "personal":
        return None
    for block in blocks[:6]:
        name = block.text.strip("（）() ")
        if block.kind == "subtitle" and name and not _DATE_ONLY.match(name):
            return name
    return None


_TEAM_WORD_END = re.compile(r"(?<=[委组])(?:常委|成员|领导)$")


_UNIT_LINE = re.compile(r"^[^\s，,。；;：:（(]{2,30}?(?:党委|党组|党工委|党总支|党支部|支委会|委员会)$")


def unit_of_lines(blocks: list[Block]) -> str | None:
    """A team material's unit on its own line under the title ("区市场监督管理局党组")."""
    for block in blocks[:6]:
        if block.kind == "subtitle" and _UNIT_LINE.match(block.text):
            return block.text
    return None


def unit_of(title: str) -> str | None:
    """The unit named at the start of the title: "XX局党组领导班子……" → "XX局党组"."""
    cut = _UNIT_CUT.search(title)
    candidate = title[: cut.start()].strip(" ：:，,") if cut else ""
    candidate = _TEAM_WORD_END.sub("", candidate)  # "中共某县委常委班子" → "中共某县委"
    if 2 <= len(candidate) <= 30 and _UNIT_WORD.search(candidate) and not candidate.startswith(("在", "关于")):
        return candidate
    return None


LONG_WORDING = 8  # characters of one aspect's wording matched in one heading: a quotation, not a short name


def detect_framework(
    aspect_headings: list[str], frameworks: list[Framework], matcher: AspectMatcher, year: int | None, kind: str | None
) -> tuple[str | None, bool]:
    """(framework id or None, whether the headings name it clearly: two aspects or a long wording). The framework whose aspects the headings name most (distinct aspects), then the one of the
    material's year, then the one of its meeting kind, then the longest wording matched, then the
    newest. A single short alias is not enough unless the year agrees."""
    named: dict[str, set[str]] = {}
    lengths: dict[str, int] = {}
    longest: dict[str, int] = {}
    for heading in aspect_headings[:MAX_HEADINGS_FOR_DETECTION]:
        for match in matcher.matches(heading):
            named.setdefault(match.framework_id, set()).add(match.aspect_id)
            lengths[match.framework_id] = lengths.get(match.framework_id, 0) + match.length
            longest[match.framework_id] = max(longest.get(match.framework_id, 0), match.length)
    if not named:
        return None, False
    by_id = {f.id: f for f in frameworks}

    def score(framework_id: str) -> tuple[bool, int, bool, bool, int, int]:
        framework = by_id[framework_id]
        # Every aspect of the framework of the material's own year and meeting kind: that one,
        # even when another framework has more aspects named (2024: "四个带头" and 六项纪律).
        own_and_complete = (
            framework.year == year
            and framework.meeting_kind == kind
            and len(named[framework_id]) == len(framework.aspects)
        )
        return (
            own_and_complete,
            len(named[framework_id]),
            framework.year == year,
            kind is not None and framework.meeting_kind == kind,
            lengths[framework_id],
            framework.year,
        )

    best = max((fid for fid in named if fid in by_id), key=score, default=None)
    if best is None:
        return None, False
    # One short alias alone ("工作纪律") is too weak a sign, unless the year agrees.
    strong = len(named[best]) >= 2 or lengths[best] >= 8 or by_id[best].year == year
    if kind is not None and by_id[best].meeting_kind != kind and len(named[best]) < 2 and lengths[best] < 8:
        strong = False  # one aspect of the other meeting's framework ("党章党规") is no evidence
    # A material of a year no shipped framework covers (2016, 2018…) is not forced into another
    # year's aspects; the meeting of year N is often held early in year N+1.
    if year is not None and abs(by_id[best].year - year) > 1:
        return None, False
    clear = len(named[best]) >= 2 or lengths[best] >= 8
    if year is None and not _singled_out(best, named, by_id, longest):
        clear = False  # no year, and the headings do not single one framework out: no guess
    return (best, clear) if strong else (None, False)


def _singled_out(best: str, named: dict[str, set[str]], by_id: dict[str, Framework], longest: dict[str, int]) -> bool:
    """Whether the headings single `best` out: they name most of its aspects (campaigns.toml
    `yearless_min_coverage`) or quote one aspect's own long wording (short names such as 担当作为
    recur year after year), and no other framework of its meeting kind is named as fully and
    quoted as long."""
    from duizhao.parse.framework_choice import yearless_min_coverage

    covered = len(named[best]) >= yearless_min_coverage() * len(by_id[best].aspects)
    if not covered and longest[best] < LONG_WORDING:
        return False
    return not any(
        other != best
        and other in by_id
        and by_id[other].meeting_kind == by_id[best].meeting_kind
        and len(aspects) >= len(named[best])
        and longest[other] >= longest[best]
        for other, aspects in named.items()
    )
