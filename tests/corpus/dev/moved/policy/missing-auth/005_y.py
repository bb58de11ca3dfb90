import base64
import os

import asyncpg
from aiohttp import web
from aiohttp_session import get_session, new_session, setup as setup_session
from aiohttp_session.cookie_storage import EncryptedCookieStorage
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

PUBLIC_PATHS = ("/", "/login", "/health", "/gallery")

routes = web.RouteTableDef()
hasher = PasswordHasher()


def is_public(path: str) -> bool:
    # "/gallery" also covers the album pages below it; "/" is the landing page only.
    return any(path == p or (p != "/" and path.startswith(p + "/")) for p in PUBLIC_PATHS)


@web.middleware
async def member_session(request: web.Request, handler):
    if is_public(request.path):
        return await handler(request)
    session = await get_session(request)
    member_id = session.get("member_id")
    if member_id is None:
        raise web.HTTPUnauthorized(text="sign in first")
    request["member_id"] = member_id
    return await handler(request)


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    rows = await request.app["db"].fetch(
        "SELECT id, title, cover_url FROM albums WHERE visibility = 'public'"
        " ORDER BY created_at DESC LIMIT 24"
    )
    return web.json_response([dict(r) for r in rows])


@routes.get("/gallery/{album_id:\\d+}")
async def public_album(request: web.Request) -> web.Response:
    album_id = int(request.match_info["album_id"])
    db = request.app["db"]
    album = await db.fetchrow(
        "SELECT id, title FROM albums WHERE id = $1 AND visibility = 'public'", album_id
    )
    if album is None:
        raise web.HTTPNotFound()
    photos = await db.fetch(
        "SELECT id, caption, thumb_url FROM photos WHERE album_id = $1 ORDER BY position", album_id
    )
    return web.json_response({"album": dict(album), "photos": [dict(p) for p in photos]})


@routes.post("/login")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    email = str(form.get("email", "")).strip().lower()
    password = str(form.get("password", ""))
    row = await request.app["db"].fetchrow(
        "SELECT id, password_hash FROM members WHERE email = $1", email
    )
    try:
        if row is None:
            raise VerificationError()
        hasher.verify(row["password_hash"], password)
    except VerificationError:
        raise web.HTTPUnauthorized(text="wrong email or password")
    session = await new_session(request)
    session["member_id"] = row["id"]
    return web.json_response({"ok": True})


@routes.get("/members/search")
async def search_members(request: web.Request) -> web.Response:
    term = request.query.get("q", "").strip()
    if len(term) < 3:
        raise web.HTTPBadRequest(text="query too short")
    rows = await request.app["db"].fetch(
        "SELECT id, display_name, city, avatar_url FROM members"
        " WHERE display_name ILIKE $1 ORDER BY display_name LIMIT 20",
        f"%{term}%",
    )
    return web.json_response([dict(r) for r in rows])


@routes.get("/albums")
async def my_albums(request: web.Request) -> web.Response:
    rows = await request.app["db"].fetch(
        "SELECT id, title, visibility FROM albums WHERE owner_id = $1 ORDER BY created_at DESC",
        request["member_id"],
    )
    return web.json_response([dict(r) for r in rows])


async def _open_db(app: web.Application):
    app["db"] = await asyncpg.create_pool(os.environ["GALLERY_DSN"], min_size=1, max_size=10)
    yield
    await app["db"].close()


def build_app() -> web.Application:
    app = web.Application()
    key = base64.urlsafe_b64decode(os.environ["GALLERY_SESSION_KEY"])
    setup_session(
        app,
        EncryptedCookieStorage(key, cookie_name="gallery", secure=True, httponly=True, samesite="Lax"),
    )
    app.middlewares.append(member_session)
    app.cleanup_ctx.append(_open_db)
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    web.run_app(build_app(), port=int(os.environ.get("PORT", "8080")))
