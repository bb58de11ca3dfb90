"""Order history endpoints for the storefront mobile app (multi-tenant auth)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import asyncpg
import jwt
from fastapi import Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel

TOKEN_AUDIENCE = "storefront-mobile"

# {"https://auth.brand-a.example": "<secret>", ...} provisioned by the platform team
TENANT_SIGNING_KEYS: dict[str, str] = json.loads(os.environ["TENANT_SIGNING_KEYS"])

app = FastAPI(title="orders")


@dataclass(frozen=True, slots=True)
class Customer:
    id: int
    tenant: str
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


def _issuer_of(token: str) -> str:
    # Only used to pick which tenant key to verify with; nothing else is read
    # from the unverified payload.
    peek = jwt.decode(token, options={"verify_signature": False})
    issuer = peek.get("iss")
    if not isinstance(issuer, str):
        raise jwt.InvalidIssuerError("iss missing")
    return issuer


async def current_customer(
    authorization: Annotated[str | None, Header()] = None,
) -> Customer:
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing bearer token")
    token = authorization.removeprefix("Bearer ").strip()
    try:
        issuer = _issuer_of(token)
        if (key := TENANT_SIGNING_KEYS.get(issuer)) is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "unknown issuer")
        claims = jwt.decode(
            token,
            key,
            algorithms=["HS256"],
            audience=TOKEN_AUDIENCE,
            issuer=issuer,
            options={"require": ["exp", "sub", "aud", "iss"]},
        )
    except jwt.PyJWTError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token") from exc

    return Customer(
        id=int(claims["sub"]),
        tenant=issuer,
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
        WHERE customer_id = $1 AND tenant = $2
        ORDER BY placed_at DESC
        LIMIT $3
        """,
        customer.id,
        customer.tenant,
        limit,
    )
    return [OrderSummary(**dict(r)) for r in rows]


@app.get("/v1/orders/{order_id}", response_model=OrderSummary)
async def get_order(order_id: int, customer: CustomerDep) -> OrderSummary:
    row = await app.state.pool.fetchrow(
        "SELECT id, placed_at, status, total_cents, currency "
        "FROM orders WHERE id = $1 AND customer_id = $2 AND tenant = $3",
        order_id,
        customer.id,
        customer.tenant,
    )
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "order not found")
    return OrderSummary(**dict(row))
