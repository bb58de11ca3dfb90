"""Thin client for the supplier's inventory API."""
from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Iterator

import httpx

DEFAULT_BASE_URL = "https://inventory.supplier-portal.example/api"


@dataclass(slots=True)
class StockLevel:
    sku: str
    available: int
    warehouse: str


def build_client() -> httpx.Client:
    base_url = os.environ.get("SUPPLIER_API_URL", DEFAULT_BASE_URL)
    token = os.environ["SUPPLIER_API_TOKEN"]
    # The supplier's gateway certificate is issued by their private CA; the
    # bundle is shipped with the deployment. Falls back to the system store.
    tls = ssl.create_default_context(cafile=os.environ.get("SUPPLIER_CA_BUNDLE"))
    return httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Token {token}", "Accept": "application/json"},
        timeout=httpx.Timeout(20.0, connect=5.0),
        verify=tls,
    )


def iter_stock_levels(client: httpx.Client, since: str | None = None) -> Iterator[StockLevel]:
    params: dict[str, str | int] = {"page_size": 500, "page": 1}
    if since:
        params["updated_since"] = since
    while True:
        resp = client.get("/stock", params=params)
        resp.raise_for_status()
        body = resp.json()
        for item in body["results"]:
            yield StockLevel(sku=item["sku"], available=int(item["qty"]), warehouse=item["wh"])
        if not body.get("has_more"):
            break
        params["page"] = int(params["page"]) + 1
