from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

PAGE_SIZE = 50


SORTABLE = {
    "name": "name",
    "price": "price",
    "quantity": "quantity",
    "category": "category",
}


def _clean_sort(sort: str) -> str:
    """Turn ``?sort=-price`` style values into an ORDER BY clause."""
    sort = sort.strip()
    direction = "DESC" if sort.startswith("-") else "ASC"
    column = SORTABLE.get(sort.lstrip("-"), "name")
    return f"{column} {direction}"


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class InventoryRepository:
    def __init__(self, dsn: str):
        self._dsn = dsn

    def _connect(self) -> psycopg.Connection:
        return psycopg.connect(self._dsn, row_factory=dict_row, autocommit=True)

    def list_items(self, search: str, sort: str, page: int) -> list[dict]:
        order_by = _clean_sort(sort)
        query = (
            "SELECT sku, name, category, price, quantity FROM items"
            " WHERE (%(q)s = '' OR name ILIKE %(pattern)s)"
            f" ORDER BY {order_by}, sku"
            " LIMIT %(limit)s OFFSET %(offset)s"
        )
        params = {
            "q": search,
            "pattern": _like_pattern(search),
            "limit": PAGE_SIZE,
            "offset": (page - 1) * PAGE_SIZE,
        }
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall()

    def get_item(self, sku: str) -> dict | None:
        with self._connect() as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT sku, name, category, price, quantity, updated_at FROM items WHERE sku = %s",
                (sku,),
            )
            return cur.fetchone()
