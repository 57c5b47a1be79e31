from duizhao.copycheck.fingerprint import winnow
from duizhao.copycheck.normalize import PLACEHOLDER, normalize


def test_punctuation_width_spaces_and_case_are_invisible():
    a = normalize("加强理论学习，提高政治能力。ＡＢＣ１２３")
    b = normalize("加强理论 学习；提高\n政治能力！abc123")
    assert a.string == b.string == "加强理论学习提高政治能力abc123"


def test_offsets_point_back_into_the_original():
    text = "一、（甲乙）丙  丁。"
    n = normalize(text)
    assert [text[i] for i in n.offsets] == list(n.string)
    assert n.span_to_original(1, 4) == (text.index("甲"), text.index("丙") + 1)


def test_each_placeholder_run_becomes_one_symbol():
    for filled in ("XX同志", "**同志", "××同志", "某某同志", "__同志"):
        n = normalize(filled)
        assert n.codes[0] == PLACEHOLDER and n.string[1:] == "同志", filled
    assert normalize("x同志").string == "x同志"  # a single x is a letter, not a placeholder


def test_winnowing_guarantees_shared_runs_of_thirteen():
    first = normalize("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒")
    shared = first.codes[5:18]  # 13 characters
    other = normalize("日月盈昃辰宿列张寒来暑往秋收冬藏").codes
    import numpy as np

    h1, _ = winnow(first.codes, 8, 6)
    h2, _ = winnow(np.concatenate([other[:7], shared, other[7:]]), 8, 6)
    assert set(h1.tolist()) & set(h2.tolist())
