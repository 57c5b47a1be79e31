"""Load the written evaluation materials and the sample labels: text + gold items, and score a
parsed material against them (used by bench/parse_quality.py and the tests)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE.parent / "labels"
SAMPLES = HERE.parents[3] / ".." / "shared" / "samples"
_MARK = re.compile(r"⟦([PCM])(?: ([a-z_]+))?⟧")
ROLES = {"P": "problem", "C": "cause", "M": "measure"}
ANCHOR = 8  # characters after an item's start that find it again in the cleaned text
NEAR = 40  # a found item may start this many characters before the gold start (its heading)


@dataclass
class Gold:
    role: str
    aspect: str | None
    anchor: str


def load_written(path: Path) -> tuple[str, list[Gold]]:
    marked = path.read_text(encoding="utf-8")
    text, golds, last = [], [], 0
    for match in _MARK.finditer(marked):
        text.append(marked[last : match.start()])
        last = match.end()
        following = _MARK.sub("", marked[last : last + 40])
        golds.append(Gold(ROLES[match.group(1)], match.group(2), following[:ANCHOR]))
    text.append(marked[last:])
    return "".join(text), golds


def written_files(part: str) -> list[Path]:
    return sorted((HERE / part).glob("*.txt"))


def parse_written(path: Path, workdir: Path):
    """The material as the product reads it: .docx.txt files go through a real .docx."""
    from duizhao.parse import parse_material, parse_text

    text, golds = load_written(path)
    if path.name.endswith(".docx.txt"):
        import docx

        document = docx.Document()
        for line in text.split("\n"):
            document.add_paragraph(line)
        target = workdir / path.name.removesuffix(".txt")
        document.save(target)
        return parse_material(target), golds
    return parse_text(text, name=path.name), golds


def sample_labels() -> list[tuple[Path, list[Gold]]]:
    """Labels of ../shared/samples: offsets into each file's text (no sample text is stored)."""
    data = tomllib.loads((LABELS / "samples.toml").read_text(encoding="utf-8"))
    result = []
    for entry in data["file"]:
        path = SAMPLES / entry["name"]
        raw = path.read_text(encoding="utf-8")
        golds = [
            Gold(item["role"], item.get("aspect"), raw[item["at"] : item["at"] + ANCHOR]) for item in entry["items"]
        ]
        result.append((path.resolve(), golds))
    return result


@dataclass
class Score:
    found: dict  # role -> number of items the parser gave
    gold: dict  # role -> number of labelled items
    matched: dict  # role -> matched pairs
    aspects: list  # (gold aspect, found aspect) of matched problems with a labelled aspect

    def add(self, other: Score) -> Score:
        return Score(
            {k: self.found.get(k, 0) + other.found.get(k, 0) for k in set(self.found) | set(other.found)},
            {k: self.gold.get(k, 0) + other.gold.get(k, 0) for k in set(self.gold) | set(other.gold)},
            {k: self.matched.get(k, 0) + other.matched.get(k, 0) for k in set(self.matched) | set(other.matched)},
            self.aspects + other.aspects,
        )


def found_items(material) -> dict[str, list]:
    return {"problem": material.problems, "cause": material.causes, "measure": material.measures}


def score(material, golds: list[Gold]) -> Score:
    text = material.text
    found = found_items(material)
    used: set[int] = set()
    matched = {role: 0 for role in found}
    aspects = []
    cursor = 0
    for gold in golds:
        position = text.find(gold.anchor, cursor)
        if position < 0:
            position = text.find(gold.anchor)
        if position < 0:
            continue
        cursor = position + 1
        candidates = [
            item
            for item in found[gold.role]
            if id(item) not in used and position - NEAR <= item.start <= position + 12 and position < item.end
        ]
        if not candidates:
            continue
        best = min(candidates, key=lambda item: abs(item.start - position))
        used.add(id(best))
        matched[gold.role] += 1
        if gold.role == "problem" and gold.aspect:
            aspects.append((gold.aspect, best.aspect_id))
    return Score(
        {role: len(items) for role, items in found.items()},
        {role: sum(g.role == role for g in golds) for role in found},
        matched,
        aspects,
    )
