"""Shared settings and bookkeeping for the fuzz tests: bounded example counts and deadlines, and a
tally of how many cases really ran, written to test-artifacts/security/fuzz-counts.json (SECURITY.md
quotes it)."""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("DUIZHAO_FUZZ_EXAMPLES", "300"))
DEADLINE_MS = 5000  # one case may never take longer than this (the bound on work per input)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE_MS,
    derandomize=True,  # the same cases every run: a failure is reproducible, the suite never flakes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    database=None,
)

RAN: Counter = Counter()
COUNTS_FILE = Path(__file__).resolve().parents[2] / "test-artifacts" / "security" / "fuzz-counts.json"


def record(target: str) -> None:
    RAN[target] += 1


def write_counts() -> None:
    COUNTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    # pytest-xdist workers each write their tally at the end: one at a time, none lost
    with open(COUNTS_FILE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        old = json.loads(COUNTS_FILE.read_text()) if COUNTS_FILE.exists() else {}
        old.update(RAN)
        COUNTS_FILE.write_text(json.dumps(old, ensure_ascii=False, indent=1, sort_keys=True))
    for target, count in sorted(RAN.items()):
        print(f"fuzz: {target}: {count} cases")
