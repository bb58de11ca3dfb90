"""Query helpers used by the dashboard API.

Callers pass filter values straight from the dashboard's query string.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import psycopg2
import psycopg2.extras
from psycopg2.pool import ThreadedConnectionPool

from .settings import STATEMENT_TIMEOUT_MS, WAREHOUSE

_pools: dict[str, ThreadedConnectionPool] = {}


def _pool(role: str) -> ThreadedConnectionPool:
    if role not in _pools:
        cfg = WAREHOUSE[role]
        _pools[role] = ThreadedConnectionPool(
            cfg["pool_min"],
            cfg["pool_max"],
            cfg["dsn"],
            options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
        )
    return _pools[role]


@contextmanager
def cursor(role: str = "replica"):
    pool = _pool(role)
    conn = pool.getconn()
    try:
        with conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            yield cur
    finally:
        pool.putconn(conn)


def revenue_by_region(start: dt.date, end: dt.date, region: str | None = None) -> list[dict]:
    sql = (
        "SELECT region, date_trunc('week', booked_at) AS week, sum(amount_cents) AS cents "
        "FROM bookings WHERE booked_at >= %s AND booked_at < %s"
    )
    params: list[object] = [start, end]
    if region:
        sql += " AND region = %s"
        params.append(region)
    sql += " GROUP BY 1, 2 ORDER BY 2, 1"
    with cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def record_export(user_id: int, report: str) -> None:
    with cursor("primary") as cur:
        cur.execute(
            "INSERT INTO export_log (user_id, report, created_at) VALUES (%s, %s, now())",
            (user_id, report),
        )
