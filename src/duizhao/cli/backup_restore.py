"""`duizhao restore`: put a `duizhao backup` archive back into a data directory.

The archive is checked before anything is touched: only regular files under the expected names
(no absolute paths, no `..`, no links or devices), every SHA-256 as in the manifest, SQLite's
integrity check. It is unpacked into a staging folder; only then is the current content moved
aside to `<data>/.replaced-<time>/` (nothing is deleted) and the restored content moved in.
Stop `duizhao serve` first: a database in use is refused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from duizhao.cli.backup import (
    DATA_PREFIX,
    DUMP_MEMBER,
    FORMAT,
    MANIFEST,
    PGDUMP_MEMBER,
    SQLITE_MEMBER,
    data_dir,
    database_settings,
    postgres_uri,
    setup_django,
)
from duizhao.errors import InputError

HELP = "从归档恢复数据库和文件"
STAGING = ".restore-staging"
MAX_MANIFEST_BYTES = 50_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("archive", type=Path, help="duizhao backup 生成的归档（.tar.gz）")
    parser.add_argument("--data", type=Path, default=None, help="数据目录；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao")


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
        and all(part not in ("", ".") for part in path.parts)
    )


def read_manifest(archive: tarfile.TarFile, path: Path) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError:
        raise InputError(str(path), "不是 duizhao 备份归档（缺少 manifest.json）") from None
    if not member.isfile() or member.size > MAX_MANIFEST_BYTES:
        raise InputError(str(path), "备份归档的清单异常")
    try:
        manifest: dict[str, Any] = json.loads(_member_file(archive, member).read().decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise InputError(str(path), "备份归档的清单已损坏") from None
    if manifest.get("format") != FORMAT:
        raise InputError(str(path), f"不支持的备份格式：{manifest.get('format')}")
    return manifest


def _member_file(archive: tarfile.TarFile, member: tarfile.TarInfo) -> IO[bytes]:
    """The member's contents (callers admit regular files only, which tarfile always opens)."""
    source = archive.extractfile(member)
    if source is None:
        raise InputError(None, f"备份归档条目“{member.name}”不是普通文件")
    return source


def unpack(path: Path, staging: Path) -> dict[str, Any]:
    """Check and unpack the archive into `staging`; returns the manifest."""
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115  (closed by the `with` below, after this message)
    except (OSError, tarfile.TarError) as error:
        raise InputError(str(path), f"无法打开备份归档（{error}）") from None
    with archive:
        manifest = read_manifest(archive, path)
        expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
        if manifest["database"]["member"] not in (SQLITE_MEMBER, DUMP_MEMBER, PGDUMP_MEMBER):
            raise InputError(str(path), "备份归档中的数据库条目异常")
        expected.update({DATA_PREFIX + name: digest for name, digest in manifest["files"].items()})
        seen = set()
        try:
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if not member.isfile() or not _safe_member_name(member.name) or member.name not in expected:
                    raise InputError(str(path), f"备份归档含有异常条目“{member.name}”，已拒绝恢复")
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with _member_file(archive, member) as source, open(target, "wb") as out:
                    for block in iter(lambda: source.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
                if digest.hexdigest() != expected[member.name]:
                    raise InputError(str(path), f"备份归档中的“{member.name}”校验不符，归档已损坏")
                seen.add(member.name)
        except (OSError, tarfile.TarError, EOFError) as error:
            raise InputError(str(path), f"备份归档已损坏（{error}）") from None
        missing = set(expected) - seen
        if missing:
            raise InputError(str(path), f"备份归档不完整，缺少 {len(missing)} 个文件")
    if manifest["database"]["member"] == SQLITE_MEMBER:
        connection = sqlite3.connect(staging / SQLITE_MEMBER)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        finally:
            connection.close()
        if result != "ok":
            raise InputError(str(path), f"备份中的数据库完整性检查未通过（{result}）")
    return manifest


def refuse_if_in_use(database: Path) -> None:
    """A running server keeps the WAL open; checkpointing it fully then reports busy."""
    if not database.exists():
        return
    connection = sqlite3.connect(database, timeout=1)
    try:
        busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        connection.execute("BEGIN EXCLUSIVE")
        connection.rollback()
    except sqlite3.OperationalError:
        busy = 1
    finally:
        connection.close()
    if busy:
        raise InputError(str(database), "数据库正在使用中，请先停止 duizhao serve 再恢复")


def move_aside(data: Path, names: list[Path]) -> Path | None:
    """Move the current content that the restore replaces into .replaced-<time>/; nothing is deleted."""
    present = [p for p in names if p.exists()]
    if not present:
        return None
    aside = data / f".replaced-{datetime.now():%Y%m%d-%H%M%S-%f}"
    for path in present:
        target = aside / path.relative_to(data)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)
    return aside


