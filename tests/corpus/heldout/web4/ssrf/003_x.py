"""Link unfurling for the chat service.

When a message contains a URL the web client calls POST /api/unfurl and shows
a small card with the page title and description.
"""
from __future__ import annotations

import logging
import re
from html import unescape

import aiohttp
from aiohttp import web

log = logging.getLogger("unfurl")

MAX_BODY = 512 * 1024
FETCH_TIMEOUT = aiohttp.ClientTimeout(total=6)

_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_META_RE = re.compile(
    r'<meta\s+(?:property|name)=["\'](og:title|og:description|description)["\']\s+content=["\'](.*?)["\']',
    re.I | re.S,
)


def _extract_card(html: str) -> dict[str, str]:
    card: dict[str, str] = {}
    for key, value in _META_RE.findall(html):
        card.setdefault(key.lower().removeprefix("og:"), unescape(value).strip())
    if "title" not in card and (m := _TITLE_RE.search(html)):
        card["title"] = unescape(m.group(1)).strip()
    return {k: v[:300] for k, v in card.items()}


async def unfurl(request: web.Request) -> web.Response:
    payload = await request.json()
    url = str(payload.get("url", "")).strip()
    if not url.startswith(("http://", "https://")):
        raise web.HTTPBadRequest(text="only http(s) links can be unfurled")

    session: aiohttp.ClientSession = request.app["http"]
    try:
        async with session.get(url, timeout=FETCH_TIMEOUT) as resp:
            if "text/html" not in resp.headers.get("Content-Type", ""):
                return web.json_response({"url": url, "card": None})
            body = await resp.content.read(MAX_BODY)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.info("unfurl failed for %s: %s", url, exc)
        return web.json_response({"url": url, "card": None})

    card = _extract_card(body.decode("utf-8", errors="replace"))
    return web.json_response({"url": url, "card": card, "status": resp.status})


async def _open_session(app: web.Application):
    app["http"] = aiohttp.ClientSession(headers={"User-Agent": "ChatUnfurl/1.4"})
    yield
    await app["http"].close()


def create_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.cleanup_ctx.append(_open_session)
    app.router.add_post("/api/unfurl", unfurl)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=8085)
