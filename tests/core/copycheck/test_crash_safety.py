"""Adding is crash-safe: kill a writer with SIGKILL at random points, reopen, and find the
archive as it was or with the document fully in."""

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from duizhao.copycheck import Corpus, check_copies

WRITER = textwrap.dedent(
    """
    import random, sys
    from duizhao.copycheck import Corpus

    def text(i):
        rng = random.Random(i)
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(1500))

    corpus = Corpus(sys.argv[1])
    start = len(corpus)
    print("ready", flush=True)
    for i in range(start, start + 1000):
        corpus.add(text(i), name=f"d{i:04d}.txt", year=2020 + i % 5)
    """
)


def _text(i: int) -> str:
    rng = random.Random(i)
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(1500))


def _killed_writers(tmp_path, source: str, rounds: int, seed: int, delay: tuple[float, float]):
    """Start the writer script `rounds` times, SIGKILL it after a random delay, and yield the
    archive as a new reader finds it after each kill."""
    folder = tmp_path / "corpus"
    script = tmp_path / "writer.py"
    script.write_text(source, encoding="utf-8")
    rng = random.Random(seed)
    for _ in range(rounds):
        child = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(*delay))
        child.send_signal(signal.SIGKILL)
        child.wait()
        yield Corpus(folder)


def _consistent_archives(tmp_path, source: str, rounds: int, seed: int, delay: tuple[float, float]):
    """After each kill: the archive holds d0000 … d<count-1> and nothing else (each add fully in
    or not at all), and never fewer than before. Yields (archive, count)."""
    previous = 0
    for corpus in _killed_writers(tmp_path, source, rounds, seed, delay):
        names = sorted(d.name for d in corpus.list())
        count = len(names)
        assert names == [f"d{i:04d}.txt" for i in range(count)]
        assert count >= previous
        yield corpus, count
        previous = count


def _the_next_write_clears_what_the_killed_writers_left(folder, count: int) -> None:
    Corpus(folder).add(_text(9999), name="after.txt")
    leftovers = [p.name for p in (folder / "segments").iterdir() if p.name.startswith(".tmp")]
    assert leftovers == [] and not list(folder.glob(".manifest-*.tmp"))
    assert len(Corpus(folder)) == count + 1


@pytest.mark.slow
def test_sigkill_during_add_leaves_a_consistent_archive(tmp_path):
    count = 0
    for corpus, count in _consistent_archives(tmp_path, WRITER, rounds=10, seed=20241, delay=(0.0, 0.4)):
        for i in range(count):
            assert corpus.text(f"d{i:04d}.txt") == _text(i)
        if count:
            last = f"d{count - 1:04d}.txt"
            report = check_copies(_text(count - 1), corpus)
            assert report.max_single_source == last and report.copy_ratio > 0.99
    assert count > 0
    _the_next_write_clears_what_the_killed_writers_left(tmp_path / "corpus", count)


PARALLEL_WRITER = textwrap.dedent(
    """
    import dataclasses, random, sys
    from duizhao.copycheck import Corpus
    from duizhao.copycheck.settings import load_settings

    def text(i):
        rng = random.Random(i)
        return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(1500))

    corpus = Corpus(sys.argv[1], dataclasses.replace(load_settings(), segment_docs=20, max_segments=1000))
    start = len(corpus)
    print("ready", flush=True)
    for first in range(start, start + 2000, 100):
        corpus.add_many(({"item": text(i), "name": f"d{i:04d}.txt"} for i in range(first, first + 100)), workers=2)
    """
)


@pytest.mark.slow
def test_sigkill_during_a_parallel_bulk_add_leaves_a_consistent_archive(tmp_path):
    """A bulk add with several builder processes is one commit: killed, it is all in or not at all."""
    count = 0
    for corpus, count in _consistent_archives(tmp_path, PARALLEL_WRITER, rounds=6, seed=20242, delay=(0.2, 1.5)):
        assert count % 100 == 0
        for i in range(0, count, 37):
            assert corpus.text(f"d{i:04d}.txt") == _text(i)
    assert count > 0
    _the_next_write_clears_what_the_killed_writers_left(tmp_path / "corpus", count)


ORPHAN = textwrap.dedent(
    """
    import multiprocessing, os, time
    from duizhao.copycheck.segment_writer import _die_with_parent

    def builder(parent):
        _die_with_parent(parent)
        time.sleep(60)

    process = multiprocessing.get_context("fork").Process(target=builder, args=(os.getpid(),), daemon=True)
    process.start()
    time.sleep(0.3)
    print(process.pid, flush=True)
    time.sleep(60)
    """
)


@pytest.mark.slow
def test_a_segment_builder_dies_with_its_killed_parent(tmp_path):
    """Builders must not write on after the add that started them was killed."""
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN, encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    builder = int(parent.stdout.readline())
    assert Path(f"/proc/{builder}").exists()
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.time() + 5
    while Path(f"/proc/{builder}").exists() and time.time() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{builder}").exists()
