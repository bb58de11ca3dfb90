import secrets
import time

import bcrypt
from aiohttp import web

routes = web.RouteTableDef()

REMEMBER_COOKIE = "remember_token"
REMEMBER_DAYS = 30


async def _store_remember_token(pool, user_id: int) -> str:
    token = secrets.token_urlsafe(48)
    expires = int(time.time()) + REMEMBER_DAYS * 86400
    async with pool.acquire() as conn:
        await conn.execute(
            "INSERT INTO remember_tokens (token, user_id, expires_at) VALUES ($1, $2, to_timestamp($3))",
            token,
            user_id,
            expires,
        )
    return token


@routes.post("/api/session")
async def create_session(request: web.Request) -> web.Response:
    body = await request.json()
    login = str(body.get("login", "")).strip()
    password = str(body.get("password", "")).encode()

    pool = request.app["db"]
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            "SELECT id, password_hash FROM users WHERE login = $1 AND disabled = false",
            login,
        )
    if row is None or not bcrypt.checkpw(password, row["password_hash"].encode()):
        raise web.HTTPUnauthorized(text="login failed")

    resp = web.json_response({"user_id": row["id"]})
    if body.get("remember"):
        token = await _store_remember_token(pool, row["id"])
        resp.set_cookie(
            REMEMBER_COOKIE,
            token,
            max_age=REMEMBER_DAYS * 86400,
            path="/",
            secure=True,
            httponly=True,
            samesite="None",
        )
    return resp


@routes.delete("/api/session")
async def delete_session(request: web.Request) -> web.Response:
    token = request.cookies.get(REMEMBER_COOKIE)
    if token:
        async with request.app["db"].acquire() as conn:
            await conn.execute("DELETE FROM remember_tokens WHERE token = $1", token)
    resp = web.json_response({"ok": True})
    resp.del_cookie(REMEMBER_COOKIE, path="/")
    return resp


def setup(app: web.Application) -> None:
    app.add_routes(routes)
