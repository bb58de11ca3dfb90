"""Payment webhook receiver and refund proxy (Bottle, run under gunicorn)."""
import hashlib
import hmac
import json
import logging
import os
import time

import bottle
import psycopg
import requests

log = logging.getLogger("payments")

SETTINGS = {
    "provider_base_url": "https://api.payflow.example/v2",
    "api_key": os.environ["PAYFLOW_API_KEY"],
    "webhook_secret": "whsec_9f3KQ2pLx7VbN4tRzE8mWc1YhJ6uA0sD",
    "database_url": os.environ["PAYMENTS_DATABASE_URL"],
    "timeout": 10,
    "tolerance_seconds": 300,
}

app = bottle.Bottle()


def _verify_signature(body: bytes, header: str) -> bool:
    # Header format: "t=<unix>,v1=<hex hmac>"
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > SETTINGS["tolerance_seconds"]:
        return False
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(SETTINGS["webhook_secret"].encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("v1", ""))


def _set_order_status(order_ref: str, status: str) -> None:
    with psycopg.connect(SETTINGS["database_url"]) as conn:
        conn.execute(
            "UPDATE orders SET payment_status = %s, updated_at = now() WHERE payment_ref = %s",
            (status, order_ref),
        )


@app.post("/webhooks/payflow")
def payflow_webhook():
    body = bottle.request.body.read()
    if not _verify_signature(body, bottle.request.get_header("Payflow-Signature", "")):
        bottle.abort(400, "bad signature")

    event = json.loads(body)
    match event.get("type"):
        case "payment.succeeded":
            _set_order_status(event["data"]["reference"], "paid")
        case "payment.failed":
            _set_order_status(event["data"]["reference"], "failed")
        case "refund.completed":
            _set_order_status(event["data"]["reference"], "refunded")
        case other:
            log.debug("ignoring event type %s", other)
    return {"received": True}


def create_refund(payment_ref: str, amount_cents: int) -> dict:
    resp = requests.post(
        f"{SETTINGS['provider_base_url']}/refunds",
        json={"payment": payment_ref, "amount": amount_cents},
        headers={"Authorization": f"Bearer {SETTINGS['api_key']}"},
        timeout=SETTINGS["timeout"],
    )
    resp.raise_for_status()
    return resp.json()


application = app
