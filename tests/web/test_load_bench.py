"""bench/load_opinions.py: the open-loop pacing, the percentile, the raw HTTP/1.1 client's parsing,
and one tiny real run against `duizhao serve` (counts only: speed is measured by the bench itself)."""

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load_opinions.py"


def test_schedule_offers_the_rate_evenly_spread(load_bench):
    bench = load_bench("load_opinions")
    clients, rate, seconds = 200, 300.0, 60.0
    plans = [bench.schedule(i, rate, clients, 100.0, 100.0 + seconds) for i in range(clients)]
    every = sorted(t for plan in plans for t in plan)
    assert len(every) == int(rate * seconds)
    gaps = [b - a for a, b in zip(every, every[1:])]
    assert min(gaps) == pytest.approx(1 / rate) and max(gaps) == pytest.approx(1 / rate)
    for plan in plans:  # each client thinks clients/rate seconds between two submissions
        assert all(b - a == pytest.approx(clients / rate) for a, b in zip(plan, plan[1:]))
        assert all(100.0 <= t < 100.0 + seconds for t in plan)
    with pytest.raises(ValueError):
        bench.schedule(0, 0, clients, 0, 1)


def test_percentile_is_nearest_rank_on_sorted_values(load_bench):
    bench = load_bench("load_opinions")
    values = [float(v) for v in range(100, 0, -1)]
    assert bench.percentile(values, 0.5) == 51.0  # rank round(0.5 * 99) = 50 of 0..99
    assert bench.percentile(values, 0.99) == 99.0
    assert bench.percentile(values, 1.0) == 100.0
    assert bench.percentile([], 0.5) != bench.percentile([], 0.5)  # nan


def test_answer_head_and_chunked_body_are_parsed(load_bench):
    bench = load_bench("load_opinions")
    status, headers = bench.parse_head(
        b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\nSet-Cookie: csrftoken=abc123; Path=/; SameSite=Lax\r\n"
        b"Connection: keep-alive\r\n\r\n"
    )
    assert status == 200 and headers["content-length"] == "12" and headers["set-cookie:csrftoken"] == "abc123"

    async def chunked():
        reader = asyncio.StreamReader()
        reader.feed_data(b"5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n")
        reader.feed_eof()
        return await bench.read_chunked(reader)

    assert asyncio.run(chunked()) == b"hello world"


@pytest.mark.slow
def test_a_tiny_paced_run_stores_exactly_the_success_answers(tmp_path):
    out = tmp_path / "load.json"
    subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--db",
            "sqlite",
            "--clients",
            "4",
            "--seconds",
            "2",
            "--rate",
            "6",
            "--json",
            str(out),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    [result] = json.loads(out.read_text(encoding="utf-8"))
    assert result["clients_started"] == 4
    assert result["submissions_ok"] == 12 and result["errors"] == 0  # 6 per second for 2 seconds
    assert result["stored"] == 12 and result["stored_equals_ok"]
    assert result["clerk_errors"] == []