def restore_sqlite(data: Path, staging: Path, manifest: dict[str, Any], database: Path) -> Path | None:
    refuse_if_in_use(database)
    replaced = [database, Path(f"{database}-wal"), Path(f"{database}-shm"), data / "files", data / "secret_key"]
    replaced += [data / name for name in manifest["files"] if not name.startswith("files/")]
    aside = move_aside(data, sorted(set(replaced)))
    _move_files_in(data, staging)
    database.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging / SQLITE_MEMBER, database)
    return aside


def _move_files_in(data: Path, staging: Path) -> None:
    root = staging / DATA_PREFIX.rstrip("/")
    if not root.exists():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        target = data / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


def restore_dump(data: Path, staging: Path, manifest: dict[str, Any]) -> Path | None:
    """PostgreSQL (or any engine): migrate, empty every table, load the dump, in one transaction."""
    replaced = [data / "files"] + [data / n for n in manifest["files"] if not n.startswith("files/")]
    aside = move_aside(data, sorted(set(replaced)))
    _move_files_in(data, staging)
    setup_django(data)
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(staging / DUMP_MEMBER), verbosity=0)
    return aside


def restore_pg(data: Path, staging: Path, manifest: dict[str, Any], database: dict[str, Any]) -> Path | None:
    """pg_restore in a single transaction: either the whole dump is in, or nothing changed."""
    if not shutil.which("pg_restore"):
        raise InputError(None, "恢复 PostgreSQL 备份需要 pg_restore（Debian：apt-get install postgresql-client）")
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            postgres_uri(database),
            str(staging / PGDUMP_MEMBER),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise InputError(None, f"pg_restore 失败，数据库未改动：{result.stderr.strip()[-300:]}")
    replaced = [data / "files"] + [data / n for n in manifest["files"] if not n.startswith("files/")]
    aside = move_aside(data, sorted(set(replaced)))
    _move_files_in(data, staging)
    return aside


def restore_backup(archive: Path, data: Path) -> tuple[dict[str, Any], Path | None]:
    if not archive.is_file():
        raise InputError(str(archive), "找不到备份归档")
    data.mkdir(parents=True, exist_ok=True)
    staging = data / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        manifest = unpack(archive, staging)
        database = database_settings(data)
        sqlite = database["ENGINE"].endswith("sqlite3")
        if manifest["database"]["member"] == SQLITE_MEMBER and not sqlite:
            raise InputError(
                str(archive), "这是 SQLite 备份，当前配置的是 PostgreSQL；请清空 DUIZHAO_DATABASE_URL 后恢复"
            )
        if manifest["database"]["member"] == DUMP_MEMBER and sqlite and Path(database["NAME"]).exists():
            refuse_if_in_use(Path(database["NAME"]))
        if manifest["database"]["member"] == PGDUMP_MEMBER and sqlite:
            raise InputError(
                str(archive), "这是 PostgreSQL 备份，请设置 DUIZHAO_DATABASE_URL 指向一个 PostgreSQL 数据库后恢复"
            )
        if manifest["database"]["member"] == SQLITE_MEMBER:
            aside = restore_sqlite(data, staging, manifest, Path(database["NAME"]))
        elif manifest["database"]["member"] == PGDUMP_MEMBER:
            aside = restore_pg(data, staging, manifest, database)
        else:
            aside = restore_dump(data, staging, manifest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return manifest, aside


def run(args: argparse.Namespace) -> int:
    data = data_dir(args.data)
    manifest, aside = restore_backup(args.archive, data)
    print(f"已恢复：{args.archive} → {data}（备份时间 {manifest['created']}，文件 {len(manifest['files'])} 个）")
    if aside:
        print(f"恢复前的数据已移到 {aside}，确认无误后可自行删除。")
    return 0
