"""Tiny DNS lookup helper served on the ops network.

    GET /lookup?name=example.com&type=MX
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

RECORD_TYPES = {"A", "AAAA", "CNAME", "MX", "NS", "TXT", "SOA", "SRV"}
RESOLVER = os.environ.get("LOOKUP_RESOLVER", "127.0.0.53")


class LookupHandler(BaseHTTPRequestHandler):
    server_version = "dnslookup/1.2"

    def _send_json(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/lookup":
            self._send_json(404, {"error": "not found"})
            return

        query = parse_qs(url.query)
        name = query.get("name", [""])[0].strip()
        rtype = query.get("type", ["A"])[0].upper()
        if not name:
            self._send_json(400, {"error": "name is required"})
            return
        if name[0] in "-+@":
            self._send_json(400, {"error": "invalid name"})
            return
        if rtype not in RECORD_TYPES:
            self._send_json(400, {"error": f"type must be one of {sorted(RECORD_TYPES)}"})
            return

        with os.popen(f"dig +short +time=2 +tries=1 @{RESOLVER} {name} {rtype}") as pipe:
            answers = [line.strip() for line in pipe if line.strip()]

        self._send_json(200, {"name": name, "type": rtype, "answers": answers})

    def log_message(self, fmt, *args):
        # keep the access log terse; the ops proxy already records full requests
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("0.0.0.0", 8053), LookupHandler).serve_forever()
