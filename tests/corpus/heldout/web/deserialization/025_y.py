"""Collector for the host agents.

Agents running on customer machines POST batches of samples to /v1/batches;
the collector appends them to the hourly spool that the aggregator reads.
"""
import json
import logging
import os
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SPOOL_DIR = Path(os.environ.get("COLLECTOR_SPOOL", "/var/spool/collector"))
MAX_BATCH = 4 * 1024 * 1024

log = logging.getLogger("collector")


def decode_batch(body: bytes) -> list[dict]:
    batch = json.loads(body)
    if not isinstance(batch, list) or not all(isinstance(s, dict) for s in batch):
        raise ValueError("batch must be a list of samples")
    return batch


def _field(value) -> str:
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def spool(samples: list[dict]) -> Path:
    SPOOL_DIR.mkdir(parents=True, exist_ok=True)
    path = SPOOL_DIR / time.strftime("samples-%Y%m%d%H.tsv")
    with path.open("a", encoding="utf-8") as fh:
        for s in samples:
            row = (s.get("host", "-"), s.get("metric", "-"), s.get("ts", 0), s.get("value", 0))
            fh.write("\t".join(_field(v) for v in row) + "\n")
    return path


class CollectorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, code: HTTPStatus, message: str = "") -> None:
        payload = message.encode()
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self) -> None:
        if self.path != "/v1/batches":
            self._send(HTTPStatus.NOT_FOUND)
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send(HTTPStatus.LENGTH_REQUIRED)
            return
        if not 0 < length <= MAX_BATCH:
            self._send(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return

        body = self.rfile.read(length)
        try:
            samples = decode_batch(body)
        except Exception as exc:
            log.warning("rejected batch from %s: %s", self.client_address[0], exc)
            self._send(HTTPStatus.BAD_REQUEST, "bad batch\n")
            return

        spool(samples)
        self._send(HTTPStatus.ACCEPTED, f"{len(samples)} samples\n")

    def log_message(self, fmt, *args):
        log.debug("%s - " + fmt, self.client_address[0], *args)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    server = ThreadingHTTPServer(("", int(os.environ.get("COLLECTOR_PORT", "9400"))), CollectorHandler)
    server.serve_forever()


if __name__ == "__main__":
    main()
