"""kill -9 in the middle of a burst of opinion submissions and of ledger imports: after a restart
the database passes `PRAGMA integrity_check`, every submission that was answered with success is
there, nothing half-written is, and each ledger import is all or nothing."""
import io
import sqlite3
import threading
import time

import openpyxl
import pytest

from duizhao.cycle.ledger import HEADER_ROW, ledger_settings
from live_server import CLERK_PASSWORD, Browser, Server, prepare

TASKS = 150
OPINION_THREADS = 12
BURST_SECONDS = 2.5


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
                    status, body = clerk.post_file(f"/meetings/{info['meeting']}/ledger/import/", "file",
                                                   f"台账{k}.xlsx", workbook)
                    if status == 200 and "导入失败" not in body:
                        imported.append(k)
            except OSError:
                return

        threads = [threading.Thread(target=opinions, args=(w,)) for w in range(OPINION_THREADS)]
        threads.append(threading.Thread(target=ledger_imports))
        for thread in threads:
            thread.start()
        time.sleep(BURST_SECONDS)
        server.kill9()  # SIGKILL, mid-burst
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        server.stop()
    assert len(succeeded) > 20 and imported, "the burst was under way when the server died"

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
    finally:
        connection.close()
    assert succeeded <= set(stored), f"{len(succeeded - set(stored))} answered submissions lost"
    assert set(stored) <= attempted and len(stored) == len(set(stored)), "a half-written or doubled row"
    assert len(progress) == 1, f"a ledger import was applied in part: {progress}"
    (value,) = progress
    assert value in {f"第{k}轮进展" for k in tried_rounds}
    assert int(value[1:-3]) >= imported[-1]
    print(f"crash test: {len(succeeded)} answered opinions of {len(attempted)} attempted, "
          f"{len(stored)} stored; {len(imported)} ledger imports answered, database at round {value}")
