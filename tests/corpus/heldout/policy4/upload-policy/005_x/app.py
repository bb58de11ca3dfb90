from __future__ import annotations

import os

import asyncpg
from aiohttp import web

from .auth import resolve_token
from .handlers import upload_dataset, upload_status

PUBLIC_PATHS = frozenset({"/health"})


@web.middleware
async def token_auth(request: web.Request, handler):
    if request.path in PUBLIC_PATHS:
        return await handler(request)
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    user_id = await resolve_token(request.app["db"], token) if scheme.lower() == "bearer" else None
    if user_id is None:
        raise web.HTTPUnauthorized(headers={"WWW-Authenticate": "Bearer"})
    request["user_id"] = user_id
    return await handler(request)


async def health(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _open_db(app: web.Application):
    app["db"] = await asyncpg.create_pool(os.environ["INGEST_DATABASE_URL"], max_size=10)
    yield
    await app["db"].close()


def create_app() -> web.Application:
    app = web.Application(middlewares=[token_auth])
    app.cleanup_ctx.append(_open_db)
    app.router.add_get("/health", health)
    app.router.add_post("/datasets", upload_dataset)
    app.router.add_get("/datasets/{upload_id}", upload_status)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))
