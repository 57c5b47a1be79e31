"""`duizhao backup` / `duizhao restore`: a restored instance is identical to the original (every
table's rows, every file's hash); hostile or damaged archives are refused and nothing is lost."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from pathlib import Path

import pytest

DUIZHAO = str(Path(sys.executable).with_name("duizhao"))

PREPARE = r"""
import os, sys
from pathlib import Path
os.environ["DUIZHAO_DATA_DIR"] = sys.argv[1]
os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
import django
django.setup()
from django.core.files.base import ContentFile
from duizhao.web.boot import migrate_if_needed, ensure_admin
from duizhao.web.workbench.demo import load_demo
from duizhao.web.workbench import models as m
migrate_if_needed(open(os.devnull, "w"))
ensure_admin(open(os.devnull, "w"))
load_demo()
task = m.Task.objects.first()
for n in range(3):
    e = m.Evidence(task=task, name=f"佐证{n}.txt")
    e.file.save("x", ContentFile(("佐证材料内容 %d " % n).encode() * 100), save=True)
print(m.Opinion.objects.count(), m.Task.objects.count())
"""


def wait_until(condition, timeout: float = 120) -> None:
    """Wait for something that happens, not for a number of seconds (a busy machine is slow)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def clean_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUIZHAO_", "DJANGO_"))}
    env.update(extra)
    return env


def prepare(data: Path, **env) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PREPARE, str(data)], env=clean_env(**env), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]


def duizhao(*args, **env):
    return subprocess.run([DUIZHAO, *map(str, args)], env=clean_env(**env), capture_output=True, text=True, timeout=300)


def sqlite_tables(path: Path) -> dict[str, list]:
    connection = sqlite3.connect(path)
    try:
        names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names}
    finally:
        connection.close()


def file_hashes(data: Path) -> dict[str, str]:
    skip = ("duizhao.sqlite3", "static/", ".replaced-")
    return {
        str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in data.rglob("*")
        if p.is_file() and not str(p.relative_to(data)).startswith(skip)
    }


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    data = tmp_path_factory.mktemp("original")
    prepare(data)
    archive = tmp_path_factory.mktemp("archive") / "备份.tar.gz"
    result = duizhao("backup", "--data", data, "-o", archive)
    assert result.returncode == 0, result.stderr
    assert "已备份" in result.stdout
    return data, archive


def test_restore_gives_an_identical_instance(original, tmp_path):
    data, archive = original
    restored = tmp_path / "restored"
    result = duizhao("restore", "--data", restored, archive)
    assert result.returncode == 0, result.stderr
    before, after = sqlite_tables(data / "duizhao.sqlite3"), sqlite_tables(restored / "duizhao.sqlite3")
    assert before.keys() == after.keys() and len(before) > 20
    assert before["workbench_opinion"], "the demo has opinions"
    for table in before:
        assert before[table] == after[table], table
    assert file_hashes(data) == file_hashes(restored)
    assert any(name.startswith("files/evidence/") for name in file_hashes(restored))
    assert (restored / "secret_key").read_text() == (data / "secret_key").read_text()


def test_restore_over_existing_data_keeps_the_old_data_aside(original, tmp_path):
    data, archive = original
    target = tmp_path / "target"
    shutil.copytree(data, target)
    (target / "files" / "evidence" / "extra.txt").write_text("只在恢复前存在")
    old_db = hashlib.sha256((target / "duizhao.sqlite3").read_bytes()).hexdigest()
    result = duizhao("restore", "--data", target, archive)
    assert result.returncode == 0, result.stderr
    aside = [p for p in target.iterdir() if p.name.startswith(".replaced-")]
    assert len(aside) == 1 and hashlib.sha256((aside[0] / "duizhao.sqlite3").read_bytes()).hexdigest() == old_db
    assert (aside[0] / "files" / "evidence" / "extra.txt").exists()
    assert not (target / "files" / "evidence" / "extra.txt").exists()
    assert sqlite_tables(target / "duizhao.sqlite3") == sqlite_tables(data / "duizhao.sqlite3")


def test_archive_is_private_and_its_manifest_lists_hashes(original):
    _, archive = original
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["engine"] == "sqlite" and "database/duizhao.sqlite3" in names
    assert all(f"data/{name}" in names for name in manifest["files"])


def _rewrite(archive: Path, out: Path, change) -> Path:
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read() if member.isfile() else b""
            member, data = change(member, data)
            if member is not None:
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
    return out


