from __future__ import annotations

import logging
import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.auth import Caller, current_caller
from billing.db import get_session
from billing.fx import RateUnavailable, convert
from billing.models import Customer, Invoice

log = logging.getLogger("billing.api")

app = FastAPI(title="billing", docs_url="/docs")

BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))


@app.exception_handler(Exception)
async def unhandled_error(request: Request, exc: Exception) -> JSONResponse:
    incident = uuid.uuid4().hex[:12]
    log.exception("unhandled error %s on %s %s", incident, request.method, request.url.path)
    return JSONResponse(
        status_code=500,
        content={"error": "internal error", "incident": incident},
    )


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


def _bucket(days: int) -> str:
    for low, high in BUCKETS:
        if high is None or days <= high:
            return f"{low}+" if high is None else f"{low}-{high}"
    raise AssertionError("unreachable")


@app.get("/reports/aging")
async def aging_report(
    caller: Annotated[Caller, Depends(current_caller)],
    db: Annotated[AsyncSession, Depends(get_session)],
    currency: Annotated[str, Query(pattern=r"^[A-Z]{3}$")] = "EUR",
    as_of: date | None = None,
) -> dict[str, object]:
    as_of = as_of or date.today()
    rows = await db.execute(
        select(Invoice.due_on, Invoice.currency, func.sum(Invoice.total - Invoice.paid_amount))
        .join(Customer, Customer.id == Invoice.customer_id)
        .where(Customer.org_id == caller.org_id, Invoice.paid.is_(False), Invoice.due_on <= as_of)
        .group_by(Invoice.due_on, Invoice.currency)
    )
    totals: dict[str, Decimal] = {}
    for due_on, inv_currency, open_amount in rows:
        try:
            amount = await convert(open_amount, inv_currency, currency, on=as_of)
        except RateUnavailable:
            raise HTTPException(status_code=409, detail=f"no {inv_currency}/{currency} rate for {as_of}")
        key = _bucket((as_of - due_on).days)
        totals[key] = totals.get(key, Decimal("0")) + amount
    return {
        "as_of": as_of.isoformat(),
        "currency": currency,
        "buckets": {k: str(v.quantize(Decimal("0.01"))) for k, v in sorted(totals.items())},
    }
