"""Where the throttle counts when several app servers share one deployment.

* Redis (`DUIZHAO_REDIS_URL`): counters are Redis keys that expire with their window; nothing on disk
  unless Redis itself is set to persist.
* Otherwise, on PostgreSQL: a row per counter in `workbench_throttlecount`, counted with one atomic
  upsert; rows whose window has ended are deleted about once a minute.

Both need the same key for the same client on every server, so the HMAC salt is derived from the
shared SECRET_KEY and the UTC day (not drawn at process start as for one server): counts start over
at midnight UTC, and a salt that is no longer used cannot be recomputed without the secret key.

A store that cannot be reached counts nothing (the request goes on) and logs one line without any
client data: the workbench must not stop because Redis restarted.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

log = logging.getLogger("duizhao.throttle")
CLEANUP_EVERY = 60.0  # seconds


def day_salt(secret_key: str, now: float | None = None) -> bytes:
    day = int((time.time() if now is None else now) // 86400)
    return hmac.new(secret_key.encode("utf-8"), f"duizhao-throttle-salt:{day}".encode(), hashlib.sha256).digest()


class RedisCounters:
    def __init__(self, url: str, prefix: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self.prefix = prefix + ":throttle:"
        self.errors = (redis.RedisError, OSError)

    def hit(self, key: str, window: int) -> int:
        try:
            pipe = self.client.pipeline(transaction=True)
            pipe.set(self.prefix + key, 0, ex=window, nx=True)
            pipe.incr(self.prefix + key)
            return int(pipe.execute()[1])
        except self.errors as error:
            log.warning("限流计数无法写入 Redis（%s）：本次不计数", type(error).__name__)
            return 0

    def count(self, key: str) -> int:
        try:
            return int(self.client.get(self.prefix + key) or 0)
        except self.errors as error:
            log.warning("限流计数无法读取 Redis（%s）：本次不限制", type(error).__name__)
            return 0

    def delete(self, key: str) -> None:
        try:
            self.client.delete(self.prefix + key)
        except self.errors:
            pass


class DatabaseCounters:
    def __init__(self):
        self._last_cleanup = 0.0

    @staticmethod
    def _table() -> str:
        from django.db import connection

        from duizhao.web.workbench.models import ThrottleCount

        return connection.ops.quote_name(ThrottleCount._meta.db_table)

    def hit(self, key: str, window: int) -> int:
        from django.db import DatabaseError, connection

        now = time.time()
        table = self._table()
        sql = (
            f"INSERT INTO {table} (digest, hits, expires_at) VALUES (%s, 1, %s) "
            f"ON CONFLICT (digest) DO UPDATE SET "
            f"hits = CASE WHEN {table}.expires_at <= %s THEN 1 ELSE {table}.hits + 1 END, "
            f"expires_at = CASE WHEN {table}.expires_at <= %s THEN EXCLUDED.expires_at ELSE {table}.expires_at END "
            f"RETURNING hits"
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, [key, now + window, now, now])
                hits = cursor.fetchone()[0]
                if now - self._last_cleanup >= CLEANUP_EVERY:
                    self._last_cleanup = now
                    cursor.execute(f"DELETE FROM {table} WHERE expires_at <= %s", [now])
            return int(hits)
        except DatabaseError as error:
            log.warning("限流计数无法写入数据库（%s）：本次不计数", type(error).__name__)
            return 0

    def count(self, key: str) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT hits FROM {self._table()} WHERE digest = %s AND expires_at > %s", [key, time.time()]
            )
            row = cursor.fetchone()
        return int(row[0]) if row else 0

    def delete(self, key: str) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self._table()} WHERE digest = %s", [key])
