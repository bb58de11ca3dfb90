"""Tiny blob ingest endpoint used by the build agents."""
import hmac
import json
import logging
import os
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import spool

MAX_BLOB = 512 * 1024 * 1024
INGEST_KEY = os.environ["BLOB_INGEST_KEY"]

log = logging.getLogger("blob_ingest")


class IngestHandler(BaseHTTPRequestHandler):
    server_version = "blob-ingest/1.3"

    def _reply(self, status: HTTPStatus, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        supplied = self.headers.get("X-Ingest-Key", "")
        return hmac.compare_digest(supplied.encode(), INGEST_KEY.encode())

    def do_PUT(self) -> None:
        if self.path != "/blobs":
            return self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})
        if not self._authorised():
            return self._reply(HTTPStatus.UNAUTHORIZED, {"error": "bad key"})
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            return self._reply(HTTPStatus.LENGTH_REQUIRED, {"error": "length required"})

        try:
            path, digest = spool.spool_stream(self.rfile, length, MAX_BLOB)
        except spool.SpoolTooLarge:
            return self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "too large"})

        try:
            spool.commit(path, digest)
        except OSError:
            log.exception("commit failed for %s", digest)
            spool.discard(path)
            return self._reply(HTTPStatus.INTERNAL_SERVER_ERROR, {"error": "store failed"})
        return self._reply(HTTPStatus.CREATED, {"sha256": digest})

    def log_message(self, fmt, *args):
        log.info("%s - %s", self.address_string(), fmt % args)


def serve(host: str = "127.0.0.1", port: int = 8710) -> None:
    logging.basicConfig(level=logging.INFO)
    ThreadingHTTPServer((host, port), IngestHandler).serve_forever()


if __name__ == "__main__":
    serve()
