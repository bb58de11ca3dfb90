"""Expiring download links for generated report exports (plain WSGI)."""
import hashlib
import hmac
import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qs

EXPORT_DIR = Path(os.environ.get("EXPORT_DIR", "/srv/exports"))
LINK_SECRET = os.environ["EXPORT_LINK_SECRET"]
LINK_TTL = 15 * 60


def _load_index() -> dict[str, str]:
    with open(EXPORT_DIR / "index.json", encoding="utf-8") as fh:
        return json.load(fh)


def sign_link(export_id: str, expires: int) -> str:
    payload = f"{LINK_SECRET}:{export_id}:{expires}"
    return hashlib.md5(payload.encode()).hexdigest()


def make_link(export_id: str) -> str:
    expires = int(time.time()) + LINK_TTL
    return f"/download?id={export_id}&exp={expires}&sig={sign_link(export_id, expires)}"


def _respond(start_response, status: str, body: bytes, headers=None):
    hdrs = [("Content-Length", str(len(body)))] + list(headers or [])
    start_response(status, hdrs)
    return [body]


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/download":
        return _respond(start_response, "404 Not Found", b"not found")

    qs = parse_qs(environ.get("QUERY_STRING", ""))
    export_id = qs.get("id", [""])[0]
    sig = qs.get("sig", [""])[0]
    try:
        expires = int(qs.get("exp", ["0"])[0])
    except ValueError:
        return _respond(start_response, "400 Bad Request", b"bad expiry")

    if expires < time.time():
        return _respond(start_response, "410 Gone", b"link expired")
    if not hmac.compare_digest(sig, sign_link(export_id, expires)):
        return _respond(start_response, "403 Forbidden", b"bad signature")

    filename = _load_index().get(export_id)
    if filename is None:
        return _respond(start_response, "404 Not Found", b"unknown export")

    data = (EXPORT_DIR / filename).read_bytes()
    return _respond(
        start_response,
        "200 OK",
        data,
        [
            ("Content-Type", "text/csv"),
            ("Content-Disposition", 'attachment; filename="report.csv"'),
        ],
    )
