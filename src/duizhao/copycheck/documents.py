"""The metadata of an archive's documents, stored per segment as columns.

A segment's meta.json holds one list per field ({"name": [...], "year": [...], ...}) rather
than one object per document: a million documents open in about a third of the time (JSON
lists of strings parse faster than objects), and a DocumentInfo is built only when asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields


@dataclass
class DocumentInfo:
    name: str
    unit: str | None = None
    author: str | None = None
    year: int | None = None
    kind: str | None = None
    doc_class: str = "own"
    chars: int = 0


FIELDS = tuple(f.name for f in fields(DocumentInfo))


def to_columns(infos: Iterable[DocumentInfo | dict]) -> dict[str, list]:
    rows = [asdict(info if isinstance(info, DocumentInfo) else DocumentInfo(**info)) for info in infos]
    return {name: [row[name] for row in rows] for name in FIELDS}


class DocumentTable(Sequence):
    """A segment's documents (local index -> DocumentInfo) over the stored columns."""

    def __init__(self, columns: dict[str, list]):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns["name"])

    def __getitem__(self, local):
        if isinstance(local, slice):
            return [self[i] for i in range(*local.indices(len(self)))]
        local = int(local)
        if not -len(self) <= local < len(self):
            raise IndexError(local)
        return DocumentInfo(**{name: self.columns[name][local] for name in FIELDS})

    @property
    def names(self) -> list[str]:
        return self.columns["name"]

    def rows(self, locals_: Iterable[int]) -> list[dict]:
        return [{name: self.columns[name][i] for name in FIELDS} for i in locals_]
