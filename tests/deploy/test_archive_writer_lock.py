"""The 查重 archive is read by every app server and written by one writer at a time: a second
`duizhao corpus add` waits for the first, or after --wait seconds is refused in Chinese and adds
nothing."""

import json
import random
import subprocess
import sys
import time

from duizhao.cli import main

HOLD = r"""
import sys, time
from duizhao.copycheck import Corpus
with Corpus(sys.argv[1])._write_lock():
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _material(path, seed):
    rng = random.Random(seed)
    path.write_text(
        "".join("".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(26)) + "。\n" for _ in range(30)),
        encoding="utf-8",
    )
    return str(path)


def _hold(corpus, seconds):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(corpus), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def _names(corpus, capsys):
    capsys.readouterr()
    assert main(["corpus", "list", "--corpus", str(corpus), "--json"]) == 0
    return [d["name"] for d in json.loads(capsys.readouterr().out)]


def test_a_second_writer_is_refused_after_its_wait_and_adds_nothing(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    assert main(["corpus", "add", "--corpus", str(corpus), _material(tmp_path / "甲.txt", 1)]) == 0
    holder = _hold(corpus, 30)
    try:
        started = time.monotonic()
        code = main(["corpus", "add", "--corpus", str(corpus), "--wait", "0.5", _material(tmp_path / "乙.txt", 2)])
        waited = time.monotonic() - started
        error = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert code == 2 and "正由另一个程序写入" in error and "--wait" in error
    assert 0.4 < waited < 10
    assert _names(corpus, capsys) == ["甲.txt"]


def test_a_second_writer_waits_for_the_first_and_then_writes(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    assert main(["corpus", "add", "--corpus", str(corpus), _material(tmp_path / "甲.txt", 1)]) == 0
    holder = _hold(corpus, 1.5)
    try:
        code = main(["corpus", "add", "--corpus", str(corpus), "--wait", "30", _material(tmp_path / "乙.txt", 2)])
    finally:
        holder.wait(timeout=30)
    assert code == 0
    assert sorted(_names(corpus, capsys)) == sorted(["甲.txt", "乙.txt"])
