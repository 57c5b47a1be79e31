import random

import pytest

from duizhao.copycheck import check_copies, compare_team
from duizhao.copycheck.normalize import normalize
from duizhao.model import Material


def random_sentences(seed: int, count: int, length: int = 28) -> list[str]:
    """Invented filler: random ideographs, so any shared run of 13 characters is a real copy."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = [chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length)]
        chars.insert(length // 2, "，")
        out.append("".join(chars) + "。")
    return out


def random_text(seed: int, count: int = 40) -> str:
    sentences = random_sentences(seed, count)
    return "\n".join("".join(sentences[i : i + 4]) for i in range(0, count, 4))


UNIT = "青禾县水务服务中心"
NEW_UNIT = "石桥镇农业站"


def _source_sentences():
    sentences = random_sentences(100, 30)
    sentences[11] = f"{UNIT}班子{sentences[11]}"
    sentences[12] = f"XX同志{sentences[12]}"
    return sentences


def _edit(kind: str, passage: str) -> str:
    if kind == "punctuation":
        return passage.replace("，", "；").replace("。", "！")
    if kind == "width_and_spaces":
        return passage.replace("。", ". \n").replace(passage[20], passage[20] + " ")
    if kind == "placeholder_filled":
        return passage.replace("XX", "王建国")
    if kind == "unit_replaced":
        return passage.replace(UNIT, NEW_UNIT)
    if kind == "word_swapped":
        return passage[:30] + passage[32:34] + passage[30:32] + passage[34:]
    if kind == "word_inserted":
        return passage[:30] + "切实" + passage[30:]
    if kind == "word_deleted":
        return passage[:30] + passage[32:]
    raise AssertionError(kind)


@pytest.fixture
def archive(corpus):
    source = "".join(_source_sentences())
    corpus.add(source, name="2022年班子材料.txt", year=2022, unit=UNIT)
    for seed in range(3):
        corpus.add(random_text(seed), name=f"other-{seed}.txt")
    return corpus, source


@pytest.mark.parametrize(
    "kind",
    [
        "punctuation",
        "width_and_spaces",
        "placeholder_filled",
        "unit_replaced",
        "word_swapped",
        "word_inserted",
        "word_deleted",
    ],
)
def test_lightly_edited_copy_is_found_with_offsets(archive, kind):
    corpus, source = archive
    sentences = _source_sentences()
    source_start = len("".join(sentences[:10]))
    source_end = len("".join(sentences[:14]))
    copied = _edit(kind, source[source_start:source_end])
    before, after = random_text(7, 12), random_text(8, 12)
    text = before + copied + after
    report = check_copies(Material(text=text), corpus)
    copies = [p for p in report.passages if p.category == "copy"]
    assert [p.source for p in copies] == ["2022年班子材料.txt"]
    passage = copies[0]
    start, end = len(before), len(before) + len(copied)
    # the reported span covers the copy, give or take an edit at its ends
    assert abs(passage.start - start) <= 4 and abs(passage.end - end) <= 4
    assert abs(passage.source_start - source_start) <= 4 and abs(passage.source_end - source_end) <= 4
    assert 0.9 <= passage.similarity <= 1.0
    copied_share = len(normalize(copied).codes) / len(normalize(text).codes)
    assert report.copy_ratio == pytest.approx(copied_share, abs=0.02)
    assert report.max_single_source == "2022年班子材料.txt"
    assert report.sources[0].share == pytest.approx(report.copy_ratio, abs=0.001)


def test_short_runs_below_min_run_do_not_count(archive):
    corpus, source = archive
    text = random_text(9, 8) + source[100:111] + random_text(10, 8)  # 11 characters only
    report = check_copies(text, corpus)
    assert report.copy_ratio == 0 and not [p for p in report.passages if p.category == "copy"]
    longer = check_copies(random_text(9, 8) + source[100:140] + random_text(10, 8), corpus, min_run=30)
    assert longer.copy_ratio > 0
    assert check_copies(random_text(9, 8) + source[100:125] + random_text(10, 8), corpus, min_run=30).copy_ratio == 0


COMMON = [
    "坚持以人民为中心的发展思想不动摇，推动各项工作落地见效。",
    "进一步增强政治意识大局意识核心意识看齐意识。",
    "以钉钉子精神抓好问题整改，确保见底见效。",
]


def test_noncopier_with_only_common_phrases_and_official_wording(corpus):
    official = "".join(random_sentences(300, 8))
    corpus.add(official, name="上级通知.txt", doc_class="official")
    entries = []
    for seed in range(30):
        sentences = random_sentences(400 + seed, 12)
        sentences[3:3] = COMMON
        entries.append({"item": "".join(sentences), "name": f"材料{seed:02d}.txt"})
    corpus.add_many(entries)
    quote = official[40:100]
    own = random_sentences(999, 16)
    text = (
        "".join(own[:4])
        + COMMON[0]
        + "".join(own[4:8])
        + "“"
        + quote
        + "”"
        + "".join(own[8:12])
        + COMMON[2]
        + "学思想、强党性、重实践、建新功。"
        + "".join(own[12:])
    )
    report = check_copies(text, corpus)
    assert report.copy_ratio == 0
    assert report.copy_ratio_excluding_quotes == 0
    categories = {p.category for p in report.passages}
    assert categories == {"common_phrase", "official"}
    official_spans = [(p.start, p.end, p.source) for p in report.passages if p.category == "official"]
    assert any(text[s:e] == quote and src == "上级通知.txt" for s, e, src in official_spans)
    assert any("学思想" in text[s:e] for s, e, _ in official_spans)
    common = [text[p.start : p.end] for p in report.passages if p.category == "common_phrase"]
    assert any(COMMON[0].rstrip("。") in c for c in common)
    assert report.official_ratio > 0 and report.common_phrase_ratio > 0


def test_copy_around_an_official_quote_counts_only_the_copied_own_words(corpus):
    official = "".join(random_sentences(300, 8))
    corpus.add(official, name="上级通知.txt", doc_class="official")
    earlier = "".join(random_sentences(301, 4)) + official[40:100] + "".join(random_sentences(302, 4))
    corpus.add(earlier, name="往年材料.txt")
    only_quote = check_copies(random_text(5, 8) + official[40:100] + random_text(6, 8), corpus)
    assert only_quote.copy_ratio == 0 and only_quote.official_ratio > 0
    whole = check_copies(random_text(5, 8) + earlier + random_text(6, 8), corpus)
    assert whole.copy_ratio > 0 and whole.max_single_source == "往年材料.txt"


def test_removed_documents_are_not_sources(archive):
    corpus, source = archive
    text = random_text(7, 8) + source[50:300] + random_text(8, 8)
    assert check_copies(text, corpus).copy_ratio > 0.3
    corpus.remove("2022年班子材料.txt")
    assert check_copies(text, corpus).copy_ratio == 0
    assert "2022年班子材料.txt" not in [d.name for d in corpus.list()]


def test_report_to_dict_has_the_cli_keys(archive):
    corpus, source = archive
    data = check_copies(random_text(7, 8) + source[50:300], corpus).to_dict()
    for key in ("copy_ratio", "copy_ratio_excluding_quotes", "max_single_source_ratio", "sources", "passages"):
        assert key in data
    assert {"start", "end", "source", "source_start", "source_end", "similarity", "category"} <= set(
        data["passages"][0]
    )


def test_team_matrix_shows_who_copied_whom():
    a = Material(text=random_text(1), source_name="班子.txt")
    b = Material(text=random_text(2, 20) + a.text[200:700], source_name="成员甲.txt")
    c = Material(text=random_text(3), source_name="成员乙.txt")
    result = compare_team([a, b, c])
    assert result.names == ["班子.txt", "成员甲.txt", "成员乙.txt"]
    assert result.matrix[1][0] > 0.3
    assert result.matrix[0][2] == result.matrix[2][0] == result.matrix[1][2] == 0
    assert result.to_dict()["matrix"][1][0] == result.matrix[1][0]


def test_team_finds_an_authors_earlier_years(corpus):
    earlier = random_text(50)
    corpus.add(earlier, name="张明2022.txt", author="张明", year=2022)
    corpus.add(random_text(51), name="李华2022.txt", author="李华", year=2022)
    now = Material(text=random_text(52, 12) + earlier[:500], source_name="张明2023.txt", author="张明", year=2023)
    other = Material(text=random_text(53), source_name="李华2023.txt", author="李华", year=2023)
    result = compare_team([now, other], corpus)
    assert [(e.material, e.source) for e in result.earlier] == [("张明2023.txt", "张明2022.txt")]


def test_many_adds_merge_small_segments_and_keep_everything(tmp_path):
    import dataclasses

    from duizhao.copycheck import Corpus
    from duizhao.copycheck.settings import load_settings

    settings = dataclasses.replace(load_settings(), max_segments=3, segment_docs=4)
    corpus = Corpus(tmp_path / "corpus", settings)
    texts = {f"d{i}.txt": random_text(200 + i, 8) for i in range(11)}
    corpus.add_many([{"item": t, "name": n} for n, t in list(texts.items())[:5]])  # split: 4 + 1
    for name, text in list(texts.items())[5:]:
        corpus.add(text, name=name)
    corpus.remove("d6.txt")
    corpus.add(random_text(999, 8), name="last.txt")
    reopened = Corpus(tmp_path / "corpus", settings)
    assert len(reopened.segments) <= 3 + 1
    names = {d.name for d in reopened.list()}
    assert names == (set(texts) - {"d6.txt"}) | {"last.txt"}
    for name in names - {"last.txt"}:
        assert reopened.text(name) == texts[name]
        assert check_copies(texts[name], reopened).max_single_source == name


def test_a_damaged_archive_is_a_clear_error(corpus):
    from duizhao.copycheck import Corpus
    from duizhao.errors import InputError

    corpus.add(random_text(1), name="a.txt")
    next(corpus.path.glob("segments/*/keys.npy")).unlink()
    with pytest.raises(InputError, match="文库已损坏"):
        Corpus(corpus.path)
