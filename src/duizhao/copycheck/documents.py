"""The metadata of an archive's documents, stored per segment as columns.

A segment's meta.json holds one list per field ({"name": [...], "year": [...], ...}) rather
than one object per document: a million documents open in about a third of the time (JSON
lists of strings parse faster than objects), and a DocumentInfo is built only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Required, TypedDict, overload


@dataclass
class DocumentInfo:
    name: str
    unit: str | None = None
    author: str | None = None
    year: int | None = None
    kind: str | None = None
    doc_class: str = "own"
    chars: int = 0


class DocumentRow(TypedDict, total=False):
    """A DocumentInfo as a dict (its fields; those left out take their defaults)."""

    name: Required[str]
    unit: str | None
    author: str | None
    year: int | None
    kind: str | None
    doc_class: str
    chars: int


class DocumentColumns(TypedDict):
    """A segment's documents as stored in its meta.json: one list per DocumentInfo field."""

    name: list[str]
    unit: list[str | None]
    author: list[str | None]
    year: list[int | None]
    kind: list[str | None]
    doc_class: list[str]
    chars: list[int]


def to_columns(infos: Iterable[DocumentInfo | DocumentRow]) -> DocumentColumns:
    rows = [info if isinstance(info, DocumentInfo) else DocumentInfo(**info) for info in infos]
    return DocumentColumns(
        name=[row.name for row in rows],
        unit=[row.unit for row in rows],
        author=[row.author for row in rows],
        year=[row.year for row in rows],
        kind=[row.kind for row in rows],
        doc_class=[row.doc_class for row in rows],
        chars=[row.chars for row in rows],
    )


class DocumentTable(Sequence[DocumentInfo]):
    """A segment's documents (local index -> DocumentInfo) over the stored columns."""

    def __init__(self, columns: DocumentColumns):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns["name"])

    @overload
    def __getitem__(self, local: int) -> DocumentInfo: ...

    @overload
    def __getitem__(self, local: slice) -> list[DocumentInfo]: ...

    def __getitem__(self, local: int | slice) -> DocumentInfo | list[DocumentInfo]:
        if isinstance(local, slice):
            return [self[i] for i in range(*local.indices(len(self)))]
        local = int(local)
        if not -len(self) <= local < len(self):
            raise IndexError(local)
        return DocumentInfo(**self.row(local))

    @property
    def names(self) -> list[str]:
        return self.columns["name"]

    def row(self, local: int) -> DocumentRow:
        columns = self.columns
        return DocumentRow(
            name=columns["name"][local],
            unit=columns["unit"][local],
            author=columns["author"][local],
            year=columns["year"][local],
            kind=columns["kind"][local],
            doc_class=columns["doc_class"][local],
            chars=columns["chars"][local],
        )

    def rows(self, locals_: Iterable[int]) -> list[DocumentRow]:
        return [self.row(i) for i in locals_]
