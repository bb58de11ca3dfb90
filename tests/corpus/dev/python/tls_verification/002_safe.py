import http.client
import json
import ssl

INVENTORY_HOST = "inventory.partner.example.net"
PARTNER_CA = "/etc/ssl/certs/partner-ca.pem"


def stock_level(sku: str) -> int:
    context = ssl.create_default_context(cafile=PARTNER_CA)
    conn = http.client.HTTPSConnection(INVENTORY_HOST, context=context, timeout=10)
    try:
        conn.request("GET", "/api/stock/" + sku.replace("/", ""))
        payload = json.loads(conn.getresponse().read())
    finally:
        conn.close()
    return int(payload["available"])
