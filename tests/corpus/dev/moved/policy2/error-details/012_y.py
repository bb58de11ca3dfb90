from __future__ import annotations

import functools
import logging
import os
import uuid

import asyncpg
from aiohttp import web

log = logging.getLogger("mediahub.comments")
routes = web.RouteTableDef()


def login_required(handler):
    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.StreamResponse:
        sid = request.cookies.get("mh_session")
        member = await request.app["sessions"].lookup(sid) if sid else None
        if member is None:
            raise web.HTTPUnauthorized(text='{"error": "login required"}', content_type="application/json")
        request["member"] = member
        return await handler(request)

    return wrapper


_CLIENT_MESSAGES: dict[type[Exception], str] = {
    ValueError: "invalid request",
    asyncpg.ForeignKeyViolationError: "photo not found",
    asyncpg.TooManyConnectionsError: "service busy, try again",
}


def _client_message(exc: Exception) -> str:
    for exc_type, message in _CLIENT_MESSAGES.items():
        if isinstance(exc, exc_type):
            return message
    return "internal error"


@web.middleware
async def error_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        incident = uuid.uuid4().hex[:12]
        log.exception("unhandled error %s on %s %s", incident, request.method, request.path)
        return web.json_response({"error": _client_message(exc), "incident": incident}, status=500)


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/api/photos/{photo_id}/comments")
@login_required
async def list_comments(request: web.Request) -> web.Response:
    photo_id = int(request.match_info["photo_id"])
    async with request.app["pool"].acquire() as conn:
        rows = await conn.fetch(
            "SELECT c.id, c.body, c.created_at, m.display_name "
            "FROM comments c JOIN members m ON m.id = c.author_id "
            "JOIN photos p ON p.id = c.photo_id "
            "WHERE c.photo_id = $1 AND (p.visibility = 'public' OR p.owner_id = $2) "
            "ORDER BY c.created_at",
            photo_id,
            request["member"].id,
        )
    return web.json_response(
        [{"id": r["id"], "body": r["body"], "author": r["display_name"], "at": r["created_at"].isoformat()} for r in rows]
    )


@routes.post("/api/photos/{photo_id}/comments")
@login_required
async def add_comment(request: web.Request) -> web.Response:
    photo_id = int(request.match_info["photo_id"])
    payload = await request.json()
    body = str(payload.get("body", "")).strip()
    if not 1 <= len(body) <= 2000:
        raise web.HTTPBadRequest(text='{"error": "comment must be 1-2000 characters"}', content_type="application/json")
    async with request.app["pool"].acquire() as conn:
        comment_id = await conn.fetchval(
            "INSERT INTO comments (photo_id, author_id, body) VALUES ($1, $2, $3) RETURNING id",
            photo_id,
            request["member"].id,
            body,
        )
    return web.json_response({"id": comment_id}, status=201)


async def _open_pool(app: web.Application) -> None:
    app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=10)


async def _close_pool(app: web.Application) -> None:
    await app["pool"].close()


def make_app(session_store) -> web.Application:
    app = web.Application(middlewares=[error_middleware])
    app["sessions"] = session_store
    app.on_startup.append(_open_pool)
    app.on_cleanup.append(_close_pool)
    app.add_routes(routes)
    return app
