"""Image proxy used by the storefront to serve resized product shots."""
import asyncio
import io
import logging
from urllib.parse import quote

from aiohttp import ClientSession, ClientTimeout, web
from PIL import Image

log = logging.getLogger("imgproxy")

# originals live in the media bucket
MEDIA_ORIGIN = "https://media-origin.shopfront.internal/products"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
MAX_SIDE = 1600
CACHE_SECONDS = 86400


def _resize(raw: bytes, width: int) -> bytes:
    img = Image.open(io.BytesIO(raw))
    img = img.convert("RGB")
    img.thumbnail((width, width * 4))
    out = io.BytesIO()
    img.save(out, "WEBP", quality=82)
    return out.getvalue()


async def resized(request: web.Request) -> web.Response:
    src = request.query.get("src", "")
    try:
        width = min(int(request.query.get("w", "640")), MAX_SIDE)
    except ValueError:
        raise web.HTTPBadRequest(text="w must be an integer")

    if not src.lower().endswith(IMAGE_SUFFIXES):
        raise web.HTTPBadRequest(text="src must point to an image")

    origin_url = f"{MEDIA_ORIGIN}/{quote(src, safe='')}"

    session: ClientSession = request.app["http"]
    async with session.get(origin_url, allow_redirects=False) as upstream:
        if upstream.status != 200:
            raise web.HTTPBadGateway(text=f"upstream answered {upstream.status}")
        raw = await upstream.read()

    loop = asyncio.get_running_loop()
    try:
        body = await loop.run_in_executor(None, _resize, raw, width)
    except OSError:
        log.warning("could not decode upstream image (%d bytes)", len(raw))
        raise web.HTTPUnprocessableEntity(text="not a decodable image")

    return web.Response(
        body=body,
        content_type="image/webp",
        headers={"Cache-Control": f"public, max-age={CACHE_SECONDS}"},
    )


async def _open_session(app: web.Application) -> None:
    app["http"] = ClientSession(timeout=ClientTimeout(total=10))


async def _close_session(app: web.Application) -> None:
    await app["http"].close()


def build_app() -> web.Application:
    app = web.Application()
    app.on_startup.append(_open_session)
    app.on_cleanup.append(_close_session)
    app.router.add_get("/img/resized", resized)
    return app


if __name__ == "__main__":
    web.run_app(build_app(), host="127.0.0.1", port=8081)
