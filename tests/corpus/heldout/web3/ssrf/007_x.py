"""Link preview microservice, plain ASGI (run with: uvicorn preview:app)."""
from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx

TITLE_RE = re.compile(rb"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
OG_IMAGE_RE = re.compile(
    rb'<meta[^>]+property=["\']og:image["\'][^>]+content=["\']([^"\']+)["\']', re.IGNORECASE
)
MAX_BYTES = 256 * 1024


async def _send_json(send, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def fetch_preview(url: str) -> dict:
    async with httpx.AsyncClient(timeout=5.0, follow_redirects=True) as client:
        async with client.stream("GET", url, headers={"User-Agent": "preview-bot/1.2"}) as resp:
            chunks = bytearray()
            async for chunk in resp.aiter_bytes():
                chunks.extend(chunk)
                if len(chunks) >= MAX_BYTES:
                    break
    head = bytes(chunks)
    title = TITLE_RE.search(head)
    image = OG_IMAGE_RE.search(head)
    return {
        "url": url,
        "status": resp.status_code,
        "title": unescape(title.group(1).decode("utf-8", "replace").strip()) if title else None,
        "image": image.group(1).decode("utf-8", "replace") if image else None,
    }


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    if scope["path"] != "/preview" or scope["method"] != "GET":
        await _send_json(send, 404, {"error": "not found"})
        return

    params = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    target = (params.get("url") or [""])[0]
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        await _send_json(send, 400, {"error": "url must be an absolute http(s) URL"})
        return

    try:
        preview = await fetch_preview(target)
    except httpx.HTTPError as exc:
        await _send_json(send, 502, {"error": f"fetch failed: {type(exc).__name__}"})
        return
    await _send_json(send, 200, preview)
