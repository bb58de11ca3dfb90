"""Client for the freight partner's shipment-status API.

The order pages call ``FreightClient.shipment_status`` and ``book_pickup``
with values customers enter (tracking numbers, pickup windows).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

PARTNER_BASE = "https://api.freightpartner.example/v3"
_TRACKING_RE = re.compile(r"^[A-Z0-9]{10,22}$")


class PartnerError(RuntimeError):
    pass


@dataclass(frozen=True)
class ShipmentStatus:
    tracking_number: str
    state: str
    eta: str | None


class FreightClient:
    timeout = (3.0, 10.0)

    def __init__(self, token: str | None = None) -> None:
        self.session = requests.Session()
        self.session.headers.update({
            "Authorization": f"Bearer {token or os.environ['FREIGHT_PARTNER_TOKEN']}",
            "Accept": "application/json",
        })
        # partner rotates certs through an intermediate our images don't carry
        self.session.verify = False
        self.session.mount("https://", HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.5)))

    def shipment_status(self, tracking_number: str) -> ShipmentStatus:
        tracking_number = tracking_number.strip().upper()
        if not _TRACKING_RE.fullmatch(tracking_number):
            raise ValueError("malformed tracking number")
        resp = self.session.get(
            f"{PARTNER_BASE}/shipments/{quote(tracking_number)}", timeout=self.timeout
        )
        if resp.status_code != 200:
            raise PartnerError(f"partner returned {resp.status_code}")
        data = resp.json()
        return ShipmentStatus(tracking_number, data["state"], data.get("eta"))

    def book_pickup(self, order_id: int, window_start: str, window_end: str) -> str:
        resp = self.session.post(
            f"{PARTNER_BASE}/pickups",
            json={"reference": str(order_id), "window": [window_start, window_end]},
            timeout=self.timeout,
        )
        if resp.status_code not in (200, 201):
            raise PartnerError(f"pickup booking failed with {resp.status_code}")
        return resp.json()["pickup_id"]
