"""The mutation score per module, read from mutmut's results (mutants/**/*.py.meta, written by
`mutmut run`): killed / (killed + survived + without tests) for every module that has results.
A timeout counts as killed (the mutant made the tests hang) and is also shown on its own: on a
busy machine some may be slowness, not detection. Mutants not yet checked, or skipped, are listed
but not counted. Run after `make mutate`."""

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

MUTANTS = Path(__file__).resolve().parent.parent / "mutants"
KILLED = {"killed", "timeout", "segfault", "caught by type check"}
NOT_KILLED = {"survived", "no tests", "suspicious"}
TARGET = 0.90


def counts_per_module() -> dict[str, Counter]:
    modules = {}
    for meta in sorted(MUTANTS.glob("src/**/*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        statuses = Counter(status_by_exit_code[code] for code in codes.values())
        if statuses and sum(statuses.values()) > statuses["not checked"]:
            modules[str(meta.relative_to(MUTANTS / "src")).removesuffix(".meta")] = statuses
    return modules


def main() -> int:
    modules = counts_per_module()
    if not modules:
        print("没有变异测试结果：先运行 make mutate", file=sys.stderr)
        return 1
    print(
        f"{'module':<42} {'score':>6} {'killed':>7} {'(timeout)':>9} {'survived':>9} {'no tests':>9} {'unchecked':>10}"
    )
    for module, statuses in modules.items():
        killed = sum(statuses[s] for s in KILLED)
        counted = killed + sum(statuses[s] for s in NOT_KILLED)
        score = killed / counted if counted else 0.0
        mark = "" if score >= TARGET else "  < 90%"
        print(
            f"{module:<42} {score:>6.1%} {killed:>7} {statuses['timeout']:>9} {statuses['survived'] + statuses['suspicious']:>9} "
            f"{statuses['no tests']:>9} {statuses['not checked'] + statuses['skipped']:>10}{mark}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
