from dataclasses import dataclass
from datetime import datetime

from psycopg import sql

from .db import connection

SORTABLE_COLUMNS = {
    "starts_at": ("e", "starts_at"),
    "title": ("e", "title"),
    "price": ("e", "price_from"),
    "venue": ("v", "name"),
}


@dataclass(slots=True)
class EventRow:
    id: int
    title: str
    venue_name: str
    starts_at: datetime
    price_from: int | None
    city: str


async def list_events(
    city: str,
    sort: str = "starts_at",
    direction: str = "asc",
    limit: int = 50,
) -> list[EventRow]:
    column = SORTABLE_COLUMNS.get(sort, SORTABLE_COLUMNS["starts_at"])
    order = sql.SQL("DESC") if direction.lower() == "desc" else sql.SQL("ASC")
    query = sql.SQL(
        "SELECT e.id, e.title, v.name AS venue_name, e.starts_at, e.price_from, v.city "
        "FROM events e JOIN venues v ON v.id = e.venue_id "
        "WHERE v.city = %s AND e.published "
        "ORDER BY {} {} LIMIT %s"
    ).format(sql.Identifier(*column), order)
    async with connection() as conn:
        cur = await conn.execute(query, (city, limit))
        rows = await cur.fetchall()
    return [EventRow(**row) for row in rows]


async def cities_with_events() -> list[str]:
    async with connection() as conn:
        cur = await conn.execute(
            "SELECT DISTINCT v.city FROM venues v JOIN events e ON e.venue_id = v.id "
            "WHERE e.published AND e.starts_at > now() ORDER BY v.city"
        )
        return [row["city"] for row in await cur.fetchall()]
