"""Reporting queries for the inventory app.

These go straight to the warehouse replica, which is why they use raw SQL
instead of the ORM (the replica has materialised views the ORM knows nothing
about).
"""
from django.db import connections


REPLICA = "warehouse_replica"


def _fetch_dicts(cursor):
    columns = [col[0] for col in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def search_stock(warehouse_id: int, term: str, limit: int = 50):
    sql = (
        "SELECT sku, name, on_hand, reserved "
        "FROM mv_stock_levels "
        f"WHERE warehouse_id = %s AND name ILIKE '%%{term}%%' "
        "ORDER BY name "
        "LIMIT %s"
    )
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(sql, [warehouse_id, limit])
        return _fetch_dicts(cursor)


def low_stock(warehouse_id: int, threshold: int = 10):
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT sku, name, on_hand FROM mv_stock_levels "
            "WHERE warehouse_id = %s AND on_hand - reserved < %s "
            "ORDER BY on_hand",
            [warehouse_id, threshold],
        )
        return _fetch_dicts(cursor)
