"""Licence activation check for the desktop client.

The licence registry is exported nightly from the billing system as XML and
served by this small stand-alone process behind the company proxy.
"""
import json
import logging
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from lxml import etree

REGISTRY_PATH = os.environ.get("LICENCE_REGISTRY", "/var/lib/licensing/registry.xml")

log = logging.getLogger("licence-check")
_lock = threading.Lock()
_registry: etree._ElementTree | None = None
_registry_mtime = 0.0


def registry() -> etree._ElementTree:
    global _registry, _registry_mtime
    mtime = os.path.getmtime(REGISTRY_PATH)
    with _lock:
        if _registry is None or mtime != _registry_mtime:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            _registry = etree.parse(REGISTRY_PATH, parser)
            _registry_mtime = mtime
        return _registry


def find_licence(product: str, key: str):
    query = f"/licences/licence[@product='{product}' and key='{key}' and not(@revoked='true')]"
    matches = registry().xpath(query)
    return matches[0] if matches else None


class LicenceHandler(BaseHTTPRequestHandler):
    server_version = "licence-check/1.4"

    def _send(self, code: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/v1/activate":
            self._send(404, {"error": "not found"})
            return

        params = parse_qs(url.query)
        product = params.get("product", [""])[0]
        key = params.get("key", [""])[0].strip().upper()
        if not product or not key:
            self._send(400, {"error": "product and key are required"})
            return

        licence = find_licence(product, key)
        if licence is None:
            log.info("activation refused for product=%s from %s", product, self.client_address[0])
            self._send(403, {"active": False})
            return

        self._send(200, {
            "active": True,
            "seats": int(licence.get("seats", "1")),
            "expires": licence.findtext("expires"),
            "edition": licence.get("edition", "standard"),
        })

    def log_message(self, fmt, *args):
        log.debug("%s - %s", self.client_address[0], fmt % args)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    ThreadingHTTPServer(("127.0.0.1", 8650), LicenceHandler).serve_forever()
