"""Thin client for the card payment gateway's REST API.

Checkout services build a ``GatewayClient`` with the API key they fetched from Vault and call
``authorize`` / ``capture`` / ``refund`` with values taken from the customer's checkout request.
"""
from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import requests

log = logging.getLogger("payments.gateway")

_SECRET_MARKERS = ("token", "card_number", "cvv", "api_key", "authorization")


class GatewayError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code


@dataclass(frozen=True, slots=True)
class Authorization:
    reference: str
    status: str
    amount: Decimal
    currency: str


def _redact(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        key: "***" if any(marker in key.lower() for marker in _SECRET_MARKERS) else value
        for key, value in data.items()
    }


class GatewayClient:
    def __init__(self, base_url: str, api_key: str, *, timeout: float = 10.0,
                 session: requests.Session | None = None) -> None:
        self._base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._timeout = timeout
        self._http = session or requests.Session()

    def _headers(self, idempotency_key: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._api_key}",
            "Idempotency-Key": idempotency_key,
            "Content-Type": "application/json",
            "User-Agent": "payments-client/2.4",
        }

    def _post(self, path: str, payload: Mapping[str, Any], *, idempotency_key: str | None = None) -> dict[str, Any]:
        url = f"{self._base_url}{path}"
        key = idempotency_key or uuid.uuid4().hex
        headers = self._headers(key)
        log.debug("POST %s headers=%s body=%s", url, _redact(headers), _redact(payload))

        started = time.monotonic()
        resp = self._http.post(url, json=dict(payload), headers=headers, timeout=self._timeout)
        elapsed_ms = int((time.monotonic() - started) * 1000)
        log.info("gateway %s -> %s in %d ms", path, resp.status_code, elapsed_ms)

        if resp.status_code >= 400:
            err = resp.json().get("error", {}) if resp.headers.get("Content-Type", "").startswith("application/json") else {}
            raise GatewayError(resp.status_code, err.get("code", "unknown"), err.get("message", resp.reason))
        return resp.json()

    def authorize(self, *, order_id: str, card_token: str, amount: Decimal, currency: str) -> Authorization:
        data = self._post(
            "/v2/authorizations",
            {"order_id": order_id, "card_token": card_token, "amount": str(amount), "currency": currency.upper()},
            idempotency_key=f"auth-{order_id}",
        )
        return Authorization(data["reference"], data["status"], Decimal(data["amount"]), data["currency"])

    def capture(self, reference: str, amount: Decimal | None = None) -> str:
        body: dict[str, Any] = {"reference": reference}
        if amount is not None:
            body["amount"] = str(amount)
        return self._post("/v2/captures", body, idempotency_key=f"capture-{reference}")["status"]

    def refund(self, reference: str, amount: Decimal, reason: str = "requested_by_customer") -> str:
        data = self._post("/v2/refunds", {"reference": reference, "amount": str(amount), "reason": reason})
        return data["refund_id"]
