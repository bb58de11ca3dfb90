"""Plain WSGI front-end for the parts catalogue."""
from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

from .catalog import Listing, list_parts, open_db

DB_PATH = os.environ.get("CATALOG_DB", "/srv/catalog/parts.sqlite3")


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body)))])
    return [body]


def _listing_from_query(qs: dict[str, list[str]]) -> Listing:
    first = lambda key, default: qs.get(key, [default])[0]
    try:
        page = max(1, int(first("page", "1")))
        per_page = min(200, max(1, int(first("per_page", "50"))))
    except ValueError:
        page, per_page = 1, 50
    return Listing(
        search=first("q", "").strip(),
        sort=first("sort", "name"),
        direction=first("dir", "asc"),
        page=page,
        per_page=per_page,
    )


def application(environ, start_response):
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "/")

    if path == "/healthz":
        return _json(start_response, "200 OK", {"ok": True})
    if path != "/parts":
        return _json(start_response, "404 Not Found", {"error": "not found"})
    if method != "GET":
        return _json(start_response, "405 Method Not Allowed", {"error": "GET only"})

    listing = _listing_from_query(parse_qs(environ.get("QUERY_STRING", "")))
    conn = open_db(DB_PATH)
    try:
        parts = list_parts(conn, listing)
    finally:
        conn.close()
    return _json(start_response, "200 OK", {
        "page": listing.page,
        "items": [p.to_json() for p in parts],
    })
