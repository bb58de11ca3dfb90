"""Thumbnail service used by integrations: GET /thumbs/<photo id>?w=<width>."""
from __future__ import annotations

import hmac
import io
import logging
import os
import uuid
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from PIL import Image

log = logging.getLogger("mediahub.thumbs")

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/srv/mediahub/volume"))
INTEGRATION_KEY = os.environ["THUMBS_API_KEY"]
MIN_WIDTH, MAX_WIDTH = 16, 1024


def _original_path(photo_id: int) -> Path:
    return MEDIA_ROOT / "originals" / f"{photo_id:010d}.jpg"


def render_thumbnail(photo_id: int, width: int) -> bytes:
    with Image.open(_original_path(photo_id)) as img:
        img.thumbnail((width, width * 4))
        out = io.BytesIO()
        img.convert("RGB").save(out, format="JPEG", quality=82)
    return out.getvalue()


class ThumbHandler(BaseHTTPRequestHandler):
    server_version = "thumbs/1.4"

    def _send(self, status: HTTPStatus, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _authorised(self) -> bool:
        supplied = self.headers.get("X-Api-Key", "")
        return hmac.compare_digest(supplied.encode(), INTEGRATION_KEY.encode())

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/health":
            self._send(HTTPStatus.OK, b"ok")
            return
        if not self._authorised():
            self._send(HTTPStatus.UNAUTHORIZED, b"missing or invalid API key")
            return

        parts = url.path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != "thumbs" or not parts[1].isdigit():
            self._send(HTTPStatus.NOT_FOUND, b"not found")
            return

        photo_id = int(parts[1])
        try:
            width = int(parse_qs(url.query).get("w", ["256"])[0])
        except ValueError:
            self._send(HTTPStatus.BAD_REQUEST, b"w must be an integer")
            return
        width = max(MIN_WIDTH, min(width, MAX_WIDTH))

        try:
            data = render_thumbnail(photo_id, width)
        except FileNotFoundError:
            self._send(HTTPStatus.NOT_FOUND, b"no such photo")
            return
        except Exception:
            ref = uuid.uuid4().hex[:10]
            log.exception("thumbnail %s for photo %d failed", ref, photo_id)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"thumbnail failed (ref {ref})".encode())
            return
        self._send(HTTPStatus.OK, data, "image/jpeg")

    def log_message(self, format: str, *args) -> None:
        log.info("%s %s", self.address_string(), format % args)


def main() -> None:
    logging.basicConfig(level=logging.INFO)
    host = os.environ.get("THUMBS_HOST", "127.0.0.1")
    port = int(os.environ.get("THUMBS_PORT", "8085"))
    ThreadingHTTPServer((host, port), ThumbHandler).serve_forever()


if __name__ == "__main__":
    main()
