"""Pinned behaviour of the copy check's verification steps (mutmut survivors of check.py):
exact runs along the seeds' diagonals (`exact_runs_many`), runs joined into passages
(`merge_runs`), a passage's similarity, and the ranking of candidate sources. The direct tests
use our own sentences and give the seeds by hand: a seed is a k-gram shared by the checked
text (query position) and a source (source position)."""

import dataclasses
import random

import numpy as np
import pytest

from duizhao.copycheck import Corpus, check_copies
from duizhao.copycheck.check import _Run, exact_runs_many, merge_runs, similarity
from duizhao.copycheck.normalize import normalize
from duizhao.copycheck.settings import load_settings

SETTINGS = load_settings()
K = SETTINGS.kgram

MEETING = "坚持每周召开一次支部委员会议研究工作"  # 18 characters
REFORM = "对照问题清单逐条制定整改措施并明确时限"  # 19
STUDY = "年初制定学习计划每月集中学习一次"  # 16
CONTACT = "班子成员分别联系一个基层党支部"  # 15


def codes(text: str) -> np.ndarray:
    normalized = normalize(text).codes
    assert len(normalized) == len(text)  # every character counts: positions are string indices
    return normalized


def runs_of(query: str, sources: list[str], seeds: list[tuple[int, int, int]], min_run: int = 13, dtype=np.int64):
    """The runs found per source; `seeds`: (source index, query position, source position)."""
    source_of, qpos, spos = (np.array(column, dtype=dtype).reshape(-1) for column in zip(*seeds, strict=True))
    found = exact_runs_many(codes(query), [codes(s) for s in sources], source_of, qpos, spos, K, min_run)
    return [[(r.qa, r.qb, r.sa, r.sb) for r in runs] for runs in found]


