"""Outbound webhook delivery."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass

import httpx

SIGNING_KEY = os.environ["WEBHOOK_SIGNING_KEY"].encode()


@dataclass(slots=True)
class DeliveryResult:
    status_code: int
    elapsed_ms: int
    response_excerpt: str


def _signature(body: bytes, timestamp: str) -> str:
    mac = hmac.new(SIGNING_KEY, timestamp.encode() + b"." + body, hashlib.sha256)
    return mac.hexdigest()


async def send_event(endpoint: str, event: str, data: dict) -> DeliveryResult:
    body = json.dumps({"event": event, "data": data}, separators=(",", ":")).encode()
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Hook-Timestamp": ts,
        "X-Hook-Signature": _signature(body, ts),
    }
    started = time.monotonic()
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as client:
        resp = await client.post(endpoint, content=body, headers=headers)
    return DeliveryResult(
        status_code=resp.status_code,
        elapsed_ms=int((time.monotonic() - started) * 1000),
        response_excerpt=resp.text[:500],
    )
