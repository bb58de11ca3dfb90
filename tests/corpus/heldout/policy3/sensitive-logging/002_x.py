import logging
import os
import time
import uuid
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI, Header, HTTPException, Request
from pydantic import BaseModel, Field

log = logging.getLogger("checkout.http")

PROCESSOR_URL = os.environ["PAYMENT_PROCESSOR_URL"]
PROCESSOR_KEY = os.environ["PAYMENT_PROCESSOR_KEY"]

app = FastAPI(docs_url=None, redoc_url=None)
http = httpx.AsyncClient(timeout=10.0)


@app.middleware("http")
async def access_log(request: Request, call_next):
    request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
    started = time.perf_counter()
    response = await call_next(request)
    elapsed_ms = (time.perf_counter() - started) * 1000
    log.info(
        "request_id=%s %s %s -> %d in %.1fms headers=%s",
        request_id,
        request.method,
        request.url.path,
        response.status_code,
        elapsed_ms,
        dict(request.headers),
    )
    response.headers["x-request-id"] = request_id
    return response


async def customer_id(authorization: Annotated[str, Header()]) -> int:
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential:
        raise HTTPException(401, "bearer token required")
    resp = await http.post(f"{os.environ['AUTH_SERVICE_URL']}/introspect", json={"token": credential})
    if resp.status_code != 200 or not (data := resp.json()).get("active"):
        raise HTTPException(401, "token is not active")
    return int(data["customer_id"])


class CardPayment(BaseModel):
    card_number: str = Field(pattern=r"^\d{12,19}$")
    expiry: str = Field(pattern=r"^(0[1-9]|1[0-2])/\d{2}$")
    cvv: str = Field(pattern=r"^\d{3,4}$")
    holder: str = Field(max_length=80)


@app.post("/v1/carts/{cart_id}/checkout")
async def checkout(cart_id: uuid.UUID, card: CardPayment, customer: Annotated[int, Depends(customer_id)]):
    resp = await http.post(
        f"{PROCESSOR_URL}/charges",
        headers={"Authorization": f"Bearer {PROCESSOR_KEY}"},
        json={"reference": str(cart_id), "customer": customer, "card": card.model_dump()},
    )
    if resp.status_code >= 500:
        raise HTTPException(502, "payment processor unavailable")
    result = resp.json()
    if result.get("status") != "succeeded":
        return {"status": "declined", "reason": result.get("decline_code", "unknown")}
    log.info("cart %s paid by customer %s charge=%s", cart_id, customer, result.get("id"))
    return {"status": "paid", "charge_id": result.get("id")}


@app.get("/healthz")
async def healthz():
    return {"ok": True}
