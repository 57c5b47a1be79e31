"""Adding is crash-safe: kill a writer with SIGKILL at random points, reopen, and find the
archive as it was or with the document fully in."""
import random
import signal
import subprocess
import sys
import textwrap
import time

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


@pytest.mark.slow
def test_sigkill_during_add_leaves_a_consistent_archive(tmp_path):
    folder = tmp_path / "corpus"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(20241)
    previous = 0
    for _ in range(10):
        child = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        corpus = Corpus(folder)
        names = sorted(d.name for d in corpus.list())
        count = len(names)
        assert names == [f"d{i:04d}.txt" for i in range(count)]  # each add fully in or not at all
        assert count >= previous
        for i in range(count):
            assert corpus.text(f"d{i:04d}.txt") == _text(i)
        if count:
            last = f"d{count - 1:04d}.txt"
            report = check_copies(_text(count - 1), corpus)
            assert report.max_single_source == last and report.copy_ratio > 0.99
        previous = count
    assert previous > 0
    # the next write clears what the killed writers left behind
    Corpus(folder).add(_text(9999), name="after.txt")
    leftovers = [p.name for p in (folder / "segments").iterdir() if p.name.startswith(".tmp")]
    assert leftovers == [] and not list(folder.glob(".manifest-*.tmp"))
    assert len(Corpus(folder)) == previous + 1
