import os

import requests

BILLING_API = "https://billing.internal.example.com/v2"
INTERNAL_CA = "/etc/ssl/certs/internal-ca.pem"


def fetch_invoices(customer_id: int) -> list[dict]:
    response = requests.get(
        f"{BILLING_API}/customers/{customer_id}/invoices",
        headers={"Authorization": f"Bearer {os.environ['BILLING_TOKEN']}"},
        timeout=10,
        verify=INTERNAL_CA,
    )
    response.raise_for_status()
    return response.json()["invoices"]
