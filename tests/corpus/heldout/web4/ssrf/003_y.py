"""Rich embeds for the chat service.

When a message contains a link to a supported provider the web client calls
POST /api/embed; we ask the provider's oEmbed endpoint for the embed card.
"""
from __future__ import annotations

import json
import logging
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

log = logging.getLogger("embed")

FETCH_TIMEOUT = aiohttp.ClientTimeout(total=6)
MAX_BODY = 256 * 1024

# hostname of the shared link -> that provider's oEmbed endpoint
OEMBED_ENDPOINTS: dict[str, str] = {
    "www.youtube.com": "https://www.youtube.com/oembed",
    "youtube.com": "https://www.youtube.com/oembed",
    "vimeo.com": "https://vimeo.com/api/oembed.json",
    "soundcloud.com": "https://soundcloud.com/oembed",
    "www.flickr.com": "https://www.flickr.com/services/oembed/",
    "open.spotify.com": "https://open.spotify.com/oembed",
}

CARD_FIELDS = ("type", "title", "author_name", "provider_name", "thumbnail_url", "width", "height")


async def embed(request: web.Request) -> web.Response:
    payload = await request.json()
    url = str(payload.get("url", "")).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise web.HTTPBadRequest(text="only http(s) links can be embedded")

    endpoint = OEMBED_ENDPOINTS.get((parts.hostname or "").lower())
    if endpoint is None:
        return web.json_response({"url": url, "card": None})

    session: aiohttp.ClientSession = request.app["http"]
    params = {"url": url, "format": "json", "maxwidth": "480"}
    try:
        async with session.get(endpoint, params=params, timeout=FETCH_TIMEOUT, allow_redirects=False) as resp:
            if resp.status != 200:
                return web.json_response({"url": url, "card": None})
            body = await resp.content.read(MAX_BODY)
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.info("oembed lookup failed for %s: %s", url, exc)
        return web.json_response({"url": url, "card": None})

    try:
        data = json.loads(body)
    except ValueError:
        return web.json_response({"url": url, "card": None})

    card = {k: data[k] for k in CARD_FIELDS if k in data}
    return web.json_response({"url": url, "card": card})


async def _open_session(app: web.Application):
    app["http"] = aiohttp.ClientSession(headers={"User-Agent": "ChatEmbed/1.4"})
    yield
    await app["http"].close()


def create_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.cleanup_ctx.append(_open_session)
    app.router.add_post("/api/embed", embed)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=8085)
