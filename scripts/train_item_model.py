"""Train the item classifier's n-gram model (parse/items.py) on our own labelled items and write
src/duizhao/data/parse/item_model.json.

    .venv/bin/python scripts/train_item_model.py

Training items, all written for this project (the held-out set and ../shared/samples are never used):
- the hardening materials (tests/core/parse/fixtures/hardening) and data/examples: each item in a
  part named by its heading takes that part's role; carryover paragraphs are achievements, the
  preamble's paragraphs are "other";
- the tuning set of written materials (tests/core/parse/written/tuning), from its gold marks;
- tests/core/parse/labels/train_extra.toml: achievements and other sentences written for it.
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "core" / "parse" / "written"))
MODEL = ROOT / "src" / "duizhao" / "data" / "parse" / "item_model.json"
MIN_COUNT = 2  # bigrams seen fewer times are left out (smaller file, less noise)


def structured_items() -> list[tuple[str, str]]:
    from duizhao.parse import parse_material
    from duizhao.parse.items import ROLE_OF_KIND

    paths = sorted((ROOT / "tests/core/parse/fixtures/hardening").iterdir()) + sorted(
        (ROOT / "src/duizhao/data/examples").glob("*.txt")
    )
    found = []
    for path in paths:
        material = parse_material(path)
        for item in material.items:
            if item.prior in ("problems", "causes", "measures"):
                found.append((ROLE_OF_KIND[item.prior], item.text))
        for section in material.sections:
            if section.kind in ("carryover", "preamble"):
                role = "achievement" if section.kind == "carryover" else "other"
                body = material.text[section.start : section.end].split("\n")[1 if section.kind == "carryover" else 0 :]
                found += [(role, line) for line in body if len(line) >= 12]
    return found


def written_items() -> list[tuple[str, str]]:
    from written import _MARK, ROLES, written_files

    from duizhao.parse import simplified_view

    found = []
    for path in written_files("tuning"):
        marked = path.read_text(encoding="utf-8")
        marks = list(_MARK.finditer(marked))
        for n, mark in enumerate(marks):
            stop = marks[n + 1].start() if n + 1 < len(marks) else len(marked)
            line_end = marked.find("\n", mark.end())
            stop = min(stop, line_end if line_end >= 0 else stop)
            # the classifier reads the simplified view (t14 is written in traditional characters)
            found.append((ROLES[mark.group(1)], simplified_view(marked[mark.end() : stop])))
    return found


def extra_items() -> list[tuple[str, str]]:
    data = tomllib.loads((ROOT / "tests/core/parse/labels/train_extra.toml").read_text(encoding="utf-8"))
    return [(role, text) for role, texts in data.items() for text in texts]


def main() -> int:
    if not MODEL.exists():  # the parser needs a model to run; start from an empty one
        MODEL.write_text(
            json.dumps(
                {
                    "roles": ["problem", "cause", "measure", "achievement", "other"],
                    "grams": [],
                    "log_likelihood": [],
                    "unknown": [0, 0, 0, 0, 0],
                }
            )
        )
    from duizhao.parse.items import item_model, item_words, log_likelihoods

    model = item_model()
    examples = structured_items() + written_items() + extra_items()
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(model.roles))
    per_role = defaultdict(int)
    for role, text in examples:
        head, tail = item_words(text, model)
        words = head + "|" + tail
        r = model.roles.index(role)
        per_role[role] += 1
        for i in range(len(words) - 1):
            counts[words[i : i + 2]][r] += 1
    kept = {gram: row for gram, row in counts.items() if sum(row) >= MIN_COUNT}
    MODEL.write_text(
        json.dumps(log_likelihoods(kept, model.roles), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    print(f"训练条目 {len(examples)}：" + "，".join(f"{role} {n}" for role, n in sorted(per_role.items())))
    print(f"二元组 {len(kept)} 个 → {MODEL.relative_to(ROOT)}（{MODEL.stat().st_size // 1024} KB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
