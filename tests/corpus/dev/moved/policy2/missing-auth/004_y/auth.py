from __future__ import annotations

from aiohttp import web

SESSION_COOKIE = "mh_session"

# Pages anonymous visitors may open.
PUBLIC_PATHS = ("/", "/health", "/login", "/static/", "/gallery")


def _is_public(path: str) -> bool:
    return path.startswith(PUBLIC_PATHS)


@web.middleware
async def session_middleware(request: web.Request, handler):
    request["member"] = None
    sid = request.cookies.get(SESSION_COOKIE)
    if sid:
        request["member"] = await request.app["sessions"].lookup(sid)

    if request["member"] is None and not _is_public(request.path):
        if request.path.startswith("/api/"):
            raise web.HTTPUnauthorized(text='{"error": "login required"}', content_type="application/json")
        raise web.HTTPFound("/login")
    return await handler(request)
