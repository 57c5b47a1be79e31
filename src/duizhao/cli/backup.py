"""`duizhao backup`: the database and every file of a data directory in one .tar.gz archive.

SQLite is copied with sqlite3's online backup API (consistent even while `duizhao serve` runs);
PostgreSQL is dumped with `pg_dump` (custom format) when it is installed, else with Django's
`dumpdata` of every app (portable, but datetimes keep only milliseconds). The
archive carries a manifest with each file's SHA-256, which `duizhao restore` verifies.
The opinions in the archive are rewritten in random order first (`duizhao.web.reshuffle`), so the
backup's layout does not tell in which order they arrived.

Archive layout:  manifest.json · database/duizhao.sqlite3 | duizhao.pgdump | dump.json · data/<files…>
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from duizhao.errors import InputError
from duizhao.web.reshuffle import shuffle_sqlite_file

HELP = "备份数据库和文件为一个归档"
FORMAT = "duizhao-backup-1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/duizhao.sqlite3"
DUMP_MEMBER = "database/dump.json"
PGDUMP_MEMBER = "database/duizhao.pgdump"
DATA_PREFIX = "data/"
# Never archived: the live database (copied consistently instead), regenerable static files,
# test databases, and what a restore leaves behind.
SKIPPED_TOP = {"static", ".restore-staging"}
SKIPPED_SUFFIXES = ("-wal", "-shm", "-journal")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=None, help="数据目录；默认 $DUIZHAO_DATA_DIR 或 ~/.duizhao")
    parser.add_argument("-o", "--output", type=Path, required=True, help="备份归档文件（.tar.gz）")


def data_dir(value: Path | None) -> Path:
    from duizhao.web import config

    return Path(value).expanduser().resolve() if value else config.data_dir(dict(os.environ))


def database_settings(data: Path) -> dict[str, Any]:
    from duizhao.web import config

    return config.database_settings(dict(os.environ), data)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(data: Path, database_name: str | None) -> list[Path]:
    """Every file of the data directory that belongs in a backup, sorted."""
    skipped_names = set()
    if database_name:
        skipped_names.add(Path(database_name).name)
    found = []
    for path in sorted(data.rglob("*")):
        relative = path.relative_to(data)
        if relative.parts[0] in SKIPPED_TOP or relative.parts[0].startswith(".replaced-"):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        name = path.name
        if (
            name in skipped_names
            or (name.startswith("test_") and ".sqlite3" in name)
            or name.endswith(SKIPPED_SUFFIXES)
            or any(name == f"{s}{suffix}" for s in skipped_names for suffix in SKIPPED_SUFFIXES)
        ):
            continue
        found.append(path)
    return found


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through the online backup API, then checked."""
    if not source.exists():
        raise InputError(str(source), "找不到数据库文件，请确认数据目录是否正确")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")
        result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if result != "ok":
        raise InputError(str(source), f"数据库完整性检查未通过（{result}），未生成备份")


def setup_django(data: Path) -> None:
    os.environ["DUIZHAO_DATA_DIR"] = str(data)
    os.environ["DJANGO_SETTINGS_MODULE"] = "duizhao.web.settings"
    import django

    django.setup()


def postgres_uri(database: dict[str, Any]) -> str:
    from urllib.parse import quote

    user = quote(database["USER"]) + (":" + quote(database["PASSWORD"]) if database["PASSWORD"] else "")
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgresql://{user}@{host}{port}/{quote(database['NAME'])}"


def pg_dump(database: dict[str, Any], target: Path) -> bool:
    """True when pg_dump wrote a consistent dump (it runs in one snapshot); False to fall back."""
    result = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-acl", "-f", str(target), "-d", postgres_uri(database)],
        capture_output=True,
        text=True,
    )
    return result.returncode == 0


def reshuffle_postgresql(data: Path) -> bool:
    """Rewrite the opinions in random order before they are dumped (pg_dump writes heap order)."""
    setup_django(data)
    from duizhao.web.reshuffle import reshuffle_database

    reshuffle_database()
    return True


def dump_database(target: Path) -> None:
    from django.core.management import call_command

    with open(target, "w", encoding="utf-8") as handle:
        call_command("dumpdata", format="json", indent=None, stdout=handle, verbosity=0)


def create_backup(data: Path, output: Path) -> dict[str, Any]:
    """Write the archive; returns its manifest."""
    if not data.is_dir():
        raise InputError(str(data), "数据目录不存在")
    database = database_settings(data)
    sqlite = database["ENGINE"].endswith("sqlite3")
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="duizhao-backup-") as folder:
        work = Path(folder)
        if sqlite:
            db_file, db_member = work / "duizhao.sqlite3", SQLITE_MEMBER
            copy_sqlite(Path(database["NAME"]), db_file)
            shuffle_sqlite_file(db_file)  # the copy's layout must not tell the opinions' arrival order
        elif reshuffle_postgresql(data) and shutil.which("pg_dump") and pg_dump(database, work / "duizhao.pgdump"):
            db_file, db_member = work / "duizhao.pgdump", PGDUMP_MEMBER
        else:
            setup_django(data)
            db_file, db_member = work / "dump.json", DUMP_MEMBER
            dump_database(db_file)
        files = [p for p in data_files(data, database["NAME"] if sqlite else None) if p.resolve() != output]
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": "sqlite" if sqlite else "postgresql",
            "database": {"member": db_member, "sha256": sha256_file(db_file), "bytes": db_file.stat().st_size},
            "files": {str(p.relative_to(data).as_posix()): sha256_file(p) for p in files},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(payload), int(datetime.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(payload))
            archive.add(db_file, arcname=db_member, recursive=False)
            for path in files:
                archive.add(path, arcname=DATA_PREFIX + path.relative_to(data).as_posix(), recursive=False)
        os.chmod(partial, 0o600)  # the archive holds every opinion and password hash
        os.replace(partial, output)
    return manifest


def run(args: argparse.Namespace) -> int:
    data = data_dir(args.data)
    manifest = create_backup(data, args.output)
    size = args.output.stat().st_size
    print(
        f"已备份：{data} → {args.output}（数据库 {manifest['engine']}，文件 {len(manifest['files'])} 个，"
        f"共 {size / 1_000_000:.1f} MB）"
    )
    return 0
