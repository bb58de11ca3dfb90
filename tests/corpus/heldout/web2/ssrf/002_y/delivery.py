"""Outbound webhook delivery for partner integrations."""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass

import requests
from django.conf import settings

log = logging.getLogger(__name__)

USER_AGENT = "orders-webhooks/2.3"


@dataclass(slots=True)
class DeliveryResult:
    target: str
    status_code: int
    elapsed_ms: int
    response_excerpt: str


def resolve_target(target: str) -> str:
    """Accept either a configured partner key or a full endpoint."""
    endpoints: dict[str, str] = getattr(settings, "PARTNER_WEBHOOKS", {})
    return endpoints.get(target, target)


def send_event(endpoint: str, event_type: str, payload: dict) -> DeliveryResult:
    body = json.dumps({"type": event_type, "data": payload, "sent_at": int(time.time())})
    started = time.monotonic()
    resp = requests.post(
        endpoint,
        data=body,
        headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
        timeout=6,
    )
    elapsed = int((time.monotonic() - started) * 1000)
    log.info("webhook %s -> %s in %dms", event_type, resp.status_code, elapsed)
    return DeliveryResult(
        target=endpoint,
        status_code=resp.status_code,
        elapsed_ms=elapsed,
        response_excerpt=resp.text[:2000],
    )
