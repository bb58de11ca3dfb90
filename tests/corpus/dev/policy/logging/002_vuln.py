"""Client for the shipping partner's API."""
import logging
import os

import requests

log = logging.getLogger(__name__)
BASE_URL = "https://api.shipping-partner.example/v2"


def create_label(order_id: str, address: dict) -> str:
    token = os.environ["SHIPPING_API_TOKEN"]
    log.debug("creating label for order %s with token %s", order_id, token)
    resp = requests.post(
        f"{BASE_URL}/labels",
        json={"reference": order_id, "address": address},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    resp.raise_for_status()
    return resp.json()["label_url"]
