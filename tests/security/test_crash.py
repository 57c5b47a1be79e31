"""kill -9 in the middle of a burst of opinion submissions and of ledger imports: after a restart
the database passes `PRAGMA integrity_check`, every submission that was answered with success is
there, nothing half-written is, and each ledger import is all or nothing."""

import io
import sqlite3
import threading
import time

import openpyxl
import pytest
from live_server import CLERK_PASSWORD, Browser, Server, prepare

from duizhao.cycle.ledger import HEADER_ROW, ledger_settings

TASKS = 150
OPINION_THREADS = 8
BURST_SECONDS = 1.0  # after every workload has had a success answer


def round_workbook(export: bytes, round_number: int) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(export))
    sheet = workbook.active
    header = next(c["header"] for c in ledger_settings()["columns"] if c["field"] == "progress")
    column = next(c.column for c in sheet[HEADER_ROW] if c.value == header)
    for row in range(HEADER_ROW + 1, sheet.max_row + 1):
        if sheet.cell(row=row, column=2).value:
            sheet.cell(row=row, column=column, value=f"第{round_number}轮进展")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.slow
def test_kill_9_mid_burst_loses_no_answered_submission(tmp_path):
    data = tmp_path / "data"
    info = prepare(data, tasks=TASKS)
    server = Server(data, tmp_path / "logs", DUIZHAO_OPINION_RATE="0").start()
    attempted, succeeded, imported, tried_rounds = set(), set(), [], []
    versions_tried, versions_answered, material_failures = [], [], []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        clerk = Browser(server.port)
        clerk.login("clerk", CLERK_PASSWORD)
        status, export = clerk.request_bytes("GET", f"/meetings/{info['meeting']}/ledger/export.xlsx")
        assert status == 200
        workbooks = [round_workbook(export, k) for k in range(1, 40)]

        def opinions(worker: int):
            browser = Browser(server.port)
            try:
                browser.get(f"/yijian/{info['token']}/")
                for n in range(100000):
                    if stop.is_set():
                        return
                    text = f"崩溃测试意见：第{worker}组第{n}条，请改进工作作风"
                    with lock:
                        attempted.add(text)
                    status, body = browser.post(f"/yijian/{info['token']}/", {"text": text})
                    if status == 200 and "感谢" in body:
                        with lock:
                            succeeded.add(text)
            except OSError:
                return

        def ledger_imports():
            try:
                for k, workbook in enumerate(workbooks, start=1):
                    if stop.is_set():
                        return
                    tried_rounds.append(k)
                    status, body = clerk.post_file(
                        f"/meetings/{info['meeting']}/ledger/import/", "file", f"台账{k}.xlsx", workbook
                    )
                    if status == 200 and "导入失败" not in body:
                        imported.append(k)
            except OSError:
                return

        author = Browser(server.port)
        author.login("clerk", CLERK_PASSWORD)

        def material_imports():
            try:
                for k in range(1, 1000):
                    if stop.is_set():
                        return
                    text = f"某测试局领导班子对照检查材料\n一、存在的问题\n第{k}版：调研不深入，问题查摆不具体。\n"
                    versions_tried.append(text)
                    status, _ = author.post_file(
                        f"/materials/{info['material']}/import/", "file", f"材料{k}.txt", text.encode("utf-8")
                    )
                    page = author.get(f"/materials/{info['material']}/")[1] if status == 302 else ""
                    if "已导入" in page:
                        versions_answered.append(text)
                    else:
                        material_failures.append((status, page[:300]))
            except OSError:
                return

        threads = [threading.Thread(target=opinions, args=(w,)) for w in range(OPINION_THREADS)]
        threads.append(threading.Thread(target=ledger_imports))
        threads.append(threading.Thread(target=material_imports))
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60  # a busy machine: wait until every workload has been answered once
        while time.monotonic() < deadline and not (len(succeeded) > 20 and imported and versions_answered):
            time.sleep(0.1)
        time.sleep(BURST_SECONDS)
        server.kill9()  # SIGKILL, mid-burst
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.stop()
    assert len(succeeded) > 20 and imported and versions_answered, f"the burst was under way: {material_failures[:2]}"

    restarted = Server(data, tmp_path / "logs").start()
    try:
        assert Browser(restarted.port).get(f"/yijian/{info['token']}/")[0] == 200
    finally:
        restarted.stop()

    connection = sqlite3.connect(data / "duizhao.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [r[0] for r in connection.execute("SELECT text FROM workbench_opinion")]
        progress = {r[0] for r in connection.execute("SELECT progress FROM workbench_task")}
        versions = list(connection.execute("SELECT number, text FROM workbench_materialversion ORDER BY number"))
    finally:
        connection.close()
    assert succeeded <= set(stored), f"{len(succeeded - set(stored))} answered submissions lost"
    assert set(stored) <= attempted and len(stored) == len(set(stored)), "a half-written or doubled row"
    assert len(progress) == 1, f"a ledger import was applied in part: {progress}"
    (value,) = progress
    assert value in {f"第{k}轮进展" for k in tried_rounds}
    assert int(value[1:-3]) >= imported[-1]
    assert [n for n, _ in versions] == list(range(1, len(versions) + 1)), "version numbers with gaps or doubles"
    texts = [t.replace("\r\n", "\n").strip() for _, t in versions]
    assert all(text.strip() in texts for text in versions_answered), "an answered material import was lost"
    assert all(any(t == tried.strip() for tried in versions_tried) for t in texts), "a half-imported version"
    print(
        f"crash test: {len(versions)} material versions ({len(versions_answered)} answered); "
        f" {len(succeeded)} answered opinions of {len(attempted)} attempted, "
        f"{len(stored)} stored; {len(imported)} ledger imports answered, database at round {value}"
    )


@pytest.mark.slow
def test_kill_9_during_corpus_add_leaves_a_consistent_corpus(tmp_path):
    """Each `corpus add` is one generation: after SIGKILL at any moment the corpus opens, lists,
    checks, and holds each batch wholly or not at all."""
    import json
    import os
    import random
    import signal
    import subprocess

    from live_server import DUIZHAO, clean_env

    import needed

    samples = sorted(needed.samples().glob("**/*.txt"))
    assert len(samples) >= 12
    batches = []
    for b in range(6):
        folder = tmp_path / f"batch{b}"
        folder.mkdir()
        files = []
        for i, sample in enumerate(samples[b * 2 : b * 2 + 6]):
            path = folder / f"b{b}-{i}.txt"
            path.write_text(sample.read_text(encoding="utf-8") * 3, encoding="utf-8")
            files.append(path)
        batches.append(files)
    corpus = tmp_path / "corpus"
    started = time.monotonic()
    first = subprocess.run(
        [DUIZHAO, "corpus", "add", "--corpus", str(corpus), *map(str, batches[0])],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    duration = time.monotonic() - started  # kills land anywhere from start-up to the last write
    rng = random.Random(7)
    killed = 0
    for files in batches[1:]:
        process = subprocess.Popen(
            [DUIZHAO, "corpus", "add", "--corpus", str(corpus), *map(str, files)],
            env=clean_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            process.wait(timeout=rng.uniform(0.6, 1.4) * duration)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            killed += 1
    listed = subprocess.run(
        [DUIZHAO, "corpus", "list", "--corpus", str(corpus), "--json"],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr
    names = {d["name"] for d in json.loads(listed.stdout)}
    for files in batches:
        present = {f.name for f in files} & names
        assert present in (set(), {f.name for f in files}), f"batch half-added: {sorted(present)}"
    fresh = []
    for path in batches[0]:
        copy = tmp_path / f"fresh-{path.name}"
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
        fresh.append(copy)
    final = subprocess.run(
        [DUIZHAO, "corpus", "add", "--corpus", str(corpus), *map(str, fresh)],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert final.returncode == 0, final.stderr
    check = subprocess.run(
        [DUIZHAO, "check", str(batches[1][0]), "--corpus", str(corpus)],
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode in (0, 1), check.stderr
    assert killed, "no add was interrupted"
    print(
        f"corpus crash test: {killed} of {len(batches) - 1} adds killed; {len(names)} documents consistent; "
        "a later add works"
    )


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite settings")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] in (
            1,
            2,
        )  # NORMAL survives a killed process; only power loss may drop the last commits
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
