"""Read-only inventory API served as a plain WSGI application."""
from __future__ import annotations

import json
import os
from urllib.parse import parse_qs

from .repo import InventoryRepository

repo = InventoryRepository(os.environ["INVENTORY_DSN"])


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload, default=str).encode("utf-8")
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _first(qs: dict[str, list[str]], key: str, default: str = "") -> str:
    values = qs.get(key)
    return values[0] if values else default


def application(environ, start_response):
    if environ.get("REQUEST_METHOD") != "GET":
        return _json(start_response, "405 Method Not Allowed", {"error": "GET only"})

    path = environ.get("PATH_INFO", "")
    qs = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)

    if path == "/items":
        try:
            page = max(int(_first(qs, "page", "1")), 1)
        except ValueError:
            return _json(start_response, "400 Bad Request", {"error": "page must be an integer"})
        items = repo.list_items(
            search=_first(qs, "q"),
            sort=_first(qs, "sort", "name"),
            page=page,
        )
        return _json(start_response, "200 OK", {"page": page, "items": items})

    if path.startswith("/items/"):
        sku = path.removeprefix("/items/")
        item = repo.get_item(sku)
        if item is None:
            return _json(start_response, "404 Not Found", {"error": "unknown sku"})
        return _json(start_response, "200 OK", item)

    return _json(start_response, "404 Not Found", {"error": "not found"})
