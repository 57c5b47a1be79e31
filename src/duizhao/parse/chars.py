"""Character classes and numbered-item markers shared by the cleaning and layout stages."""

from __future__ import annotations

import re

HAN = "\u3400-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff00-\uffef“”‘’…—·"
CJK = f"[{HAN}{CJK_PUNCT}]"
SENTENCE_END = "。！？!?；;…"
CN_NUM = "一二三四五六七八九十"

# Opening markers of numbered items; used to split one-line documents and to stop line joining.
LEVEL1_MARK = rf"[{CN_NUM}]{{1,3}}\s*[、．.]"
LEVEL2_MARK = rf"[（(〔【]\s*[{CN_NUM}]{{1,3}}\s*[）)〕】]"
# "2.5" is a number, not item 2; "2.2024年底前完成……" is item 2 whose text starts with a year.
NOT_DECIMAL = r"(?!(?!(?:19|20)\d\d\s*年)[\d.．])"
LEVEL3_MARK = rf"\d{{1,2}}\s*[、．.]{NOT_DECIMAL}"
LEVEL4_MARK = r"[（(]\s*\d{1,2}\s*[）)]"
ORDINAL_MARK = rf"[{CN_NUM}]是"

ITEM_START = re.compile(
    rf"^(?:{LEVEL1_MARK}|{LEVEL2_MARK}|{LEVEL3_MARK}|{LEVEL4_MARK}|{ORDINAL_MARK}|第[{CN_NUM}]+[，,、是]|[\u2460-\u2487]|\d{{1,2}}[）)])"
)
