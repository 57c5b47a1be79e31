"""Hide, in the SQLite file, the order in which opinions arrived.

A table whose primary key is a UUID still has SQLite's hidden `rowid`, given in insertion order,
and rows sit in the file in that order. A trigger moves each new opinion to a random rowid, and
`secure_delete` zeroes the space it leaves. The trigger is (re)created after every `migrate`,
because SQLite migrations rebuild tables. This hides the order in the table only: index pages and
cell offsets still follow the arrival order during the day, until `duizhao.web.reshuffle`
rewrites the table (nightly, on link close, before a backup; also for PostgreSQL's ctid/xmin).
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

TRIGGER = "duizhao_opinion_random_rowid"


def _secure_delete(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")


def ensure_trigger(using: str = "default") -> bool:
    from django.apps import apps
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    try:
        table = apps.get_model("workbench", "Opinion")._meta.db_table
    except LookupError:
        return False
    if table not in connection.introspection.table_names():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TRIGGER IF NOT EXISTS {TRIGGER} AFTER INSERT ON "{table}" BEGIN '
            f'UPDATE "{table}" SET rowid = (abs(random()) % 9000000000000000000) + 1 WHERE rowid = NEW.rowid; END'
        )
    return True


def _after_migrate(sender, using="default", **kwargs):
    if sender.label == "audit":
        ensure_trigger(using)


def connect() -> None:
    connection_created.connect(_secure_delete, dispatch_uid="duizhao-secure-delete")
    post_migrate.connect(_after_migrate, dispatch_uid="duizhao-opinion-trigger")
