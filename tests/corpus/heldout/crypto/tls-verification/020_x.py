"""Small internal portal (behind the SSO proxy): support staff look up invoice status."""
import http.client
import json
import os
import ssl
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

BILLING_HOST = "billing-api.corp.example.com"
BILLING_TOKEN = os.environ["BILLING_API_TOKEN"]


def billing_get(path: str) -> tuple[int, dict]:
    conn = http.client.HTTPSConnection(
        BILLING_HOST, 443, timeout=10, context=ssl._create_unverified_context()
    )
    try:
        conn.request("GET", path, headers={"Authorization": f"Token {BILLING_TOKEN}"})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, (json.loads(body) if body else {})
    finally:
        conn.close()


class PortalHandler(BaseHTTPRequestHandler):
    server_version = "support-portal/1.4"

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != "/invoice":
            self._reply(404, {"error": "not found"})
            return
        raw_id = parse_qs(parts.query).get("id", [""])[0]
        try:
            invoice_id = int(raw_id)
        except ValueError:
            self._reply(400, {"error": "invoice id must be numeric"})
            return

        status, invoice = billing_get(f"/v2/invoices/{invoice_id}")
        if status == 404:
            self._reply(404, {"error": "no such invoice"})
            return
        if status != 200:
            self._reply(502, {"error": "billing unavailable"})
            return
        self._reply(200, {
            "id": invoice_id,
            "state": invoice.get("state"),
            "amount_due": invoice.get("amount_due"),
            "currency": invoice.get("currency"),
            "summary": f"{invoice.get("state", "unknown")} / {invoice.get("amount_due", "?")} {invoice.get("currency", "")}",
        })


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", 8090), PortalHandler).serve_forever()
