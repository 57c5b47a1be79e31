"""Document metadata stored as columns reads back as the DocumentInfo it was written from."""
import pytest

from duizhao.copycheck.documents import DocumentInfo, DocumentTable, to_columns


def test_columns_round_trip_with_indexing_like_a_list():
    infos = [DocumentInfo(name="a.txt", unit="某局", year=2023, chars=10),
             DocumentInfo(name="b.docx", author="赵明", kind="personal", doc_class="template"),
             {"name": "c.txt", "doc_class": "official", "chars": 5}, {"name": "d.txt"}]
    table = DocumentTable(to_columns(infos))
    assert len(table) == 4 and table.names == ["a.txt", "b.docx", "c.txt", "d.txt"]
    assert table[0] == infos[0] and table[1] == infos[1]
    assert table[2] == DocumentInfo(name="c.txt", doc_class="official", chars=5)
    assert table[-1] == DocumentInfo(name="d.txt")  # the defaults filled in
    assert table[2:] == [table[2], table[3]] and list(table) == [table[i] for i in range(4)]
    assert table.rows([2]) == [{"name": "c.txt", "unit": None, "author": None, "year": None, "kind": None,
                                "doc_class": "official", "chars": 5}]
    with pytest.raises(IndexError):
        table[4]
    assert len(DocumentTable(to_columns([]))) == 0
