"""The bundled example materials: original text (no 25-character run shared with the real
samples), about the fictional unit, covering the 2025 framework's five aspects."""

import re

import pytest

import needed
from duizhao.render.examples import example_paths

ASPECTS_2025 = [
    "带头强化政治忠诚、提高政治能力",
    "带头固本培元、增强党性",
    "带头敬畏人民、敬畏组织、敬畏法纪",
    "带头干事创业、担当作为",
    "带头坚决扛起管党治党责任",
]
RUN = 25


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def sample_runs() -> set[str]:
    runs = set()
    files = [p for p in needed.samples().rglob("*") if p.is_file()]
    for path in files:
        text = _squeeze(path.read_text(encoding="utf-8", errors="ignore"))
        runs.update(text[i : i + RUN] for i in range(len(text) - RUN + 1))
    return runs


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_is_original(path, sample_runs):
    text = _squeeze(path.read_text(encoding="utf-8"))
    shared = [text[i : i + RUN] for i in range(len(text) - RUN + 1) if text[i : i + RUN] in sample_runs]
    assert shared == []


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_example_covers_the_five_aspects_with_specifics(path):
    text = path.read_text(encoding="utf-8")
    assert "青川县自然资源局" in text and "2025年度民主生活会" in text
    for aspect in ASPECTS_2025:
        assert f"在{aspect}方面" in text
    assert len(re.findall(r"\d+(?:\.\d+)?(?:条|次|件|宗|人次|户|亩|万元|天|个|%)", text)) >= 15
    assert len(re.findall(r"完成时限：", text)) >= 5
