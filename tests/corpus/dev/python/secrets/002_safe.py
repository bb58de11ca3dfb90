"""Thin client for the payment provider's refund API."""
import os

import requests

API_BASE = "https://api.payments.example.com/v1"
API_KEY = os.environ["PAYMENTS_API_KEY"]


def refund(charge_id: str, amount_cents: int) -> dict:
    resp = requests.post(
        f"{API_BASE}/refunds",
        data={"charge": charge_id, "amount": amount_cents},
        headers={"Authorization": f"Bearer {API_KEY}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()
