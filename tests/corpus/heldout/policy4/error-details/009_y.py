"""Stock-level API for store terminals.

Runs behind the store network's reverse proxy:  python -m stockapi.server
"""
from __future__ import annotations

import hmac
import json
import logging
import os
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import psycopg
from psycopg_pool import ConnectionPool

log = logging.getLogger("stockapi")
pool = ConnectionPool(os.environ["STOCK_DATABASE_URL"], min_size=1, max_size=8, open=False)

MAX_BODY = 64 * 1024
TERMINAL_KEYS = tuple(k for k in os.environ.get("STOCK_TERMINAL_KEYS", "").split(",") if k)


class BadRequest(Exception):
    pass


def get_stock(sku: str) -> dict:
    with pool.connection() as conn:
        row = conn.execute(
            "SELECT sku, store_id, on_hand, reserved FROM stock WHERE sku = %s", (sku,)
        ).fetchone()
    if row is None:
        raise LookupError(sku)
    return {"sku": row[0], "store_id": row[1], "on_hand": row[2], "reserved": row[3]}


def adjust_stock(sku: str, payload: dict) -> dict:
    delta = payload.get("delta")
    if not isinstance(delta, int) or isinstance(delta, bool):
        raise BadRequest("delta must be an integer")
    reason = str(payload.get("reason", "manual"))[:64]
    with pool.connection() as conn:
        row = conn.execute(
            "UPDATE stock SET on_hand = on_hand + %s WHERE sku = %s RETURNING on_hand",
            (delta, sku),
        ).fetchone()
        if row is None:
            raise LookupError(sku)
        conn.execute(
            "INSERT INTO stock_movements (sku, delta, reason) VALUES (%s, %s, %s)",
            (sku, delta, reason),
        )
    return {"sku": sku, "on_hand": row[0]}


def terminal_key_valid(presented: str | None) -> bool:
    if not presented:
        return False
    return any(hmac.compare_digest(presented.encode(), key.encode()) for key in TERMINAL_KEYS)


class StockHandler(BaseHTTPRequestHandler):
    server_version = "stockapi"

    def _send_json(self, status: HTTPStatus, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > MAX_BODY:
            raise BadRequest("missing or oversized body")
        try:
            payload = json.loads(self.rfile.read(length))
        except json.JSONDecodeError:
            raise BadRequest("body must be JSON")
        if not isinstance(payload, dict):
            raise BadRequest("body must be a JSON object")
        return payload

    def _dispatch(self, method: str) -> None:
        parts = self.path.split("?", 1)[0].strip("/").split("/")
        try:
            match (method, parts):
                case ("GET", ["health"]):
                    self._send_json(HTTPStatus.OK, {"status": "ok"})
                case _ if not terminal_key_valid(self.headers.get("X-Terminal-Key")):
                    self._send_json(HTTPStatus.UNAUTHORIZED, {"error": "terminal key required"})
                case ("GET", ["stock", sku]):
                    self._send_json(HTTPStatus.OK, get_stock(sku))
                case ("POST", ["stock", sku, "adjust"]):
                    self._send_json(HTTPStatus.OK, adjust_stock(sku, self._read_json()))
                case _:
                    self._send_json(HTTPStatus.NOT_FOUND, {"error": "not found"})
        except BadRequest as exc:
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
        except LookupError:
            self._send_json(HTTPStatus.NOT_FOUND, {"error": "unknown sku"})
        except Exception as exc:
            log.exception("request failed: %s %s", method, self.path)
            self._send_json(
                HTTPStatus.INTERNAL_SERVER_ERROR,
                {
                    "error": "internal error",
                    "type": type(exc).__name__,
                    "detail": str(exc),
                    "trace": traceback.format_exc().splitlines(),
                },
            )

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def log_message(self, format: str, *args) -> None:
        log.info("%s - %s", self.address_string(), format % args)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    pool.open()
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8081"))), StockHandler)
    try:
        server.serve_forever()
    finally:
        pool.close()


if __name__ == "__main__":
    main()
