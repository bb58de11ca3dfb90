from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated

import jwt
from fastapi import Depends, FastAPI, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.db import get_session
from billing.models import Customer, Invoice

JWT_KEY = os.environ["BILLING_JWT_KEY"]

app = FastAPI(title="billing")
bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True, slots=True)
class Caller:
    user_id: int
    org_id: int


def _decode(credentials: HTTPAuthorizationCredentials | None) -> Caller | None:
    if credentials is None:
        return None
    try:
        claims = jwt.decode(
            credentials.credentials, JWT_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"]}
        )
    except jwt.PyJWTError:
        return None
    return Caller(user_id=int(claims["sub"]), org_id=int(claims["org"]))


async def current_caller(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Caller:
    if (caller := _decode(credentials)) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "not authenticated",
                            headers={"WWW-Authenticate": "Bearer"})
    return caller


class InvoiceLine(BaseModel):
    number: str
    issued: str
    total: Decimal
    paid: bool


class Statement(BaseModel):
    customer: str
    email: str
    billing_address: str
    outstanding: Decimal
    invoices: list[InvoiceLine]


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/customers")
async def list_customers(
    caller: Annotated[Caller, Depends(current_caller)],
    db: Annotated[AsyncSession, Depends(get_session)],
) -> list[dict[str, object]]:
    rows = await db.scalars(
        select(Customer).where(Customer.org_id == caller.org_id).order_by(Customer.name)
    )
    return [{"id": c.id, "name": c.name} for c in rows]


@app.get("/customers/{customer_id}/statement", response_model=Statement)
async def customer_statement(
    customer_id: int,
    db: Annotated[AsyncSession, Depends(get_session)],
    caller: Annotated[Caller, Depends(current_caller)],
) -> Statement:
    customer = await db.get(Customer, customer_id)
    if customer is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such customer")
    if customer.org_id != caller.org_id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no such customer")

    invoices = (
        await db.scalars(
            select(Invoice)
            .where(Invoice.customer_id == customer.id)
            .order_by(Invoice.issued_on.desc())
        )
    ).all()
    outstanding = sum((i.total for i in invoices if not i.paid), Decimal("0"))
    return Statement(
        customer=customer.name,
        email=customer.email,
        billing_address=customer.billing_address,
        outstanding=outstanding,
        invoices=[
            InvoiceLine(number=i.number, issued=i.issued_on.isoformat(), total=i.total, paid=i.paid)
            for i in invoices
        ],
    )
