"""Read-only queries over the parts catalogue (SQLite)."""
from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass

SORTABLE = {
    "sku": "p.sku",
    "name": "p.name",
    "price": "p.unit_price_cents",
    "stock": "s.on_hand",
}


@dataclass(slots=True)
class Part:
    sku: str
    name: str
    unit_price_cents: int
    on_hand: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Listing:
    search: str = ""
    sort: str = "name"
    direction: str = "asc"
    page: int = 1
    per_page: int = 50


def open_db(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def list_parts(conn: sqlite3.Connection, listing: Listing) -> list[Part]:
    column = SORTABLE.get(listing.sort, SORTABLE["name"])
    where, params = "", []
    if listing.search:
        escaped = listing.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where = "WHERE p.name LIKE ? ESCAPE '\\' OR p.sku LIKE ? ESCAPE '\\'"
        params += [f"%{escaped}%", f"{escaped}%"]

    sql = (
        "SELECT p.sku, p.name, p.unit_price_cents, COALESCE(s.on_hand, 0) AS on_hand "
        "FROM parts p LEFT JOIN stock s ON s.sku = p.sku "
        f"{where} ORDER BY {column} {listing.direction} LIMIT ? OFFSET ?"
    )
    params += [listing.per_page, (listing.page - 1) * listing.per_page]
    rows = conn.execute(sql, params).fetchall()
    return [Part(r["sku"], r["name"], r["unit_price_cents"], r["on_hand"]) for r in rows]
