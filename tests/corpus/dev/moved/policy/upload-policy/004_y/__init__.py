import base64
import os
from pathlib import Path

import asyncpg
from aiohttp import web
from aiohttp_session import get_session, setup as setup_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage

from .handlers import routes
from .storage import MediaStore

PUBLIC_EXACT = frozenset({"/", "/login", "/health"})
PUBLIC_PREFIXES = ("/gallery/",)


@web.middleware
async def require_member(request: web.Request, handler):
    if request.path in PUBLIC_EXACT or request.path.startswith(PUBLIC_PREFIXES):
        return await handler(request)
    session = await get_session(request)
    if (member_id := session.get("member_id")) is None:
        raise web.HTTPUnauthorized(text="sign in first")
    request["member_id"] = member_id
    return await handler(request)


async def _resources(app: web.Application):
    app["db"] = await asyncpg.create_pool(os.environ["GALLERY_DSN"])
    yield
    await app["db"].close()


def create_app() -> web.Application:
    app = web.Application()
    setup_session(
        app,
        EncryptedCookieStorage(
            base64.urlsafe_b64decode(os.environ["GALLERY_SESSION_KEY"]),
            cookie_name="gallery",
            secure=True,
            httponly=True,
            samesite="Lax",
        ),
    )
    app.middlewares.append(require_member)
    app["media"] = MediaStore(root=Path(os.environ.get("GALLERY_MEDIA", "/srv/gallery/media")))
    app.cleanup_ctx.append(_resources)
    app.add_routes(routes)
    return app
