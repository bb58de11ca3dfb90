"""Image proxy used by the newsletter editor so that remote images are
served from our own origin (avoids mixed-content warnings)."""
import logging

import aiohttp
from aiohttp import web

log = logging.getLogger("imgproxy")

MAX_BYTES = 8 * 1024 * 1024
ALLOWED_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


async def on_startup(app: web.Application) -> None:
    app["http"] = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=10),
        headers={"User-Agent": "newsletter-imgproxy/1.4"},
    )


async def on_cleanup(app: web.Application) -> None:
    await app["http"].close()


async def proxy_image(request: web.Request) -> web.StreamResponse:
    if not (src := request.query.get("src")):
        raise web.HTTPBadRequest(text="src is required")

    session: aiohttp.ClientSession = request.app["http"]
    try:
        async with session.get(src) as upstream:
            if upstream.status != 200:
                raise web.HTTPBadGateway(text=f"upstream returned {upstream.status}")
            ctype = upstream.content_type
            if ctype not in ALLOWED_TYPES:
                raise web.HTTPUnsupportedMediaType(text="not an image")
            data = await upstream.content.read(MAX_BYTES + 1)
    except aiohttp.ClientError as exc:
        log.info("fetch failed for %s: %s", src, exc)
        raise web.HTTPBadGateway(text="could not fetch image")

    if len(data) > MAX_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_BYTES, actual_size=len(data))

    return web.Response(
        body=data,
        content_type=ctype,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


def create_app() -> web.Application:
    app = web.Application()
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_get("/img", proxy_image)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), port=8090)