@pytest.mark.parametrize("damage", ["traversal", "flipped", "missing", "garbage", "symlink"])
def test_damaged_or_hostile_archives_are_refused_and_nothing_changes(original, tmp_path, damage):
    data, archive = original
    target = tmp_path / "target"
    shutil.copytree(data, target)
    before = (sqlite_tables(target / "duizhao.sqlite3"), file_hashes(target))
    bad = tmp_path / "bad.tar.gz"
    if damage == "garbage":
        bad.write_bytes(os.urandom(5000))
    elif damage == "traversal":

        def change(member, payload):
            if member.name.startswith("data/files/"):
                member.name = "../../escaped.txt"
            return member, payload

        _rewrite(archive, bad, change)
    elif damage == "flipped":

        def change(member, payload):
            if member.name == "database/duizhao.sqlite3":
                payload = payload[:5000] + bytes([payload[5000] ^ 0xFF]) + payload[5001:]
            return member, payload

        _rewrite(archive, bad, change)
    elif damage == "missing":
        _rewrite(archive, bad, lambda m, p: (None, p) if m.name.startswith("data/files/") else (m, p))
    elif damage == "symlink":

        def change(member, payload):
            if member.name == "data/secret_key":
                member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
                payload = b""
            return member, payload

        _rewrite(archive, bad, change)
    result = duizhao("restore", "--data", target, bad)
    assert result.returncode == 2 and "错误" in result.stderr
    assert not (tmp_path / "escaped.txt").exists() and not (target.parent / "escaped.txt").exists()
    assert (sqlite_tables(target / "duizhao.sqlite3"), file_hashes(target)) == before
    assert not any(p.name.startswith((".replaced-", ".restore-staging")) for p in target.iterdir())


@pytest.mark.postgres
def test_postgresql_backup_and_restore(tmp_path):
    psycopg = pytest.importorskip("psycopg")
    base = "postgresql://postgres@127.0.0.1:5432"
    try:
        admin = psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL is not running at 127.0.0.1:5432")
    names = [f"duizhao_bk_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        for name in names:
            admin.execute(f'CREATE DATABASE "{name}"')
        first, second = tmp_path / "first", tmp_path / "second"
        prepare(first, DUIZHAO_DATABASE_URL=f"{base}/{names[0]}")
        archive = tmp_path / "pg.tar.gz"
        result = duizhao("backup", "--data", first, "-o", archive, DUIZHAO_DATABASE_URL=f"{base}/{names[0]}")
        assert result.returncode == 0, result.stderr
        result = duizhao("restore", "--data", second, archive, DUIZHAO_DATABASE_URL=f"{base}/{names[1]}")
        assert result.returncode == 0, result.stderr
        tables = []
        for name in names:
            with psycopg.connect(f"{base}/{name}") as connection:
                table_names = [
                    r[0]
                    for r in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'django_migrations'"
                    )
                ]
                tables.append({t: sorted(map(repr, connection.execute(f'SELECT * FROM "{t}"'))) for t in table_names})
        assert tables[0].keys() == tables[1].keys()
        for table in tables[0]:
            assert tables[0][table] == tables[1][table], table
        assert file_hashes(first) == file_hashes(second)
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.slow
def test_backup_while_the_server_takes_submissions_is_consistent(tmp_path):
    import threading

    from live_server import Browser, Server
    from live_server import prepare as prepare_live

    data = tmp_path / "data"
    token = prepare_live(data)["token"]
    server = Server(data, tmp_path / "logs", DUIZHAO_OPINION_RATE="0").start()
    answered, stop = [], threading.Event()

    def submit():
        browser = Browser(server.port)
        browser.get(f"/yijian/{token}/")
        n = 0
        while not stop.is_set():
            text = f"备份期间的意见第{n}条，请改进作风"
            status, body = browser.post(f"/yijian/{token}/", {"text": text})
            if status == 200 and "感谢" in body:
                answered.append((time.monotonic(), text))
            n += 1

    threads = [threading.Thread(target=submit) for _ in range(4)]
    try:
        for thread in threads:
            thread.start()
        wait_until(lambda: len(answered) >= 3)  # opinions are coming in
        before_backup = time.monotonic()
        archive = tmp_path / "online.tar.gz"
        result = duizhao("backup", "--data", data, "-o", archive)
        after_backup = time.monotonic()
        during = len(answered)
        wait_until(lambda: len(answered) > during)  # and still come in after the backup
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        server.stop()
    assert result.returncode == 0, result.stderr
    restored = tmp_path / "restored"
    assert duizhao("restore", "--data", restored, archive).returncode == 0
    connection = sqlite3.connect(restored / "duizhao.sqlite3")
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {r[0] for r in connection.execute("SELECT text FROM workbench_opinion")}
    finally:
        connection.close()
    early = {text for at, text in answered if at < before_backup}
    assert early and early <= stored, "answered before the backup began, so it must be in it"
    assert all(text.startswith("备份期间的意见第") and text.endswith("条，请改进作风") for text in stored)
    assert len(answered) > len(stored) or after_backup - before_backup < 0.1
