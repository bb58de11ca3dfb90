"""Stock level service for partner warehouses (stdlib HTTP server behind the API gateway)."""
import json
import logging
import os
import re
import sqlite3
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger("inventory")

DB_PATH = os.environ.get("INVENTORY_DB", "/var/lib/inventory/stock.sqlite3")
SKU_RE = re.compile(r"^[A-Z0-9]{3,12}(-[A-Z0-9]{1,6})?$")
MAX_BODY = 256 * 1024


class BadRequest(Exception):
    pass


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH, timeout=5)
    conn.row_factory = sqlite3.Row
    return conn


def stock_for(sku: str) -> dict:
    if not SKU_RE.fullmatch(sku):
        raise BadRequest("unknown SKU format")
    with connect() as conn:
        rows = conn.execute(
            "SELECT warehouse, on_hand, reserved FROM stock WHERE sku = ? ORDER BY warehouse", (sku,)
        ).fetchall()
    return {"sku": sku, "warehouses": [dict(r) for r in rows]}


def apply_updates(warehouse: str, updates: list[dict]) -> int:
    with connect() as conn:
        for item in updates:
            sku, delta = item["sku"], int(item["delta"])
            if not SKU_RE.fullmatch(sku):
                raise BadRequest("unknown SKU format")
            conn.execute(
                "INSERT INTO stock (sku, warehouse, on_hand, reserved) VALUES (?, ?, max(?, 0), 0) "
                "ON CONFLICT (sku, warehouse) DO UPDATE SET on_hand = max(on_hand + excluded.on_hand, 0)",
                (sku, warehouse, delta),
            )
    return len(updates)


class StockHandler(BaseHTTPRequestHandler):
    server_version = "stock/1.4"

    def _send_json(self, status: HTTPStatus, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _run(self, action) -> None:
        try:
            self._send_json(HTTPStatus.OK, action())
        except BadRequest as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except Exception as exc:
            log.exception("request %s %s failed", self.command, self.path)
            self._send_json(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                {"error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc().splitlines()},
            )

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        match url.path:
            case "/healthz":
                self._send_json(HTTPStatus.OK, {"ok": True})
            case "/stock":
                sku = parse_qs(url.query).get("sku", [""])[0].upper()
                self._run(lambda: stock_for(sku))
            case _:
                self._send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/stock-updates":
            self._send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        warehouse = self.headers.get("X-Partner-Id", "")
        if not warehouse:
            self._send_json(HTTPStatus.UNAUTHORIZED, {"error": "partner identity missing"})
            return
        declared = self.headers.get("Content-Length", "")
        length = int(declared) if declared.isdigit() else 0
        if length <= 0 or length > MAX_BODY:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": "body required (max 256 KiB)"})
            return

        def action():
            doc = json.loads(self.rfile.read(length))
            count = apply_updates(warehouse, doc["updates"])
            return {"applied": count, "message": f"{count} updates for {doc.get("batch", "unnamed batch")}"}

        self._run(action)

    def log_message(self, fmt, *args) -> None:
        log.info("%s %s", self.address_string(), fmt % args)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    ThreadingHTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8080"))), StockHandler).serve_forever()
