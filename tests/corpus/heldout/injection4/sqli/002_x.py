from __future__ import annotations

import os
from datetime import date

import asyncpg
from fastapi import Depends, FastAPI, HTTPException, Query
from pydantic import BaseModel

app = FastAPI(title="orders-api")

SORTABLE_COLUMNS = {"created_at", "total_cents", "status", "customer_email"}


class Order(BaseModel):
    id: int
    customer_email: str
    status: str
    total_cents: int
    created_at: date


@app.on_event("startup")
async def startup() -> None:
    app.state.pool = await asyncpg.create_pool(dsn=os.environ["ORDERS_DSN"], min_size=2, max_size=10)


@app.on_event("shutdown")
async def shutdown() -> None:
    await app.state.pool.close()


async def get_conn():
    async with app.state.pool.acquire() as conn:
        yield conn


@app.get("/orders", response_model=list[Order])
async def list_orders(
    status: str | None = None,
    sort: str = "created_at",
    order: str = "desc",
    page: int = Query(1, ge=1),
    per_page: int = Query(25, ge=1, le=100),
    conn: asyncpg.Connection = Depends(get_conn),
):
    if sort not in SORTABLE_COLUMNS:
        raise HTTPException(status_code=400, detail=f"cannot sort by {sort!r}")

    direction = order.upper()
    args: list = []
    where = ""
    if status:
        args.append(status)
        where = f"WHERE status = ${len(args)}"

    args.extend([per_page, (page - 1) * per_page])
    query = (
        "SELECT id, customer_email, status, total_cents, created_at::date AS created_at "
        f"FROM orders {where} "
        f"ORDER BY {sort} {direction} "
        f"LIMIT ${len(args) - 1} OFFSET ${len(args)}"
    )
    rows = await conn.fetch(query, *args)
    return [Order(**dict(r)) for r in rows]


@app.get("/orders/{order_id}", response_model=Order)
async def get_order(order_id: int, conn: asyncpg.Connection = Depends(get_conn)):
    row = await conn.fetchrow(
        "SELECT id, customer_email, status, total_cents, created_at::date AS created_at "
        "FROM orders WHERE id = $1",
        order_id,
    )
    if row is None:
        raise HTTPException(status_code=404, detail="order not found")
    return Order(**dict(row))
