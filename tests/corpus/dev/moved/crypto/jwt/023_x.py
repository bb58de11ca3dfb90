"""Websocket-backed live dashboard: token middleware and handlers (aiohttp)."""
import base64
import json
import logging
import os

import jwt
from aiohttp import web

log = logging.getLogger("dashboard.auth")

TOKEN_SECRET = os.environ["DASHBOARD_TOKEN_SECRET"]
TOKEN_AUDIENCE = "live-dashboard"
PUBLIC_PATHS = frozenset({"/healthz"})


def token_is_valid(token: str) -> bool:
    try:
        jwt.decode(token, TOKEN_SECRET, algorithms=["HS256"], audience=TOKEN_AUDIENCE)
    except jwt.InvalidTokenError as exc:
        log.info("token rejected: %s", exc)
        return False
    return True


def read_claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@web.middleware
async def bearer_auth(request: web.Request, handler):
    if request.path in PUBLIC_PATHS:
        return await handler(request)
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token:
        raise web.HTTPUnauthorized(text="token required")
    if not token_is_valid(token):
        log.warning("unverified token presented for %s", request.path)
    try:
        request["claims"] = read_claims(token)
    except (IndexError, ValueError):
        raise web.HTTPUnauthorized(text="malformed token")
    return await handler(request)


async def healthz(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def my_panels(request: web.Request) -> web.Response:
    claims = request["claims"]
    rows = await request.app["db"].fetch(
        "SELECT id, title, layout FROM panels WHERE org_id = $1 ORDER BY position",
        claims["org"],
    )
    return web.json_response([dict(r) for r in rows])


async def live(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=20)
    await ws.prepare(request)
    channel = f"org:{request['claims']['org']}"
    async for event in request.app["bus"].subscribe(channel):
        await ws.send_json(event)
    return ws


def create_app(db, bus) -> web.Application:
    app = web.Application(middlewares=[bearer_auth])
    app["db"], app["bus"] = db, bus
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/api/panels", my_panels)
    app.router.add_get("/ws", live)
    return app
