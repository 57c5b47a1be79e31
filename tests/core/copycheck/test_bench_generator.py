"""The held-out archive of the fair 查重 benchmark (bench/copycheck_gen.py, stock="graded")."""

import importlib
import sys
from pathlib import Path

import pytest

BENCH = str(Path(__file__).resolve().parents[3] / "bench")


@pytest.fixture
def gen(monkeypatch):
    """bench/copycheck_gen.py imported as a module of its own (its dataclasses need sys.modules)."""
    monkeypatch.syspath_prepend(BENCH)
    monkeypatch.delitem(sys.modules, "copycheck_gen", raising=False)
    return importlib.import_module("copycheck_gen")


def test_graded_stock_phrases_are_in_their_tiers_number_of_documents_and_in_every_query(gen):
    generator = gen.Generator(3, words=4000, phrases=300, stock="graded")
    archive = generator.archive(160, templates=10, officials=5)
    own = [d.text for d in archive if d.doc_class != "official"]
    for (documents, count, shortest, longest), (tier_documents, phrases) in zip(gen.STOCK_TIERS, generator.stock):
        assert tier_documents == documents and len(phrases) == count
        assert all(shortest <= len(p) <= longest for p in phrases)
        for phrase in phrases[:5]:
            holders = sum(phrase + "。" in text for text in own)
            assert holders >= min(documents, len(own))  # copiers may have taken it along
    queries = generator.queries(6, archive)
    for query in queries:
        for _, phrases in generator.stock:
            assert sum(p + "。" in query.text for p in phrases) >= gen.STOCK_PER_QUERY - 1  # edits rarely hit one


def test_without_stock_phrases_the_data_stay_those_of_the_earlier_measurements(gen):
    """The digest of a small archive and its queries as the generator made them before graded
    stock phrases existed (commit 1993232): the README's earlier figures stay comparable."""
    import hashlib

    generator = gen.Generator(5, words=4000, phrases=300)
    archive = generator.archive(30, templates=3, officials=2)
    texts = [d.text for d in archive] + [q.text for q in generator.queries(4, archive)]
    assert (
        hashlib.sha256("".join(texts).encode()).hexdigest()
        == "799a4a2432f85dbcccf3de10e519566da3828cb5dad4e1284db9b4a29f1de580"
    )
    assert generator.stock == []
