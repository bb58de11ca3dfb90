"""Shipment lookup helpers shared by the storefront and the support console."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.engine import Connection

MAX_BATCH = 100


@dataclass(frozen=True)
class ShipmentStatus:
    order_id: int
    carrier: str
    tracking_code: str
    state: str
    updated_at: datetime


def _id_list(order_ids: Iterable[int | str]) -> str:
    ids = [int(i) for i in order_ids if str(i).strip()]
    if len(ids) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} orders per lookup")
    return ", ".join(str(i) for i in ids)


def shipment_statuses(
    conn: Connection, customer_id: int, order_ids: Sequence[int | str]
) -> list[ShipmentStatus]:
    """Latest shipment status for each of a customer's orders.

    ``order_ids`` usually comes straight from the ``?order=`` query parameters;
    anything that is not an integer raises ValueError.
    """
    id_list = _id_list(order_ids)
    if not id_list:
        return []
    stmt = text(
        f"""
        SELECT DISTINCT ON (s.order_id)
               s.order_id, s.carrier, s.tracking_code, s.state, s.updated_at
        FROM shipments s
        JOIN orders o ON o.id = s.order_id
        WHERE o.customer_id = :customer_id
          AND s.order_id IN ({id_list})
        ORDER BY s.order_id, s.updated_at DESC
        """
    )
    result = conn.execute(stmt, {"customer_id": customer_id})
    return [ShipmentStatus(**row._mapping) for row in result]


def count_open_shipments(conn: Connection, customer_id: int) -> int:
    stmt = text(
        "SELECT count(*) FROM shipments s JOIN orders o ON o.id = s.order_id "
        "WHERE o.customer_id = :customer_id AND s.state NOT IN ('delivered', 'returned')"
    )
    return conn.execute(stmt, {"customer_id": customer_id}).scalar_one()
