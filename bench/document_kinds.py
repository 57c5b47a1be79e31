"""Document-kind accuracy of `duizhao parse` (figures, not a test): JSON per data set and per kind.

    .venv/bin/python bench/document_kinds.py                # samples, kind texts (tuning), openings
    .venv/bin/python bench/document_kinds.py --held-out     # also the held-out kind texts (once, at the end)
    .venv/bin/python bench/document_kinds.py --set tuning   # one set (repeatable)

Data sets:
- `samples`: the files of ../shared/samples, labelled in tests/core/parse/labels/meta.toml;
- `tuning`: whole documents written for the kind detector, tests/core/parse/written/kinds/tuning/
  (labels in tests/core/parse/written/kinds/labels.toml); the detector is tuned on these;
- `heldout`: the same, kinds/heldout/, never tuned on, measured only with --held-out;
- `openings`: the short openings of tests/core/parse/labels/meta_texts.toml (not held out).

Per set: total, right, accuracy, per kind (label) right/total, the material/non-material decision
right/total, and the misses (file, label, found, the detector's reason)."""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARSE_TESTS = ROOT / "tests" / "core" / "parse"
KINDS = PARSE_TESTS / "written" / "kinds"
SAMPLES = ROOT.parent / "shared" / "samples"
SETS = ("samples", "tuning", "heldout", "openings")
sys.path.insert(0, str(ROOT / "src"))


def kind_labels() -> dict[str, str]:
    """Path under kinds/ ("tuning/k01_….txt") -> kind."""
    data = tomllib.loads((KINDS / "labels.toml").read_text("utf-8"))
    return {name: entry["kind"] for name, entry in data["file"].items()}


def rows(data_set: str) -> Iterator[tuple[str, str, str, str]]:
    """(name, label, found kind, reason) of every document of a set."""
    from duizhao.parse import parse_material, parse_text

    if data_set == "samples":
        labels = tomllib.loads((PARSE_TESTS / "labels" / "meta.toml").read_text("utf-8"))["samples"]
        for name, label in sorted(labels.items()):
            if (SAMPLES / name).is_file():
                material = parse_material(SAMPLES / name)
                yield name, label["kind"], material.document_kind, material.document_kind_reason
    elif data_set == "openings":
        texts = tomllib.loads((PARSE_TESTS / "labels" / "meta_texts.toml").read_text("utf-8"))["text"]
        for number, item in enumerate(texts, 1):
            if not item.get("held_out"):
                material = parse_text(item["text"])
                yield f"own#{number}", item["kind"], material.document_kind, material.document_kind_reason
    else:
        for name, kind in sorted(kind_labels().items()):
            if name.startswith(data_set + "/"):
                path = KINDS / name
                material = parse_text(path.read_text("utf-8"), name=path.name)
                yield name, kind, material.document_kind, material.document_kind_reason


def measure(data_set: str) -> dict:
    per_kind: dict[str, dict[str, int]] = {}
    total = right = decision = 0
    misses = []
    for name, label, found, reason in rows(data_set):
        total += 1
        cell = per_kind.setdefault(label, {"right": 0, "total": 0})
        cell["total"] += 1
        decision += (label == "material") == (found == "material")
        if found == label:
            right += 1
            cell["right"] += 1
        else:
            misses.append({"file": name, "label": label, "found": found, "reason": reason})
    return {
        "total": total,
        "right": right,
        "accuracy": round(right / total, 3) if total else None,
        "material_decision": {"right": decision, "total": total},
        "per_kind": dict(sorted(per_kind.items())),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=SETS, action="append", help="one data set (repeatable)")
    parser.add_argument("--held-out", action="store_true", help="add the held-out kind texts")
    args = parser.parse_args(argv)
    chosen = args.set or ["samples", "tuning", "openings", *(["heldout"] if args.held_out else [])]
    print(json.dumps({data_set: measure(data_set) for data_set in chosen}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
