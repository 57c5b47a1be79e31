"""Batch review work counted in machine instructions (not a test): on a machine shared with other
work the CPU seconds of bench/review_batch.py vary by a third from run to run, the number of
instructions does not. Runs the same loop as review_batch.py on N generated materials after
everything is loaded (imports, jieba's dictionary, the first material), under valgrind:

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python bench/review_count.py 20 [--cold]
    (the same with 0) -> instructions a material = (I refs with 20 - I refs with 0) / 20

--cold forgets jieba's cached clauses before each material, as bench/review_batch.py --cold."""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from review_batch import material

TOTAL = 51  # materials written; the first is reviewed before counting starts, N ≤ 50 are counted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("materials", type=int)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--cold", action="store_true")
    args = parser.parse_args(argv)
    import openpyxl  # noqa: F401  (loaded once per process, as jieba below)

    from duizhao.cli.review_batch import _row, gather
    from duizhao.review import events
    from duizhao.review.batch import worst_first, write_xlsx

    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(TOTAL):  # as many whatever N is: only the review differs
            Path(folder, f"{number:04d}.txt").write_text(material(rng, number, args.chars), encoding="utf-8")
        files = gather([folder])
        events.tag("预热")
        _row(*files[0], None, None)
        rows = []
        for name, path in files[1 : 1 + args.materials]:
            if args.cold:
                events._tag_block.cache_clear()
            rows.append(_row(name, path, None, None))
        write_xlsx(worst_first(rows), Path(folder, "汇总.xlsx"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
