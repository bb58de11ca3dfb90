from __future__ import annotations

import os

from aiohttp import web

from .auth import SESSION_COOKIE, session_middleware
from .stores import AccountStore, PhotoStore, SessionStore

routes = web.RouteTableDef()


@routes.get("/")
async def index(request: web.Request) -> web.Response:
    return web.FileResponse(os.path.join(request.app["static_root"], "index.html"))


@routes.get("/health")
async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/gallery")
async def gallery(request: web.Request) -> web.Response:
    photos = await request.app["photos"].public_feed(limit=50)
    return web.json_response([p.as_public_dict() for p in photos])


@routes.post("/login")
async def login(request: web.Request) -> web.Response:
    form = await request.post()
    account = await request.app["accounts"].authenticate(form.get("username", ""), form.get("password", ""))
    if account is None:
        raise web.HTTPUnauthorized(text="invalid credentials")
    sid = await request.app["sessions"].create(account.id)
    resp = web.HTTPFound("/")
    resp.set_cookie(SESSION_COOKIE, sid, httponly=True, secure=True, samesite="Lax")
    raise resp


@routes.get("/api/photos")
async def my_photos(request: web.Request) -> web.Response:
    member = request["member"]
    photos = await request.app["photos"].by_owner(member.id)
    return web.json_response([p.as_owner_dict() for p in photos])


@routes.get("/api/members/search")
async def search_members(request: web.Request) -> web.Response:
    # Used by the tagging widget; members only.
    query = request.query.get("q", "").strip()
    if len(query) < 2:
        return web.json_response([])
    found = await request.app["accounts"].search(query[:64], limit=20)
    return web.json_response(
        [{"id": a.id, "display_name": a.display_name, "email": a.email} for a in found]
    )


@routes.get("/api/members/{member_id}/photos")
async def member_photos(request: web.Request) -> web.Response:
    owner_id = int(request.match_info["member_id"])
    member = request["member"]
    if member.id != owner_id and not member.is_moderator:
        raise web.HTTPForbidden()
    photos = await request.app["photos"].by_owner(owner_id, include_private=True)
    return web.json_response([p.as_owner_dict() for p in photos])


@routes.delete("/api/photos/{photo_id}")
async def delete_photo(request: web.Request) -> web.Response:
    photo_id = int(request.match_info["photo_id"])
    member = request["member"]
    deleted = await request.app["photos"].delete(photo_id, owner_id=member.id)
    if not deleted:
        raise web.HTTPNotFound()
    return web.json_response({"deleted": photo_id})


def make_app() -> web.Application:
    app = web.Application(middlewares=[session_middleware])
    app["static_root"] = os.environ.get("MEDIA_STATIC_ROOT", "/srv/mediahub/static")
    app["sessions"] = SessionStore(os.environ["REDIS_URL"])
    app["accounts"] = AccountStore(os.environ["DATABASE_URL"])
    app["photos"] = PhotoStore(os.environ["DATABASE_URL"])
    app.add_routes(routes)
    app.router.add_static("/static/", app["static_root"])
    return app
