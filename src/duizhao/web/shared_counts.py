"""Throttle counters shared by the forked workers of `duizhao serve --workers N`.

Django's default cache lives in each process, so with two workers a client would get five login
attempts from each. This table lives in anonymous shared memory created by the parent before it
forks: every worker counts in the same cells, and nothing is written to disk. A cell holds a
64-bit hash of the (already HMAC-ed) throttle key, an expiry and a count. The table has a fixed
size; when the few cells a key may use are all live, the one expiring first is reused, so a flood
of distinct clients can only make counts start over early, never grow memory.
"""

from __future__ import annotations

import hashlib
import mmap
import multiprocessing
import time
from collections.abc import Callable
from contextlib import contextmanager

CELL = 3  # key hash, expiry (ms, monotonic clock), count
PROBES = 8
LOCK_WAIT = 0.5  # seconds


class SharedCounters:
    def __init__(self, slots: int = 1 << 16, *, clock: Callable[[], float] = time.monotonic):
        """`clock`: seconds on a clock that never goes back (tests pass one they move by hand)."""
        self.slots = slots
        self._clock = clock
        self._memory = mmap.mmap(-1, slots * CELL * 8)  # MAP_SHARED | MAP_ANONYMOUS: kept across fork
        self._cells = memoryview(self._memory).cast("Q")
        self._lock = multiprocessing.get_context("fork").Lock()

    @contextmanager
    def _locked(self):
        """The table's lock, waited for at most LOCK_WAIT seconds: a worker killed while holding
        it (the lock is held for microseconds, but OOM kills happen) must not stop every login
        and form on the server; counting without it then only risks a miscount."""
        acquired = self._lock.acquire(timeout=LOCK_WAIT)
        try:
            yield
        finally:
            if acquired:
                self._lock.release()

    @staticmethod
    def _ident(key: str) -> int:
        return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little") | 1

    def _probes(self, ident: int):
        start = ident % self.slots
        return [((start + i) % self.slots) * CELL for i in range(PROBES)]

    def _find(self, ident: int, now: int) -> int | None:
        for at in self._probes(ident):
            if self._cells[at] == ident and self._cells[at + 1] > now:
                return at
        return None

    def hit(self, key: str, window: int) -> int:
        """Count one event in a fixed window of `window` seconds; returns the count so far."""
        ident, now = self._ident(key), self._now_ms()
        with self._locked():
            at = self._find(ident, now)
            if at is not None:
                self._cells[at + 2] += 1
                return self._cells[at + 2]
            probes = self._probes(ident)
            free = [p for p in probes if self._cells[p + 1] <= now]
            at = free[0] if free else min(probes, key=lambda p: self._cells[p + 1])
            self._cells[at], self._cells[at + 1], self._cells[at + 2] = ident, now + window * 1000, 1
            return 1

    def count(self, key: str) -> int:
        with self._locked():
            at = self._find(self._ident(key), self._now_ms())
            return 0 if at is None else self._cells[at + 2]

    def delete(self, key: str) -> None:
        with self._locked():
            at = self._find(self._ident(key), self._now_ms())
            if at is not None:
                self._cells[at + 1] = 0

    def _now_ms(self) -> int:
        return int(self._clock() * 1000) + 1  # never 0: an expiry of 0 marks a free cell
