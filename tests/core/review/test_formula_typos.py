"""Typos of fixed political formulas, found by edit distance against their canonical wording
(data/review/phrases/formulas.txt), and no false alarm on correct text."""

from __future__ import annotations

import pytest

from duizhao.review import review_material
from duizhao.review.config import load_review_config
from duizhao.review.terms import formula_typos
from needed import samples


def typos(text: str) -> list[tuple[str, str]]:
    config = load_review_config()
    found = formula_typos(text, config.phrases["formulas"], config.rule("terms.wrong_term"))
    return [(text[start:end], right) for start, end, right, _ in found]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        (
            "深入学习习近平新时代中国特色社会主意思想，",
            "习近平新时代中国特色社会主意思想",
            "习近平新时代中国特色社会主义思想",
        ),
        ("坚持党风廉正建设常抓不懈。", "党风廉正建设", "党风廉政建设"),
        ("为实现中华民族伟大复新。", "中华民族伟大复新", "中华民族伟大复兴"),
        ("落实意识形态工作责仕制，", "意识形态工作责仕制", "意识形态工作责任制"),
        ("认真开展批评与自我判评。", "批评与自我判评", "批评与自我批评"),
        ("坚持全心全意为人名服务的宗旨。", "全心全意为人名服务", "全心全意为人民服务"),
        ("践行以人民为中心的发展思想，坚持中国式现代代化。", "中国式现代代化", "中国式现代化"),
    ],
)
def test_a_one_letter_typo_is_found_with_its_canonical_form(text, wrong, right):
    assert typos(text) == [(wrong, right)]


CORRECT = [
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚定中国特色社会主义道路自信。",
    "认真开展批评和自我批评，坚持批评与自我批评的优良传统。",
    "全面从严治党永远在路上，全面从严治警是公安机关的要求。",
    "意识形态工作责任落实不到位，意识形态工作责任制考核流于形式。",
    "坚持以人民为中心的发展思想，推动高质量发展，以中国式现代化全面推进中华民族伟大复兴。",
    "不忘初心牢记使命，不忘初心、牢记使命。",
    "中国特色社会主义，思想上高度一致。",
]


@pytest.mark.parametrize("text", CORRECT)
def test_correct_text_gives_no_alarm(text):
    assert typos(text) == []


def test_typo_reported_once_as_wrong_term_with_the_right_form(builder):
    b = builder("柳溪县水利局党组班子对照检查材料", unit="柳溪县水利局")
    b.line("深入学习习近平新时代中国特色社会主意思想，党风廉正建设有所放松。")
    found = review_material(b.build()).by_rule("terms.wrong_term")
    assert len(found) == 2  # 党风廉正建设 once: the [[terms]] entry, not the typo check again
    typo = next(f for f in found if "distance" in f.data)
    assert typo.data["right"] == "习近平新时代中国特色社会主义思想" and typo.severity == "error"
    assert "中国特色社会主意思想" in b.text[typo.start : typo.end]


def test_no_false_alarm_on_the_real_samples():
    from duizhao.parse.readers import read_document

    files = [p for p in sorted(samples().rglob("*")) if p.suffix.lower() in (".txt", ".docx", ".md")]
    assert len(files) >= 10
    for path in files:
        assert typos(read_document(path).text) == [], path.name


def test_a_unit_rules_folder_without_the_formula_list_still_loads(tmp_path):
    import shutil
    from importlib import resources

    shutil.copytree(resources.files("duizhao") / "data" / "review", tmp_path / "review")
    (tmp_path / "review" / "phrases" / "formulas.txt").unlink()
    assert load_review_config(tmp_path / "review").phrases.get("formulas", ()) == ()


def _typos_with(text: str, **changes) -> list[tuple[str, str]]:
    config = load_review_config()
    rule = {**config.rule("terms.wrong_term"), **changes}
    return [(text[s:e], right) for s, e, right, _ in formula_typos(text, config.phrases["formulas"], rule)]


def test_min_length_on_each_side():
    text = "推动高质量法展，"  # 高质量发展: 5 letters, one below the shipped min_length
    assert _typos_with(text, min_length=5) == [("高质量法展", "高质量发展")]
    assert _typos_with(text, min_length=6) == []


def test_max_distance_on_each_side():
    text = "学习习近平新时代中国特色社会主意思相，"  # two letters wrong
    assert _typos_with(text, max_distance=1) == []
    assert _typos_with(text, max_distance=2) == [
        ("习近平新时代中国特色社会主意思相", "习近平新时代中国特色社会主义思想")
    ]
