"""Find text left to fill (占位符) in the cleaned text. Placeholders stay in the text; they are
listed so that review can ask for them to be filled.

What counts (one regex, alternatives tried left to right at each position):
- a blanked year: 20**, 20XX, 20××;
- runs of * or ＊ (a blanked name or number, also **镇);
- XX / xx / XXX (two to four, not inside a Latin word), and a single X/x only right before a
  counting unit (X条, X人次, X次…);
- a name replaced by a letter after a colon or in a list (组长：x 成员：xx、x), or before 同志;
- a date with digits dropped: a three-digit year (201年), a day without number (3月日), 年 月 日;
- runs of × (××局), but not a multiplication sign between digits;
- 某某 always; a single 某 only before a unit or place word (某村, 某局, 某党委, 某同志). Words
  such as 某些, 某种, 某个, 某人, 某方面, 某处 are ordinary Chinese and are NOT placeholders;
- template brackets 【…】 of up to 30 characters (【待补】【姓名】【思想根源】), but not a site's
  marker (【精选5篇】, 【范文】: review reports those as residue.template_site);
- blanks: two or more underscores, or an underscore standing between Chinese characters (贯彻_总书记),
  except in the title, where web pages use it as a separator;
- omitted content: （内容略）/(略);
- a year with its last digit blanked (202X, 202*), runs of ○□△ (○○局, △△同志);
- bracketed field names or instructions to fill: （单位名称）, [姓名], （此处填写具体事例）.
"""

from __future__ import annotations

import re

from duizhao.model import Placeholder

_UNIT_AFTER_SINGLE_X = "条人次名个项件万元%天年月日"
_NAME_AFTER_COLON = r"\s(?=[\u4e00-\u9fa5]{1,4}[：:])"
_PLACE_WORDS = (
    "省|市|县|区|州|盟|旗|镇|乡|村|街道|社区|局|厅|委|办|科|室|股|所|站|院|校|厂|公司|集团|单位|部门|部|党委|党组|"
    "支部|党支部|总支|同志|书记|主任|局长|处长|科长|县长|镇长|乡长|项目|企业|医院|学校|小区"
)
# Bracketed field names a template leaves to fill: "（单位名称）", "[姓名]", "（此处填写具体事例）".
_FILL_FIELDS = "单位名称|单位|姓名|名字|职务|职位|名称|日期|时间|地点|数字|具体数字|具体事例|具体问题|事例|案例|人名|地名|部门名称|部门"
# Every alternative starts with a plain character (lookbehinds come after it), so the regex engine
# can skip quickly over ordinary text.
PLACEHOLDER = re.compile(
    "|".join(
        [
            r"20(?:[*＊]{1,2}|[Xx×]{1,2})(?![A-Za-z])",
            r"20\d(?:[*＊]|[Xx×])(?![A-Za-z0-9])",
            r"[*＊]+",
            r"[Xx](?<![A-Za-z][Xx])[Xx]{1,3}(?![A-Za-z])",
            rf"[Xx](?<![A-Za-z0-9][Xx])(?=[{_UNIT_AFTER_SINGLE_X}])",
            # A name replaced by a letter: "组长：x 成员：xx、x", "x同志".
            rf"[Xx](?<=[：:、，,][Xx])(?![A-Za-z0-9])|[Xx](?<![A-Za-z0-9][Xx])(?=同志|书记|局长|主任|{_NAME_AFTER_COLON})",
            # A date whose digits were dropped: "201年3月日" (a three-digit year, a day without number).
            r"(?:19|20)\d(?<![\d.．]\d\d\d)(?=年)",
            r"日(?<=[\d一二三四五六七八九十]月日)(?=[，,。；;\s）)]|$|召开|上午|下午|至)",
            r"年\s+月\s+日",
            r"×(?<!\d×)×*(?!\d)",
            r"某某+",
            rf"某(?=(?:{_PLACE_WORDS}))",
            r"【(?![^【】\n]{0,6}(?:篇|范文|精选|推荐|热门|原创|下载|收藏))[^【】\n]{1,30}】",
            r"_{2,}|＿{2,}|_(?<=[\u3400-\u9fff]_)(?=[\u3400-\u9fff])",
            r"[（(](?:内容)?略[）)]",
            r"[○□△◇☆](?<![○□△◇☆]{2})[○□△◇☆]+",
            rf"[（(\[]\s*(?:(?:此处|请|待)?(?:填写|填入|补充|插入)[^（）()\[\]\n]{{0,16}}|(?:{_FILL_FIELDS})(?:[，,、/](?:{_FILL_FIELDS}))*)\s*[）)\]]",
        ]
    )
)


# Characters a placeholder can start with: found first by one fast scan, then the full pattern is
# tried only there.
_CANDIDATE = re.compile("[12*＊Xx×某【_＿（(\\[○□△◇☆日年]")


def find_placeholders(text: str, title_end: int = 0) -> list[Placeholder]:
    """`title_end`: where the title ends; a lone "_" in a web page title is a separator
    ("总结_范文"), not a blank."""
    found = []
    position = 0
    for candidate in _CANDIDATE.finditer(text):
        start = candidate.start()
        if start < position:
            continue
        match = PLACEHOLDER.match(text, start)
        if match and match.end() > start:
            position = match.end()
            if not (match.group() == "_" and start < title_end):
                found.append(Placeholder(match.group(), start, match.end()))
    return found
