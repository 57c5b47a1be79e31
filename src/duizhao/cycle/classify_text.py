"""Text helpers shared by the opinion classifier and its n-gram model."""

from __future__ import annotations

import re

NON_TEXT = re.compile(r"[\s\u3000，。、；：？！“”‘’（）《》【】\[\]().,;:?!'\"·…—\-]+")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def normalise(text: str) -> str:
    return NON_TEXT.sub("", text or "")


def bigram_list(text: str) -> list[str]:
    """Character bigrams inside runs of Chinese characters, with repeats."""
    return [run[i : i + 2] for run in CJK_RUN.findall(text or "") for i in range(len(run) - 1)]
