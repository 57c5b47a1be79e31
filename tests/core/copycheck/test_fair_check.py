"""Exact figures of the copy check on small constructed texts, and the fair 查重 (issue 10 §3):
a passage that several archive documents hold is a stock phrase unless it is long enough for
their number. Texts are random ideographs without punctuation, so every normalised character
is a character of the text and every shared run of 8 or more is one we put there."""

import dataclasses
import random

import pytest

from duizhao.copycheck import Corpus, check_copies
from duizhao.copycheck.settings import load_settings
from duizhao.errors import InputError

SETTINGS = load_settings()


def chunk(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def _exact(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4)


def _holders(phrase: str, documents: int, first_seed: int = 10) -> list[dict]:
    """`documents` archive documents by different authors, each using the phrase in its own words."""
    return [
        {
            "item": chunk(first_seed + i, 150) + "。" + phrase + "。" + chunk(first_seed + 500 + i, 150),
            "name": f"holder-{i:02d}.txt",
            "author": f"作者{i}",
        }
        for i in range(documents)
    ]


def _fillers(count: int = 3) -> list[dict]:
    return [{"item": chunk(900 + i, 300), "name": f"filler-{i}.txt"} for i in range(count)]


# ------------------------------------------------------------ exact ratios


def test_ratios_are_exact_and_common_phrases_are_subtracted(corpus):
    """A 200-character copied passage carries a 20-character phrase that 11 other documents hold
    (beyond the common-phrase cap of 10 for a small archive): 总文字复制比 counts it, 去除引用和套话
    does not. 800 characters checked: 200 / 800, 180 / 800, 20 / 800."""
    phrase = chunk(1, 20)
    corpus.add_many(_holders(phrase, 11) + _fillers())
    source = chunk(2, 300) + phrase + chunk(3, 300)
    corpus.add(source, name="往年材料.txt")  # added last: the common phrase's example is another document
    copied = source[210:410]
    assert phrase in copied
    text = chunk(4, 300) + copied + chunk(5, 300)
    report = check_copies(text, corpus)
    assert report.total_chars == 800
    assert report.copy_ratio == 0.25
    assert report.copy_ratio_excluding_quotes == 0.225
    assert report.common_phrase_ratio == 0.025
    assert report.max_single_source_ratio == 0.25
    assert report.max_single_source == "往年材料.txt"
    [copy] = [p for p in report.passages if p.category == "copy"]
    assert (copy.start, copy.end, copy.source_start, copy.source_end) == (300, 500, 210, 410)
    [common] = [p for p in report.passages if p.category == "common_phrase"]
    assert text[common.start : common.end] == phrase
    assert report.documents(common) == 12  # the 11 holders and 往年材料.txt


def test_sources_are_listed_from_the_largest_share_down(corpus):
    small, large, middle = chunk(11, 400), chunk(12, 400), chunk(13, 400)
    corpus.add(small, name="甲.txt")
    corpus.add(large, name="乙.txt")
    corpus.add(middle, name="丙.txt")
    corpus.add_many(_fillers())
    text = chunk(20, 100) + small[:60] + chunk(21, 100) + large[:240] + chunk(22, 100) + middle[:100]
    report = check_copies(text, corpus)
    assert report.total_chars == 700
    assert [(s.name, s.chars, s.share, s.passages) for s in report.sources] == [
        ("乙.txt", 240, _exact(240, 700), 1),
        ("丙.txt", 100, _exact(100, 700), 1),
        ("甲.txt", 60, _exact(60, 700), 1),
    ]
    assert report.max_single_source == "乙.txt" and report.max_single_source_ratio == _exact(240, 700)
    assert report.copy_ratio == _exact(400, 700)


@pytest.mark.parametrize("min_run", [30, 40])
def test_a_run_of_exactly_min_run_counts_and_one_less_does_not(corpus, min_run):
    source = chunk(30, 400)
    corpus.add(source, name="往年材料.txt")
    corpus.add_many(_fillers())
    exactly = chunk(31, 200) + source[100 : 100 + min_run] + chunk(32, 200)
    report = check_copies(exactly, corpus, min_run=min_run)
    assert report.copy_ratio == _exact(min_run, 400 + min_run)
    assert [(p.start, p.end) for p in report.passages if p.category == "copy"] == [(200, 200 + min_run)]
    shorter = chunk(31, 200) + source[100 : 99 + min_run] + chunk(32, 200)
    assert check_copies(shorter, corpus, min_run=min_run).copy_ratio == 0


def test_a_copy_that_is_only_an_official_quotation_plus_fewer_than_min_run_own_characters(corpus):
    """Official wording inside a copied run is not copying; what is left must still reach min_run."""
    official = "增强四个意识坚定四个自信做到两个维护"  # on the official phrase list (18 characters)
    for own_chars, counted in ((13, True), (12, False)):
        earlier = chunk(40, 200) + official + chunk(41, 200)
        with_corpus = Corpus(corpus.path.parent / f"c{own_chars}")
        with_corpus.add(earlier, name="往年材料.txt")
        with_corpus.add_many(_fillers())
        copied = earlier[200 - own_chars : 200 + len(official)]
        text = chunk(42, 300) + copied + chunk(43, 300)
        report = check_copies(text, with_corpus)
        assert report.copy_ratio == (_exact(own_chars, 600 + len(copied)) if counted else 0)
        assert report.official_ratio == _exact(len(official), 600 + len(copied))
        assert report.common_phrase_ratio == 0  # too short to be copied is not a stock phrase either
        assert {p.category for p in report.passages} == ({"copy", "official"} if counted else {"official"})


# ------------------------------------------------------------ stock phrases: length and document count


def test_stock_length_grows_with_the_number_of_documents():
    assert SETTINGS.stock_docs == 6 and SETTINGS.stock_length_per_doubling == 12
    assert SETTINGS.stock_length(1, 13) == 13
    assert SETTINGS.stock_length(6, 13) == 13
    assert SETTINGS.stock_length(7, 13) == pytest.approx(15.67, abs=0.01)
    assert SETTINGS.stock_length(12, 13) == 25
    assert SETTINGS.stock_length(24, 13) == 37
    assert SETTINGS.stock_length(48, 13) == 49
    assert SETTINGS.stock_length(24, 20) == 44


@pytest.mark.parametrize(
    ("documents", "length", "category"),
    [
        (12, 24, "common_phrase"),
        (12, 25, "copy"),  # stock_length(12) = 25: beyond the cap of 10, still copied when long
        (24, 36, "common_phrase"),
        (24, 37, "copy"),  # stock_length(24) = 37
        (3, 21, "copy"),  # up to stock_docs (6) documents: min_run
    ],
)
def test_a_shared_passage_is_a_stock_phrase_or_a_copy_by_length_and_document_count(corpus, documents, length, category):
    phrase = chunk(1000 + length, length)
    corpus.add_many(_holders(phrase, documents) + _fillers())
    text = chunk(1, 200) + "。" + phrase + "。" + chunk(2, 200)
    report = check_copies(text, corpus)
    total = 400 + length
    [found] = report.passages
    assert (found.category, text[found.start : found.end], report.documents(found)) == (category, phrase, documents)
    if category == "copy":
        assert report.copy_ratio == report.copy_ratio_excluding_quotes == _exact(length, total)
        assert report.common_phrase_ratio == 0
        assert report.sources[0].name == found.source
    else:
        assert report.copy_ratio == report.copy_ratio_excluding_quotes == 0 and not report.sources
        assert report.common_phrase_ratio == _exact(length, total)
    assert report.to_dict()["passages"][0]["documents"] == documents


def test_a_stock_phrase_is_listed_once_however_many_documents_hold_it(corpus):
    """Looked up in max_common_sources (4) example documents, reported once."""
    phrase = chunk(7, 20)
    corpus.add_many(_holders(phrase, 12) + _fillers())
    report = check_copies(chunk(1, 200) + phrase + chunk(2, 200), corpus)
    assert [(p.category, p.start, p.end) for p in report.passages] == [("common_phrase", 200, 220)]


@pytest.mark.parametrize("mine_first", [True, False])
def test_the_checked_material_itself_is_not_one_of_the_documents_holding_a_passage(corpus, mine_first):
    """A material checked with its own archive copy excluded: a 24-character passage it shares with
    11 other documents is held by 11, not 12, so it is a copy (stock_length(11) = 23.49,
    stock_length(12) = 25), whichever document the common-phrase lookup takes as its example."""
    phrase = chunk(8, 24)
    mine = chunk(1, 200) + "。" + phrase + "。" + chunk(2, 200)
    own = [{"item": mine, "name": "本人.txt"}]
    corpus.add_many(own + _holders(phrase, 11) if mine_first else _holders(phrase, 11) + own)
    report = check_copies(mine, corpus, exclude=["本人.txt"])
    [found] = report.passages
    assert (found.category, text_of(mine, found), report.documents(found)) == ("copy", phrase, 11)
    assert found.source != "本人.txt"
    assert check_copies(mine, corpus).passages[0].source == "本人.txt"  # not excluded: itself, all of it


def text_of(text, passage):
    return text[passage.start : passage.end]


# ------------------------------------------------------------ thresholds of data/copycheck/settings.toml


@pytest.mark.parametrize(
    ("documents", "cap"), [(100, 10), (549, 10), (550, 11), (2549, 50), (2550, 51 - 1), (10**6, 50)]
)
def test_common_cap_share_clamped_between_min_and_max_docs(documents, cap):
    assert (SETTINGS.common_share, SETTINGS.common_min_docs, SETTINGS.common_max_docs) == (0.02, 10, 50)
    assert SETTINGS.common_cap(documents) == cap


@pytest.mark.parametrize(("holders", "common"), [(10, False), (11, True)])
def test_fingerprints_in_more_than_the_cap_documents_are_common(corpus, holders, common):
    phrase = chunk(50, 40)
    corpus.add_many(_holders(phrase, holders))
    from duizhao.copycheck.fingerprint import winnow
    from duizhao.copycheck.normalize import normalize

    hashes, _ = winnow(normalize(phrase).codes, SETTINGS.kgram, SETTINGS.window)
    found = corpus.lookup(hashes[hashes.argsort()])
    inner = found["df"] == holders  # fingerprints selected in every holder
    assert inner.any() and (found["common_mask"][inner] == common).all()


def test_a_short_match_needs_a_fingerprint_in_at_most_rare_docs_documents(corpus):
    """A 24-character phrase in 4 documents shares fewer than min_hits_redundant (8) fingerprints
    with each: it is looked at only if one of them is in at most rare_docs documents."""
    from duizhao.copycheck.fingerprint import winnow
    from duizhao.copycheck.normalize import normalize

    assert SETTINGS.rare_docs == 3
    phrase = chunk(60, 24)
    corpus.add_many(_holders(phrase, 4) + _fillers())
    text = chunk(1, 200) + phrase + chunk(2, 200)
    hashes, _ = winnow(normalize(text).codes, SETTINGS.kgram, SETTINGS.window)
    found = corpus.lookup(hashes[hashes.argsort()])
    hits = found["hits"]
    assert max(int((hits["doc"] == doc).sum()) for doc in set(hits["doc"].tolist())) < SETTINGS.min_hits_redundant
    rarest = int(found["df"][hits["q"]].min())  # the rarest shared fingerprint (one a window past the phrase chose)
    for rare_docs, listed in ((rarest, True), (rarest - 1, False)):
        settings = dataclasses.replace(SETTINGS, rare_docs=rare_docs)
        assert bool(check_copies(text, Corpus(corpus.path, settings)).passages) == listed


def test_merge_gap_joins_runs_up_to_40_characters_apart():
    from duizhao.copycheck.check import _Run, merge_runs

    assert SETTINGS.merge_gap == 40
    for gap, passages in ((40, 1), (41, 2)):
        runs = [_Run(0, 20, 100, 120), _Run(20 + gap, 60 + gap, 120 + gap, 160 + gap)]
        assert len(merge_runs(runs, SETTINGS.merge_gap)) == passages
    for drift, passages in ((40, 1), (41, 2)):  # the source side too
        runs = [_Run(0, 20, 100, 120), _Run(30, 60, 120 + drift, 150 + drift)]
        assert len(merge_runs(runs, SETTINGS.merge_gap)) == passages


def test_edits_closer_than_merge_gap_make_one_passage_and_farther_two(corpus):
    source = chunk(70, 500)
    corpus.add(source, name="往年材料.txt")
    corpus.add_many(_fillers())
    for inserted, passages in ((40, 1), (41, 2)):
        copied = source[100:160] + chunk(71, inserted) + source[160:220]
        report = check_copies(chunk(1, 200) + copied + chunk(2, 200), corpus)
        copies = [p for p in report.passages if p.category == "copy"]
        assert len(copies) == passages
        assert report.copy_ratio == _exact(120 + (inserted if passages == 1 else 0), 520 + inserted)


def test_min_hits_and_max_candidates_limit_the_sources_looked_at(corpus):
    """max_candidates (20) sources at most; a source must add min_hits (3) new fingerprints."""
    assert (SETTINGS.max_candidates, SETTINGS.min_hits) == (20, 3)
    sources = [chunk(100 + i, 200) for i in range(21)]
    corpus.add_many([{"item": s, "name": f"src-{i:02d}.txt"} for i, s in enumerate(sources)])
    text = "".join(chunk(200 + i, 30) + s[:60] for i, s in enumerate(sources))
    assert len(check_copies(text, corpus).sources) == 20
    fewer = "".join(chunk(200 + i, 30) + s[:60] for i, s in enumerate(sources[:20]))
    assert len(check_copies(fewer, corpus).sources) == 20
    tight = Corpus(corpus.path, dataclasses.replace(SETTINGS, max_candidates=19))
    assert len(check_copies(fewer, tight).sources) == 19


def test_a_source_adding_nothing_new_is_verified_only_up_to_max_redundant(corpus):
    """Five copies of one template: the template and at most max_redundant (3) documents that
    add nothing new are verified and listed."""
    assert (SETTINGS.max_redundant, SETTINGS.min_hits_redundant) == (3, 8)
    template = chunk(80, 300)
    corpus.add_many(
        [{"item": template, "name": "范文.txt", "doc_class": "template"}]
        + [{"item": chunk(81 + i, 100) + template + chunk(90 + i, 100), "name": f"抄范文{i}.txt"} for i in range(5)]
    )
    report = check_copies(chunk(1, 200) + template[:200] + chunk(2, 200), corpus)
    assert len(report.sources) == 1 + 3
    relaxed = Corpus(corpus.path, dataclasses.replace(SETTINGS, max_redundant=4))
    assert len(check_copies(chunk(1, 200) + template[:200] + chunk(2, 200), relaxed).sources) == 1 + 4


def test_shipped_settings_have_no_unused_entries():
    import tomllib
    from pathlib import Path

    import duizhao

    shipped = tomllib.loads((Path(duizhao.__file__).parent / "data" / "copycheck" / "settings.toml").read_text())
    assert "chain_gap" not in shipped and "chain_drift" not in shipped
    assert set(shipped) == {f.name for f in dataclasses.fields(SETTINGS)}


def _shared_fingerprints(corpus, text) -> int:
    from duizhao.copycheck.fingerprint import winnow
    from duizhao.copycheck.normalize import normalize

    hashes, _ = winnow(normalize(text).codes, SETTINGS.kgram, SETTINGS.window)
    return len(corpus.lookup(hashes[hashes.argsort()])["hits"]["q"])


def test_a_source_needs_min_hits_shared_fingerprints(corpus):
    source = chunk(120, 300)
    corpus.add(source, name="往年材料.txt")
    text = chunk(1, 200) + source[100:122] + chunk(2, 200)  # 22 characters: a few fingerprints
    hits = _shared_fingerprints(corpus, text)
    assert 1 <= hits < SETTINGS.min_hits_redundant
    for min_hits, listed in ((hits, True), (hits + 1, False)):
        settings = dataclasses.replace(SETTINGS, min_hits=min_hits)
        assert bool(check_copies(text, Corpus(corpus.path, settings)).sources) == listed


def test_a_source_adding_nothing_new_needs_min_hits_redundant_shared_fingerprints(corpus):
    """The same 60 characters in two documents: the second adds nothing new and is verified only
    when it shares at least min_hits_redundant fingerprints."""
    words = chunk(130, 60)
    corpus.add_many(
        [
            {"item": chunk(131, 100) + words + chunk(132, 100), "name": "甲.txt"},
            {"item": chunk(133, 100) + words + chunk(134, 100), "name": "乙.txt"},
        ]
    )
    text = chunk(1, 200) + words + chunk(2, 200)
    shared = _shared_fingerprints(corpus, text) // 2
    for needed, sources in ((shared, 2), (shared + 1, 1)):
        settings = dataclasses.replace(SETTINGS, min_hits_redundant=needed)
        assert len(check_copies(text, Corpus(corpus.path, settings)).sources) == sources


@pytest.mark.parametrize(("shortest", "recognised"), [(4, True), (5, False)])
def test_official_wording_of_official_phrase_min_characters(corpus, shortest, recognised):
    """ "两个维护" (4 characters, on the official phrase list) is official wording from 4 up."""
    assert SETTINGS.official_phrase_min == 4
    corpus.add(chunk(140, 300), name="其他.txt")
    settings = dataclasses.replace(SETTINGS, official_phrase_min=shortest)
    report = check_copies(chunk(1, 100) + "。两个维护。" + chunk(2, 100), Corpus(corpus.path, settings))
    found = [(p.category, report.text[p.start : p.end]) for p in report.passages]
    assert found == ([("official", "两个维护")] if recognised else [])
    assert report.official_ratio == (_exact(4, 204) if recognised else 0)


def test_report_to_dict_has_exactly_these_keys_and_is_json(corpus):
    import json

    phrase = chunk(150, 20)
    corpus.add_many(_holders(phrase, 12))
    source = chunk(151, 300)
    corpus.add(source, name="往年材料.txt")
    text = chunk(1, 200) + source[0:100] + phrase + chunk(2, 200)
    data = json.loads(json.dumps(check_copies(text, corpus).to_dict(), ensure_ascii=False))
    assert set(data) == {
        "total_chars",
        "copy_ratio",
        "copy_ratio_excluding_quotes",
        "official_ratio",
        "common_phrase_ratio",
        "max_single_source_ratio",
        "max_single_source",
        "sources",
        "passages",
        "min_run",
    }
    assert [(p["category"], p["category_name"], p["text"], p["documents"]) for p in data["passages"]] == [
        ("copy", "文字复制", source[0:100], 1),
        ("common_phrase", "常见套话", phrase, 12),
    ]
    assert set(data["passages"][0]) == {
        "start",
        "end",
        "source",
        "source_start",
        "source_end",
        "similarity",
        "category",
        "category_name",
        "documents",
        "text",
    }
    assert data["sources"] == [
        {
            "name": "往年材料.txt",
            "doc_class": "own",
            "chars": 100,
            "share": _exact(100, 520),
            "passages": 1,
            "unit": None,
            "author": None,
            "year": None,
        }
    ]


@pytest.mark.parametrize("at_the_ends", [False, True])
@pytest.mark.parametrize("rare_first", [True, False])
@pytest.mark.parametrize("common_length", [150, 151])
def test_a_run_longer_than_the_window_around_its_seeds_is_grown_to_its_full_length(
    corpus, at_the_ends, rare_first, common_length
):
    """Only 50 characters of a copy are seeds (the other 150 are common text, held by 11 more
    documents): the exact run is compared in a window of 48 characters around the seeds and
    grown from there to the end of the copy (or of the texts), forwards or backwards."""
    common = chunk(160, common_length)
    corpus.add_many(_holders(common, 11))
    rare = chunk(161, 50)
    copied = rare + common if rare_first else common + rare
    source = copied if at_the_ends else chunk(162, 100) + copied + chunk(163, 100)
    corpus.add(source, name="往年材料.txt")
    before, after = ("", "") if at_the_ends else (chunk(1, 200), chunk(2, 200))
    text = before + copied + after
    report = check_copies(text, corpus)
    [copy] = [p for p in report.passages if p.source == "往年材料.txt"]
    start, length = len(before), len(copied)
    assert (copy.category, copy.start, copy.end) == ("copy", start, start + length)
    assert (copy.source_start, copy.source_end) == ((0, length) if at_the_ends else (100, 100 + length))
    assert report.copy_ratio == _exact(length, len(text))


def test_passages_taken_from_several_places_of_one_source_in_another_order(corpus):
    """Each place is its own diagonal: all three are found, with their exact spans in both texts."""
    source = chunk(170, 900)
    corpus.add(source, name="往年材料.txt")
    corpus.add_many(_fillers())
    pieces = [(600, 700), (100, 160), (350, 430)]
    text, spans, at = "", [], 0
    for i, (a, b) in enumerate(pieces):
        own = chunk(171 + i, 100)
        text += own + source[a:b]
        spans.append((at + 100, at + 100 + b - a, a, b))
        at += 100 + b - a
    report = check_copies(text, corpus)
    assert [(p.start, p.end, p.source_start, p.source_end) for p in report.passages] == sorted(spans)
    assert report.copy_ratio == _exact(240, 540)
    assert [(s.name, s.chars, s.passages) for s in report.sources] == [("往年材料.txt", 240, 3)]


@pytest.mark.parametrize("source_first", [True, False])
def test_a_run_grown_backwards_stops_exactly_at_the_start_of_either_text(corpus, source_first):
    """A copy grown backwards from its seeds (its first 150 characters are common text, not seeds)
    stops at the start of the checked text or of the source, even when the character before it
    in the other text equals the last character of the text that has just run out (a comparison
    across the start would wrap round to it)."""
    common = chunk(180, 150)
    corpus.add_many(_holders(common, 11))
    copied = common + chunk(181, 50)
    if source_first:  # the copy opens the source; the checked text has 100 characters before it
        tail = chunk(182, 100)
        source = copied + tail
        text = chunk(183, 99) + tail[-1] + copied + chunk(184, 100)
        expected = (100, 100 + len(copied), 0, len(copied))
    else:  # the copy opens the checked text; the source has 100 characters before it
        head = chunk(185, 100)
        source = head + copied + chunk(186, 100)
        text = copied + chunk(187, 99) + head[-1]
        expected = (0, len(copied), 100, 100 + len(copied))
    corpus.add(source, name="往年材料.txt")
    report = check_copies(text, corpus)
    [copy] = [p for p in report.passages if p.source == "往年材料.txt"]
    assert (copy.category, copy.start, copy.end, copy.source_start, copy.source_end) == ("copy", *expected)
    assert report.copy_ratio == _exact(len(copied), len(text))


def test_similarity_of_a_passage_with_an_edited_stretch_between_two_runs(corpus):
    """Two exact runs of 30 around a stretch edited in place: 子甲丑乙 in the checked text,
    丙子丁丑戊 in the source. The runs match 60 characters and the stretch 2 more (子, 丑), over
    64 + 65 characters: similarity 2 x 62 / 129."""
    first, second = chunk(190, 30), chunk(191, 30)
    source = chunk(192, 100) + first + "丙子丁丑戊" + second + chunk(193, 100)
    corpus.add(source, name="往年材料.txt")
    corpus.add_many(_fillers())
    text = chunk(194, 100) + first + "子甲丑乙" + second + chunk(195, 100)
    report = check_copies(text, corpus)
    [copy] = [p for p in report.passages if p.category == "copy"]
    assert (copy.start, copy.end, copy.source_start, copy.source_end) == (100, 164, 100, 165)
    assert copy.similarity == round(2 * 62 / 129, 3)
    [alone] = check_copies(chunk(194, 100) + first + chunk(195, 100), corpus).passages
    assert alone.similarity == 1.0


def test_only_the_chosen_frameworks_wording_is_official(corpus):
    """学史明理 is wording of the 2021 theme only: official when that framework is chosen (or all
    are), ordinary text when only another year's is."""
    text = chunk(196, 100) + "学史明理" + chunk(197, 100)
    assert check_copies(text, corpus, frameworks=["dsh-2023"]).official_ratio == 0
    for frameworks in (["dsh-2021"], None):
        report = check_copies(text, corpus, frameworks=frameworks)
        assert report.official_ratio == _exact(4, 204)
        [passage] = report.passages
        assert (passage.start, passage.end, passage.category, passage.similarity) == (100, 104, "official", 1.0)
        assert (passage.source, passage.source_start, passage.source_end) == ("2021年党史学习教育专题民主生活会", 0, 4)


def test_max_common_sources_bounds_the_documents_common_phrases_are_looked_for_in(corpus):
    """Five phrases, each held by its own 11 documents (beyond the common-phrase cap of 10): with
    max_common_sources (4) example documents verified, one of the five is not found; with 5, all
    are. (The 24-character one is long enough to count as copied from 11 documents.)"""
    assert SETTINGS.max_common_sources == 4
    phrases = [chunk(600 + i, n) for i, n in enumerate((24, 22, 20, 18, 16))]
    holders = []
    for i, phrase in enumerate(phrases):
        holders += [
            {**h, "name": f"p{i}-{h['name']}", "author": f"{h['author']}-{i}"}
            for h in _holders(phrase, 11, 1000 + 100 * i)
        ]
    corpus.add_many(holders + _fillers())
    text = "".join(chunk(700 + i, 50) + phrase for i, phrase in enumerate(phrases)) + chunk(799, 50)

    def found(report) -> list[tuple[int, int, str]]:
        return [(p.start, p.end, p.category) for p in report.passages]

    five = [(50, 74, "copy")] + [(a, b, "common_phrase") for a, b in ((124, 146), (196, 216), (266, 284), (334, 350))]
    assert found(check_copies(text, corpus)) == [five[0], five[1], five[2], five[4]]
    relaxed = Corpus(corpus.path, dataclasses.replace(SETTINGS, max_common_sources=5))
    assert found(check_copies(text, relaxed)) == five


def test_a_common_phrase_that_is_mostly_official_wording_is_still_a_common_phrase(corpus):
    """Eleven documents hold an official formulation followed by five words of their own: in the
    checked text the whole passage is a stock phrase (5 own characters are fewer than min_run, but
    only a copy is dropped for that)."""
    official = "增强四个意识坚定四个自信做到两个维护"  # on the official phrase list (18 characters)
    phrase = official + chunk(201, 5)
    corpus.add_many(_holders(phrase, 11) + _fillers())
    text = chunk(202, 100) + phrase + chunk(203, 100)
    report = check_copies(text, corpus)
    assert report.copy_ratio == 0
    assert report.official_ratio == _exact(18, 223)
    assert report.common_phrase_ratio == _exact(23, 223)
    assert sorted((p.start, p.end, p.category) for p in report.passages) == [
        (100, 118, "official"),
        (100, 123, "common_phrase"),
    ]


def test_a_text_without_countable_characters_has_zero_ratios(corpus):
    corpus.add(chunk(210, 300), name="往年材料.txt", unit="某县水利局")
    report = check_copies("。，、——！", corpus)
    assert (report.total_chars, report.copy_ratio, report.copy_ratio_excluding_quotes) == (0, 0.0, 0.0)
    assert (report.official_ratio, report.common_phrase_ratio, report.max_single_source_ratio) == (0.0, 0.0, 0.0)
    assert report.max_single_source is None and report.sources == [] and report.passages == []


def test_min_run_is_at_least_kgram_and_is_reported(corpus):
    source = chunk(211, 300)
    corpus.add(source, name="往年材料.txt", unit="某县水利局", author="赵某", year=2024)
    corpus.add_many(_fillers())
    text = chunk(212, 100) + source[:60] + chunk(213, 100)
    report = check_copies(text, corpus, min_run=SETTINGS.kgram)
    assert report.min_run == SETTINGS.kgram == 8
    assert [(s.name, s.unit, s.author, s.year, s.doc_class) for s in report.sources] == [
        ("往年材料.txt", "某县水利局", "赵某", 2024, "own")
    ]
    assert check_copies(text, corpus, min_run=30).min_run == 30
    with pytest.raises(InputError) as refused:
        check_copies(text, corpus, min_run=SETTINGS.kgram - 1)
    assert refused.value.reason == "最短复制长度不能小于 8 个字"
