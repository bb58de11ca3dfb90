"""Supplier feed checker.

Suppliers paste or upload a sample of their stock feed to check that it will
be accepted by the nightly import; we parse it and return a short summary.
Runs as a small standalone service next to the import workers.
"""
from __future__ import annotations

import json
import logging
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

log = logging.getLogger("feedcheck")

MAX_FEED_BYTES = 5 * 1024 * 1024
REQUIRED_FIELDS = ("sku", "name", "qty", "price")


def summarise_feed(raw: bytes) -> dict:
    root = fromstring(raw, forbid_dtd=True)
    items, problems = [], []
    for idx, item in enumerate(root.iter("item"), start=1):
        record = {field: (item.findtext(field) or "").strip() for field in REQUIRED_FIELDS}
        missing = [f for f, v in record.items() if not v]
        if missing:
            problems.append({"item": idx, "missing": missing})
        items.append(record)
    return {
        "supplier": root.get("supplier", ""),
        "items": len(items),
        "sample": items[:5],
        "problems": problems[:50],
    }


class FeedCheckHandler(BaseHTTPRequestHandler):
    server_version = "feedcheck/2.1"

    def _send_json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        if self.path != "/check":
            self._send_json(404, {"error": "not found"})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if length <= 0 or length > MAX_FEED_BYTES:
            self._send_json(413, {"error": "feed must be between 1 byte and 5 MB"})
            return

        raw = self.rfile.read(length)
        try:
            summary = summarise_feed(raw)
        except DefusedXmlException:
            self._send_json(422, {"error": "DOCTYPE and entity declarations are not supported, use the v2 feed format"})
            return
        except ParseError as exc:
            self._send_json(422, {"error": f"feed is not valid XML: {exc}"})
            return
        self._send_json(200, summary)

    def log_message(self, fmt: str, *args) -> None:
        log.info("%s %s", self.address_string(), fmt % args)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    host = os.environ.get("FEEDCHECK_HOST", "127.0.0.1")
    port = int(os.environ.get("FEEDCHECK_PORT", "8740"))
    ThreadingHTTPServer((host, port), FeedCheckHandler).serve_forever()


if __name__ == "__main__":
    main()
