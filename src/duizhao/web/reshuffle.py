"""Rewrite the stored opinions so that where they sit carries no arrival order.

A row written later lands later: in SQLite's table and index pages (cells are filled from the
end of a page towards its start, pages are split and appended as rows arrive), in PostgreSQL's
heap (`ctid`) and transaction ids (`xmin`). Once a collection day ends, when a link is closed and
before a backup, the opinion table is rewritten in random order:

* SQLite: one transaction copies the rows out, deletes them (`secure_delete` zeroes the cells)
  and inserts them back in random order with new random rowids; then VACUUM rebuilds the whole
  file (every table and index page is written afresh in key order, no free pages are left) and
  the write-ahead log is truncated.
* PostgreSQL: one transaction locks the table, copies the rows out, deletes them and inserts them
  back in random order (foreign keys from other tables are checked at the commit); VACUUM FULL
  then writes the table and each index into new files (the old ones are unlinked). Every row has
  the same `xmin`, heap positions and index pages follow the random order.

The last date it ran is kept in `<data>/reshuffled-on`, so the server can tell when it is due.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

OPINION_TABLE = "workbench_opinion"
MARKER = "reshuffled-on"
_running = threading.Lock()  # one rewrite at a time per process


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def shuffle_sqlite_file(path: Path, table: str = OPINION_TABLE, timeout: float = 30) -> int:
    """Rewrite `table` of the SQLite file at `path` in random order, VACUUM, truncate the log.
    Returns the number of rows rewritten."""
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        exists = connection.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
        if not exists:
            return 0
        columns = [row[1] for row in connection.execute(f"PRAGMA table_info({_quoted(table)})")]
        names = ", ".join(_quoted(c) for c in columns)
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute(f"CREATE TEMP TABLE duizhao_shuffle AS SELECT {names} FROM {_quoted(table)}")
            connection.execute(f"DELETE FROM {_quoted(table)}")
            # a random rowid even where the insert trigger is missing (the trigger moves it again)
            connection.execute(
                f"INSERT INTO {_quoted(table)} (rowid, {names}) "
                f"SELECT (abs(random()) % 9000000000000000000) + 1, {names} FROM duizhao_shuffle ORDER BY random()"
            )
            count = connection.execute("SELECT count(*) FROM duizhao_shuffle").fetchone()[0]
            connection.execute("DROP TABLE duizhao_shuffle")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count
    finally:
        connection.close()


def shuffle_postgresql(connection, table: str = OPINION_TABLE) -> int:
    """The same on PostgreSQL through a Django connection (outside any open transaction).

    The rows are deleted and inserted back in random order in one transaction (other tables'
    foreign keys to them, e.g. a problem's link to the opinion it answers, are deferred to the
    commit and hold again then; TRUNCATE would refuse or wipe them), then VACUUM FULL writes the
    table and its indexes into new files, in the new order, with no dead rows left."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [table])
        if cursor.fetchone()[0] is None:
            return 0
        cursor.execute(f"LOCK TABLE {_quoted(table)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"CREATE TEMP TABLE duizhao_shuffle ON COMMIT DROP AS SELECT * FROM {_quoted(table)}")
        cursor.execute(f"DELETE FROM {_quoted(table)}")
        cursor.execute(f"INSERT INTO {_quoted(table)} SELECT * FROM duizhao_shuffle ORDER BY random()")
        count = cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {_quoted(table)}")
    return count


def reshuffle_database(using: str = "default") -> int:
    """Rewrite the opinions of the Django database `using`; returns how many were rewritten."""
    from django.db import connections

    connection = connections[using]
    with _running:
        if connection.vendor == "sqlite":
            path = Path(connection.settings_dict["NAME"])
            connection.close()  # VACUUM wants no statement of ours left open on the file
            return shuffle_sqlite_file(path)
        if connection.vendor == "postgresql":
            return shuffle_postgresql(connection)
    return 0


def last_run(data: Path) -> date | None:
    try:
        return date.fromisoformat((data / MARKER).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def mark_run(data: Path, today: date) -> None:
    partial = data / (MARKER + ".partial")
    partial.write_text(today.isoformat(), encoding="ascii")
    partial.replace(data / MARKER)


def run_if_due(data: Path, today: date | None = None, using: str = "default") -> bool:
    """Reshuffle when it has not run yet today (the first check after midnight, or the first
    after a start on a new day). True when it ran."""
    from django.db import connections
    from django.utils import timezone

    today = today or timezone.localdate()
    previous = last_run(data)
    if previous is not None and previous >= today:
        return False
    try:
        reshuffle_database(using)
    finally:
        connections[using].close()
    mark_run(data, today)
    return True


def reshuffle_after_commit(using: str = "default") -> None:
    """For a view that closed a link: rewrite once the request's changes are committed. A busy
    database does not fail the request: the day's marker is removed, so the server's scheduler
    (which looks every minute) tries again."""
    import logging

    from django.conf import settings
    from django.db import transaction

    def rewrite():
        try:
            reshuffle_database(using)
        except Exception as error:  # noqa: BLE001  logged, and tried again at the next check
            logging.getLogger("duizhao.reshuffle").warning("意见存储顺序重排未完成（%s），稍后重试", error)
            (Path(settings.DATA_DIR) / MARKER).unlink(missing_ok=True)

    transaction.on_commit(rewrite, using=using)
