"""The meeting matrix (上下一般粗、左右一样平) and earlier years (年年提), pinned to exact figures on
constructed texts (random ideographs without punctuation: every character is counted)."""

import random

from duizhao.copycheck import compare_team
from duizhao.model import Material


def chunk(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def _exact(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4)


def test_matrix_rows_are_what_each_material_shares_with_each_other():
    team_text = chunk(1, 600)
    first = chunk(2, 300) + team_text[100:300]  # 500 characters, 200 from the team material
    second = team_text[400:550] + chunk(3, 250) + first[0:100]  # 500: 150 from the team's, 100 from the first's
    materials = [
        Material(text=team_text, source_name="班子.txt"),
        Material(text=first, source_name="成员甲.txt"),
        Material(text=second, source_name="成员乙.txt"),
    ]
    result = compare_team(materials)
    assert result.names == ["班子.txt", "成员甲.txt", "成员乙.txt"]
    assert result.matrix == [
        [0.0, _exact(200, 600), _exact(150, 600)],
        [_exact(200, 500), 0.0, _exact(100, 500)],
        [_exact(150, 500), _exact(100, 500), 0.0],
    ]
    assert result.copy_ratios == [_exact(350, 600), _exact(300, 500), _exact(250, 500)]
    assert result.earlier == []
    assert result.to_dict() == {
        "names": result.names,
        "matrix": result.matrix,
        "copy_ratios": result.copy_ratios,
        "earlier": [],
    }


def test_a_passage_three_members_share_counts_for_each_of_them():
    """The material being compared is in the team's archive too, but it is not one of the
    documents holding a passage: a 22-character passage in three materials is held by two
    others, so it is long enough to be copied (stock_length(2) = 13). A short passage adding no
    new fingerprints is verified in one of its holders only (min_hits_redundant): the first."""
    shared = chunk(9, 22)
    texts = [chunk(10 + i, 200) + shared + chunk(20 + i, 200) for i in range(3)]
    result = compare_team([Material(text=t, source_name=f"{i}.txt") for i, t in enumerate(texts)])
    share = _exact(22, 422)
    assert result.matrix == [[0.0, share, 0.0], [share, 0.0, 0.0], [share, 0.0, 0.0]]
    assert result.copy_ratios == [share, share, share]


def test_names_fall_back_to_title_then_number_and_duplicates_get_their_position():
    materials = [
        Material(text=chunk(i, 100), source_name=name, title=title)
        for i, (name, title) in enumerate([("材料.txt", None), ("材料.txt", None), (None, "张三检查"), (None, None)])
    ]
    assert compare_team(materials).names == ["材料.txt", "材料.txt（2）", "张三检查", "材料4"]


def test_earlier_years_of_the_same_author_only(corpus):
    earlier = chunk(30, 600)
    later = chunk(31, 600)
    undated = chunk(32, 600)
    corpus.add(earlier, name="张明2022.txt", author="张明", year=2022)
    corpus.add(later, name="张明2024.txt", author="张明", year=2024)  # a later year is not 年年提
    corpus.add(undated, name="张明旧稿.txt", author="张明")  # no year: cannot rule it out
    corpus.add(earlier, name="李华2022.txt", author="李华", year=2022)  # someone else's
    now_text = chunk(33, 200) + earlier[0:120] + later[0:100] + undated[0:80]  # 500 characters
    now = Material(text=now_text, source_name="张明2023.txt", author="张明", year=2023)
    anonymous = Material(text=chunk(34, 300) + earlier[300:400], source_name="匿名.txt")  # no author: not looked up
    result = compare_team([now, anonymous], corpus)
    assert sorted((e.material, e.source, e.year, e.share) for e in result.earlier) == [
        ("张明2023.txt", "张明2022.txt", 2022, _exact(120, 500)),
        ("张明2023.txt", "张明旧稿.txt", None, _exact(80, 500)),
    ]
    assert result.matrix == [[0.0, 0.0], [0.0, 0.0]]
    assert result.to_dict()["earlier"][0].keys() == {"material", "source", "year", "share"}


def test_an_undated_material_is_compared_with_every_year_of_its_author(corpus):
    text = chunk(40, 600)
    corpus.add(text, name="王芳2025.txt", author="王芳", year=2025)
    result = compare_team(
        [
            Material(text=chunk(41, 300) + text[0:200], source_name="王芳.txt", author="王芳"),
            Material(text=chunk(42, 300), source_name="其他.txt"),
        ],
        corpus,
    )
    assert [(e.source, e.share) for e in result.earlier] == [("王芳2025.txt", _exact(200, 500))]


def test_the_team_check_uses_the_given_settings_or_the_archives(corpus):
    import dataclasses

    from duizhao.copycheck import Corpus
    from duizhao.copycheck.settings import load_settings

    team_text = chunk(60, 600)
    materials = [
        Material(text=team_text, source_name="班子.txt"),
        Material(text=chunk(61, 300) + team_text[0:200], source_name="成员.txt"),
    ]
    assert compare_team(materials).matrix[1][0] == _exact(200, 500)
    strict = dataclasses.replace(load_settings(), min_run=250)
    assert compare_team(materials, settings=strict).matrix[1][0] == 0
    assert compare_team(materials, Corpus(corpus.path, strict)).matrix[1][0] == 0
    assert compare_team(materials, Corpus(corpus.path, strict), settings=load_settings()).matrix[1][0] == _exact(
        200, 500
    )


def test_min_run_applies_to_the_matrix_and_the_earlier_years(corpus):
    earlier = chunk(70, 600)
    corpus.add(earlier, name="张明2022.txt", author="张明", year=2022)
    team_text = chunk(71, 600)
    materials = [
        Material(text=team_text, source_name="班子.txt"),
        Material(
            text=chunk(72, 300) + team_text[0:100] + earlier[0:100], source_name="张明.txt", author="张明", year=2023
        ),
    ]
    loose = compare_team(materials, corpus)
    assert loose.matrix[1][0] == _exact(100, 500)
    assert [(e.source, e.share) for e in loose.earlier] == [("张明2022.txt", _exact(100, 500))]
    strict = compare_team(materials, corpus, min_run=150)
    assert strict.matrix == [[0.0, 0.0], [0.0, 0.0]] and strict.earlier == []


def test_a_material_without_author_does_not_stop_the_earlier_years_of_the_next(corpus):
    earlier = chunk(80, 600)
    corpus.add(earlier, name="王芳2022.txt", author="王芳", year=2022)
    result = compare_team(
        [
            Material(text=chunk(81, 300) + earlier[300:400], source_name="匿名.txt"),
            Material(text=chunk(82, 300) + earlier[0:200], source_name="王芳.txt", author="王芳", year=2023),
        ],
        corpus,
    )
    assert [(e.material, e.source) for e in result.earlier] == [("王芳.txt", "王芳2022.txt")]


def test_a_material_already_in_the_archive_is_not_its_own_earlier_year(corpus):
    text = chunk(90, 600)
    corpus.add(text, name="赵强.txt", author="赵强")  # this very material, filed without a year
    result = compare_team(
        [
            Material(text=text, source_name="赵强.txt", author="赵强"),
            Material(text=chunk(91, 300), source_name="其他.txt"),
        ],
        corpus,
    )
    assert result.earlier == []


def test_a_document_of_the_same_year_is_not_an_earlier_year(corpus):
    same_year = chunk(95, 600)
    corpus.add(same_year, name="孙丽2023初稿.txt", author="孙丽", year=2023)
    result = compare_team(
        [
            Material(text=chunk(96, 300) + same_year[0:200], source_name="孙丽2023.txt", author="孙丽", year=2023),
            Material(text=chunk(97, 300), source_name="其他.txt"),
        ],
        corpus,
    )
    assert result.earlier == []