def chunk(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


# ------------------------------------------------------------ exact_runs_many


def test_one_seed_gives_its_whole_run_and_no_seed_no_run():
    query = STUDY + MEETING + CONTACT
    source = REFORM + MEETING + STUDY
    assert runs_of(query, [source], [(0, 16, 19)]) == [[(16, 34, 19, 37)]]
    empty = np.zeros(0, dtype=np.int64)
    assert exact_runs_many(codes(query), [codes(source)] * 2, empty, empty, empty, K, 13) == [[], []]


def test_two_sources_on_the_same_diagonal_each_get_their_run():
    """The same sentence 16 characters in, in the checked text and in two sources: one diagonal,
    two sources, each verified against its own text."""
    query = STUDY + MEETING + CONTACT
    first = REFORM[:16] + MEETING + REFORM[16:]
    second = CONTACT + "们" + MEETING + STUDY
    assert runs_of(query, [first, second], [(0, 16, 16), (1, 16, 16)]) == [[(16, 34, 16, 34)], [(16, 34, 16, 34)]]
    # two seeds of one run: the run once
    assert runs_of(query, [first, second], [(0, 16, 16), (0, 24, 24)]) == [[(16, 34, 16, 34)], []]


@pytest.mark.parametrize(("seed", "run"), [(16, (16, 34, 16, 34)), (35, (35, 54, 35, 54))])
def test_of_two_runs_on_one_diagonal_only_the_one_holding_a_seed_is_returned(seed, run):
    """Two sentences in the same places, one character apart (甲 / 乙): both are exact runs in the
    compared window, but only the run holding the seed is evidence of this diagonal."""
    query = STUDY + MEETING + "甲" + REFORM + CONTACT
    source = CONTACT + "们" + MEETING + "乙" + REFORM + STUDY
    assert runs_of(query, [source], [(0, seed, seed)]) == [[run]]


def test_a_run_cut_by_the_end_of_the_text_is_kept_only_from_min_run():
    """The checked text ends with the first 10 characters of a sentence: a run reaching the edge
    of the compared window is still measured against min_run."""
    query = STUDY + MEETING[:10]
    source = REFORM + MEETING + STUDY
    assert runs_of(query, [source], [(0, 16, 19)]) == [[]]
    assert runs_of(query, [source], [(0, 16, 19)], min_run=10) == [[(16, 26, 19, 29)]]


def test_a_run_whose_only_seed_is_its_last_k_characters_is_found():
    query = STUDY + REFORM[:13] + CONTACT
    source = MEETING + REFORM[:13] + STUDY
    assert runs_of(query, [source], [(0, 16 + 13 - K, 18 + 13 - K)]) == [[(16, 29, 18, 31)]]


def test_positions_stored_as_uint16_still_give_a_source_position_before_the_query_position():
    """The archive stores positions as uint16; the diagonal (source minus query position) is negative here."""
    query = STUDY + CONTACT + MEETING + REFORM
    source = MEETING + STUDY
    assert runs_of(query, [source], [(0, 31, 0)], dtype=np.uint16) == [[(31, 49, 0, 18)]]


# ------------------------------------------------------------ merge_runs


def _merged(runs: list[tuple[int, int, int, int]], gap: int = SETTINGS.merge_gap):
    return [[(r.qa, r.qb, r.sa, r.sb) for r in passage] for passage in merge_runs([_Run(*r) for r in runs], gap)]


def test_words_found_twice_in_the_source_give_the_longer_run_from_the_same_start():
    assert _merged([(0, 30, 100, 130), (0, 50, 500, 550)]) == [[(0, 50, 500, 550)]]


def test_a_later_run_ending_where_the_passage_ends_is_the_same_words_elsewhere():
    assert _merged([(0, 50, 500, 550), (20, 50, 100, 130)]) == [[(0, 50, 500, 550)]]


def test_runs_after_one_inside_the_passage_still_make_their_own_passage():
    runs = [(0, 50, 500, 550), (10, 40, 100, 130), (200, 240, 800, 840)]
    assert _merged(runs) == [[(0, 50, 500, 550)], [(200, 240, 800, 840)]]


@pytest.mark.parametrize(("back", "passages"), [(40, 1), (41, 2)])
def test_a_run_starting_up_to_merge_gap_back_in_the_source_joins_the_passage(back, passages):
    runs = [(0, 20, 100, 120), (30, 90, 120 - back, 180 - back)]
    assert len(_merged(runs)) == passages


@pytest.mark.parametrize("source_end", [129, 130])
def test_a_close_run_not_ending_later_in_the_source_is_left_out(source_end):
    """The second run is near the first in both texts but ends before or where the first ends in
    the source: not part of the passage, and the runs after it are still merged."""
    runs = [(0, 30, 100, 130), (35, 60, source_end - 25, source_end), (200, 240, 800, 840)]
    assert _merged(runs) == [[(0, 30, 100, 130)], [(200, 240, 800, 840)]]


# ------------------------------------------------------------ similarity


def test_similarity_of_three_runs_around_two_edited_stretches():
    """甲乙 / 甲戊 and 丙丁 / 己丁: one character of each stretch matches. (18 + 19 + 16 + 2) x 2 / (57 + 57)."""
    query = MEETING + "甲乙" + REFORM + "丙丁" + STUDY
    source = MEETING + "甲戊" + REFORM + "己丁" + STUDY
    runs = [_Run(0, 18, 0, 18), _Run(20, 39, 20, 39), _Run(41, 57, 41, 57)]
    assert len(merge_runs(runs, SETTINGS.merge_gap)) == 1
    assert similarity(codes(query), codes(source), runs) == round(2 * 55 / 114, 3) == 0.965


@pytest.mark.parametrize("overlap_in", ["query", "source"])
def test_similarity_counts_characters_shared_by_two_overlapping_runs_once(overlap_in):
    """The last five characters of REFORM occur twice on one side (once inside REFORM, once again
    after eight other characters), so the second run starts inside the first there: 19 + 16
    characters matched, over 35 and 48 characters, 2 x 35 / 83."""
    repeated = REFORM + "会前广泛征求意见" + REFORM[-5:] + STUDY  # 48 characters
    plain = REFORM + STUDY  # 35
    if overlap_in == "query":
        query, source, second = plain, repeated, _Run(14, 35, 27, 48)
    else:
        query, source, second = repeated, plain, _Run(27, 48, 14, 35)
    runs = [_Run(0, 19, 0, 19), second]
    assert len(merge_runs(runs, SETTINGS.merge_gap)) == 1
    assert similarity(codes(query), codes(source), runs) == round(2 * 35 / 83, 3) == 0.843


def test_similarity_aligns_a_long_stretch_without_difflibs_popularity_heuristic():
    """With a merge_gap of 200 or more, runs join across a long stretch. 整改落实 between the runs
    in the checked text; in the source, 整改落实 four times amid 190 other characters: difflib's
    autojunk would drop characters found in more than 1 % of a long sequence and match nothing."""
    stretch = chunk(1, 95) + "整改落实" * 4 + chunk(2, 95)
    query = MEETING + "整改落实" + REFORM
    source = MEETING + stretch + REFORM
    runs = [_Run(0, 18, 0, 18), _Run(22, 41, 224, 243)]
    assert len(merge_runs(runs, 210)) == 1
    assert similarity(codes(query), codes(source), runs) == round(2 * (37 + 4) / (41 + 243), 3)


# ------------------------------------------------------------ ranking candidate sources


def _hits_per_document(corpus: Corpus, text: str) -> dict[str, int]:
    from duizhao.copycheck.fingerprint import winnow

    hashes, _ = winnow(codes(text), SETTINGS.kgram, SETTINGS.window)
    hits = corpus.lookup(hashes[hashes.argsort()])["hits"]
    names = {}
    for seg, doc in zip(hits["seg"].tolist(), hits["doc"].tolist(), strict=True):
        name = corpus.segments[seg].documents[doc].name
        names[name] = names.get(name, 0) + 1
    return names


def test_an_official_document_is_looked_at_first_even_when_added_after_a_material_quoting_it(corpus):
    """An earlier material quoted 25 characters of a notice (too few fingerprints to verify a
    document that adds nothing new): the notice, in a later segment, is still ranked first, so the
    quotation is official wording and not a copy of the earlier material."""
    notice = chunk(300, 100) + chunk(301, 25) + chunk(302, 100)
    quoted = chunk(301, 25)
    corpus.add(chunk(303, 100) + quoted + chunk(304, 100), name="往年材料.txt")
    corpus.add(notice, name="上级通知.txt", doc_class="official")
    assert [s.official for s in corpus.segments] == [False, True]
    text = chunk(305, 100) + quoted + chunk(306, 100)
    assert 0 < max(_hits_per_document(corpus, text).values()) < SETTINGS.min_hits_redundant
    report = check_copies(text, corpus)
    assert report.copy_ratio == 0
    assert [(p.start, p.end, p.category, p.source) for p in report.passages] == [(100, 125, "official", "上级通知.txt")]


def test_sources_are_ranked_by_fingerprints_weighted_by_rarity(corpus):
    """With one candidate allowed: 50 characters copied from one document outrank 70 characters
    that two other documents both hold (fewer shared fingerprints, but each in one document, not two)."""
    own = chunk(310, 50)
    shared = chunk(311, 70)
    corpus.add_many(
        [
            {"item": chunk(312, 100) + own + chunk(313, 100), "name": "来源.txt"},
            {"item": chunk(314, 100) + shared + chunk(315, 100), "name": "甲.txt"},
            {"item": chunk(316, 100) + shared + chunk(317, 100), "name": "乙.txt"},
        ]
    )
    text = chunk(318, 100) + own + chunk(319, 100) + shared + chunk(320, 100)
    hits = _hits_per_document(corpus, text)
    assert hits["来源.txt"] < hits["甲.txt"] == hits["乙.txt"] < 2 * hits["来源.txt"]
    one = Corpus(corpus.path, dataclasses.replace(SETTINGS, max_candidates=1))
    assert [s.name for s in check_copies(text, one).sources] == ["来源.txt"]
    assert [s.name for s in check_copies(text, corpus).sources] == ["甲.txt", "乙.txt", "来源.txt"]


def _holders(phrase: str, documents: int, first_seed: int = 1000) -> list[dict]:
    return [
        {
            "item": chunk(first_seed + i, 150) + "。" + phrase + "。" + chunk(first_seed + 500 + i, 150),
            "name": f"持有{i}.txt",
        }
        for i in range(documents)
    ]


def _lookup(corpus: Corpus, text: str):
    from duizhao.copycheck.fingerprint import winnow

    hashes, _ = winnow(normalize(text).codes, SETTINGS.kgram, SETTINGS.window)
    return corpus.lookup(hashes[hashes.argsort()])


def test_a_common_phrase_sharing_a_single_fingerprint_is_still_looked_for(corpus):
    """A 14-character phrase in 11 documents (beyond the common-phrase cap of 10) shares one
    fingerprint with the checked text: its example document is verified all the same."""
    phrase = chunk(501, 14)
    corpus.add_many(_holders(phrase, 11))
    text = chunk(1, 200) + "。" + phrase + "。" + chunk(2, 200)
    found = _lookup(corpus, text)
    assert (len(found["common"]["q"]), len(found["hits"]["q"])) == (1, 0)
    report = check_copies(text, corpus)
    assert [(p.category, p.start, p.end) for p in report.passages] == [("common_phrase", 201, 215)]
    assert report.documents(report.passages[0]) == 11


@pytest.mark.parametrize(("extra", "listed"), [(0, True), (1, False)])
def test_a_source_without_a_rare_fingerprint_needs_min_hits_redundant_shared_ones(corpus, extra, listed):
    """A 24-character phrase in 4 documents, none of its fingerprints rare (rare_docs set below the
    rarest): a holder is looked at when it shares exactly min_hits_redundant fingerprints, not one fewer."""
    phrase = chunk(60, 24)
    corpus.add_many(_holders(phrase, 4) + [{"item": chunk(900 + i, 300), "name": f"其他{i}.txt"} for i in range(3)])
    text = chunk(1, 200) + phrase + chunk(2, 200)
    hits = _lookup(corpus, text)
    shared = max(int((hits["hits"]["doc"] == doc).sum()) for doc in set(hits["hits"]["doc"].tolist()))
    rarest = int(hits["df"][hits["hits"]["q"]].min())
    settings = dataclasses.replace(SETTINGS, rare_docs=rarest - 1, min_hits=1, min_hits_redundant=shared + extra)
    assert bool(check_copies(text, Corpus(corpus.path, settings)).passages) == listed


def test_min_hits_holds_even_when_min_hits_redundant_is_set_lower(corpus):
    """A source sharing n fingerprints (22 copied characters) is not looked at with min_hits n + 1,
    even if a settings file lets a source adding nothing new through with n."""
    source = chunk(120, 300)
    corpus.add(source, name="往年材料.txt")
    text = chunk(1, 200) + source[100:122] + chunk(2, 200)
    shared = len(_lookup(corpus, text)["hits"]["q"])
    assert 1 <= shared < SETTINGS.min_hits_redundant
    for min_hits, listed in ((shared, True), (shared + 1, False)):
        settings = dataclasses.replace(SETTINGS, min_hits=min_hits, min_hits_redundant=shared)
        assert bool(check_copies(text, Corpus(corpus.path, settings)).sources) == listed


def test_a_source_ranked_after_those_passed_over_for_adding_nothing_new_is_still_looked_at(corpus):
    """200 characters of a template that five materials copied (six documents, each fingerprint
    in six) and 25 characters of another material (fingerprints in one document, fewer of them:
    ranked last). The template and max_redundant (3) of the copies are verified, the other two
    copies are passed over, and the last-ranked material is still looked at."""
    template = chunk(340, 300)
    other = chunk(341, 300)
    corpus.add_many(
        [{"item": template, "name": "范文.txt", "doc_class": "template"}, {"item": other, "name": "另一篇.txt"}]
        + [{"item": chunk(342 + i, 100) + template + chunk(350 + i, 100), "name": f"抄范文{i}.txt"} for i in range(5)]
    )
    text = chunk(360, 200) + template[:200] + chunk(361, 100) + other[100:125] + chunk(362, 100)
    shared = _hits_per_document(corpus, text)
    assert shared["另一篇.txt"] < shared["范文.txt"] / 6  # weights: fingerprints in one document and in six
    report = check_copies(text, corpus)
    assert len(report.sources) == 1 + 3 + 1
    assert [(s.name, s.chars) for s in report.sources][-1] == ("另一篇.txt", 25)


def test_a_long_common_passage_found_in_two_example_documents_is_listed_once_and_later_passages_kept(corpus):
    """A 60-character passage held by 11 documents is long enough to be a copy. A removed document
    holding its first half twice takes the first two postings of those fingerprints in its segment,
    so their example is a holder in the next segment and the passage is verified in two example
    documents: listed once, and the official wording after it is still listed."""
    passage = chunk(400, 60)
    corpus.add_many(
        [
            {
                "item": chunk(401, 50) + passage[:30] + chunk(402, 50) + passage[:30] + chunk(403, 50),
                "name": "已删除.txt",
            },
            {"item": chunk(404, 100) + passage + chunk(405, 100), "name": "甲.txt"},
        ]
    )
    corpus.add_many(
        [{"item": chunk(410 + i, 100) + passage + chunk(430 + i, 100), "name": f"持有{i}.txt"} for i in range(10)]
        + [{"item": chunk(460 + i, 300), "name": f"其他{i}.txt"} for i in range(3)]
    )
    corpus.remove("已删除.txt")
    text = chunk(470, 100) + passage + chunk(471, 100) + "两个维护" + chunk(472, 100)
    found = _lookup(corpus, text)["common"]
    examples = {corpus.segments[s].documents[d].name for s, d in zip(found["seg"].tolist(), found["doc"].tolist())}
    assert examples == {"甲.txt", "持有0.txt"}
    report = check_copies(text, corpus)
    assert [(p.start, p.end, p.category) for p in report.passages] == [(100, 160, "copy"), (260, 264, "official")]
    assert report.copy_ratio == round(60 / 364, 4)
