"""Document metadata stored as columns reads back as the DocumentInfo it was written from."""

import pytest

from duizhao.copycheck.documents import DocumentInfo, DocumentTable, to_columns


def test_columns_round_trip_with_indexing_like_a_list():
    infos = [
        DocumentInfo(name="a.txt", unit="某局", year=2023, chars=10),
        DocumentInfo(name="b.docx", author="赵明", kind="personal", doc_class="template"),
        {"name": "c.txt", "doc_class": "official", "chars": 5},
        {"name": "d.txt"},
    ]
    table = DocumentTable(to_columns(infos))
    assert len(table) == 4 and table.names == ["a.txt", "b.docx", "c.txt", "d.txt"]
    assert table[0] == infos[0] and table[1] == infos[1]
    assert table[2] == DocumentInfo(name="c.txt", doc_class="official", chars=5)
    assert table[-1] == DocumentInfo(name="d.txt")  # the defaults filled in
    assert table[2:] == [table[2], table[3]] and list(table) == [table[i] for i in range(4)]
    assert table.rows([2]) == [
        {"name": "c.txt", "unit": None, "author": None, "year": None, "kind": None, "doc_class": "official", "chars": 5}
    ]
    with pytest.raises(IndexError):
        table[4]
    assert len(DocumentTable(to_columns([]))) == 0


def test_membership_without_the_name_index_sees_removals_and_re_adds(tmp_path):
    from duizhao.copycheck import Corpus

    corpus = Corpus(tmp_path / "corpus")
    corpus.add("第一份文档的正文，足够长的一段文字用来建立索引。" * 3, name="a.txt")
    corpus.add("第二份文档的正文，另一段足够长的文字用来建立索引。" * 3, name="b.txt")
    corpus.remove("a.txt")
    fresh = Corpus(tmp_path / "corpus")
    assert "b.txt" in fresh and "a.txt" not in fresh and "c.txt" not in fresh
    fresh.add("再次加入的同名文档，正文与先前的不同，也足够长。" * 3, name="a.txt")
    again = Corpus(tmp_path / "corpus")
    assert "a.txt" in again  # the removed copy is met first, the live one after it
    assert again._names is None
    assert sorted(again._by_name) == ["a.txt", "b.txt"]
