"""Throttle counters in memory shared by forked processes (serve --workers N)."""

import multiprocessing
import os
import threading

from duizhao.web.shared_counts import PROBES, SharedCounters


def _hit_in_child(counters, key, times):
    for _ in range(times):
        counters.hit(key, 60)


def test_a_forked_process_counts_in_the_same_cells():
    counters = SharedCounters(slots=64)
    child = multiprocessing.get_context("fork").Process(target=_hit_in_child, args=(counters, "login:a", 3))
    child.start()
    child.join(timeout=30)
    assert child.exitcode == 0
    assert counters.count("login:a") == 3
    assert counters.hit("login:a", 60) == 4
    assert counters.count("login:b") == 0


class Clock:
    """A monotonic clock moved by hand."""

    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def test_counts_expire_with_their_window_and_can_be_forgotten():
    clock = Clock()
    counters = SharedCounters(slots=64, clock=clock)
    assert counters.hit("k", 1) == 1 and counters.hit("k", 1) == 2
    clock.now += 0.999
    assert counters.count("k") == 2  # still inside the 1-second window
    clock.now += 0.001
    assert counters.count("k") == 0
    assert counters.hit("k", 60) == 1
    counters.delete("k")
    assert counters.count("k") == 0


def test_a_full_table_reuses_the_cell_expiring_first_and_never_grows():
    counters = SharedCounters(slots=PROBES, clock=Clock())  # every key competes for the same cells
    for n in range(PROBES):
        counters.hit(f"client-{n}", 100 + n)
    size = len(counters._memory)
    assert counters.hit("newcomer", 60) == 1
    assert counters.count("client-0") == 0  # the earliest expiry made room
    assert all(counters.count(f"client-{n}") == 1 for n in range(1, PROBES))
    assert len(counters._memory) == size


def _die_holding_the_lock(counters):
    counters._lock.acquire()
    os._exit(1)  # killed while counting: the lock is never released


def test_a_worker_that_died_holding_the_lock_does_not_stop_the_others():
    counters = SharedCounters(slots=64)
    child = multiprocessing.get_context("fork").Process(target=_die_holding_the_lock, args=(counters,))
    child.start()
    child.join(timeout=30)
    counts = []
    worker = threading.Thread(target=lambda: counts.extend([counters.hit("login:a", 60), counters.hit("login:a", 60)]))
    worker.start()
    worker.join(timeout=60)  # a hang, not a speed, is what this catches: each wait is LOCK_WAIT
    assert not worker.is_alive() and counts == [1, 2]
