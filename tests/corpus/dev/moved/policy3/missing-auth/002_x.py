from __future__ import annotations

import os
import secrets
from datetime import date
from decimal import Decimal
from typing import Annotated

import asyncpg
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Query, status
from pydantic import BaseModel

DATABASE_URL = os.environ["LEDGER_DATABASE_URL"]

app = FastAPI(title="ledger", docs_url=None, redoc_url=None, openapi_url=None)
pool: asyncpg.Pool | None = None


@app.on_event("startup")
async def open_pool() -> None:
    global pool
    pool = await asyncpg.create_pool(DATABASE_URL, min_size=1, max_size=10)


class Caller(BaseModel):
    user_id: int
    role: str


async def current_caller(authorization: Annotated[str | None, Header()] = None) -> Caller:
    if not authorization or not authorization.startswith("Bearer "):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing bearer token")
    token = authorization.removeprefix("Bearer ").strip()
    row = await pool.fetchrow(
        "SELECT u.id, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id "
        "WHERE t.token_hash = encode(digest($1, 'sha256'), 'hex') AND t.expires_at > now()",
        token,
    )
    if row is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid token")
    return Caller(user_id=row["id"], role=row["role"])


invoices = APIRouter(prefix="/invoices", tags=["invoices"], dependencies=[Depends(current_caller)])
reports = APIRouter(prefix="/reports", tags=["reports"])


class InvoiceOut(BaseModel):
    id: int
    customer: str
    total: Decimal
    due: date
    paid: bool


@invoices.get("", response_model=list[InvoiceOut])
async def list_invoices(unpaid_only: bool = False):
    sql = "SELECT id, customer, total, due, paid FROM invoices"
    if unpaid_only:
        sql += " WHERE NOT paid"
    rows = await pool.fetch(sql + " ORDER BY due")
    return [InvoiceOut(**dict(r)) for r in rows]


@invoices.post("/{invoice_id}/mark-paid", status_code=204)
async def mark_paid(invoice_id: int):
    result = await pool.execute("UPDATE invoices SET paid = true WHERE id = $1", invoice_id)
    if result.endswith(" 0"):
        raise HTTPException(404, "invoice not found")


@reports.get("/profit-and-loss")
async def profit_and_loss(year: Annotated[int, Query(ge=2000, le=2100)]):
    rows = await pool.fetch(
        "SELECT date_trunc('month', booked_on) AS month, sum(income) AS income, sum(expense) AS expense "
        "FROM bookings WHERE extract(year FROM booked_on) = $1 GROUP BY 1 ORDER BY 1",
        year,
    )
    return {
        "year": year,
        "months": [
            {"month": r["month"].date().isoformat(), "income": str(r["income"]), "expense": str(r["expense"])}
            for r in rows
        ],
    }


@reports.get("/outstanding")
async def outstanding():
    rows = await pool.fetch(
        "SELECT customer, sum(total) AS owed FROM invoices WHERE NOT paid GROUP BY customer ORDER BY owed DESC"
    )
    return {"customers": [{"customer": r["customer"], "owed": str(r["owed"])} for r in rows]}


class TokenRequest(BaseModel):
    email: str
    password: str


@app.post("/auth/token")
async def issue_token(body: TokenRequest):
    row = await pool.fetchrow(
        "SELECT id FROM users WHERE email = $1 AND password_hash = crypt($2, password_hash)",
        body.email.lower(),
        body.password,
    )
    if row is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "invalid credentials")
    token = secrets.token_urlsafe(32)
    await pool.execute(
        "INSERT INTO api_tokens (token_hash, user_id, expires_at) "
        "VALUES (encode(digest($1, 'sha256'), 'hex'), $2, now() + interval '8 hours')",
        token,
        row["id"],
    )
    return {"access_token": token, "token_type": "bearer"}


@app.get("/health")
async def health():
    return {"ok": True}


app.include_router(invoices)
app.include_router(reports, dependencies=[Depends(current_caller)])
