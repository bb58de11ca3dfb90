import os
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

import httpx

PAYMENTS_URL = os.environ.get("PAYMENTS_API_URL", "https://api.payments.example.com")


class PaymentFailed(Exception):
    pass


def cart_total(lines: Iterable[Mapping[str, Any]]) -> int:
    return sum(int(line["unit_price_cents"]) * int(line["quantity"]) for line in lines)


async def charge_cart(lines: list[Mapping[str, Any]], payment_token: str, email: str) -> dict[str, Any]:
    amount = cart_total(lines)
    if amount <= 0:
        raise PaymentFailed("empty cart")

    async with httpx.AsyncClient(base_url=PAYMENTS_URL, timeout=10.0) as client:
        resp = await client.post(
            "/v1/charges",
            headers={
                "Authorization": f"Bearer {os.environ["PAYMENTS_API_KEY"]}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
            json={
                "amount": amount,
                "currency": "eur",
                "source": payment_token,
                "receipt_email": email,
                "metadata": {"skus": ",".join(line["sku"] for line in lines)},
            },
        )
    if resp.status_code != 200:
        raise PaymentFailed(resp.json().get("error", {}).get("message", "payment declined"))
    return resp.json()
