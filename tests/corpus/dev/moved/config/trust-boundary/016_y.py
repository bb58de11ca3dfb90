from aiohttp import web
from aiohttp_session import get_session

routes = web.RouteTableDef()


async def _require_user(request: web.Request) -> tuple[int, dict]:
    session = await get_session(request)
    user_id = session.get("user_id")
    if user_id is None:
        raise web.HTTPUnauthorized()
    return user_id, session


@routes.post("/api/workspace/select")
async def select_workspace(request: web.Request) -> web.Response:
    user_id, session = await _require_user(request)
    body = await request.json()
    try:
        tenant_id = int(body["tenant_id"])
    except (KeyError, TypeError, ValueError):
        raise web.HTTPBadRequest(text="tenant_id must be an integer")

    async with request.app["pg"].acquire() as conn:
        membership = await conn.fetchrow(
            "SELECT tenant_id FROM memberships WHERE user_id = $1 AND tenant_id = $2 AND revoked_at IS NULL",
            user_id,
            tenant_id,
        )
    if membership is None:
        raise web.HTTPForbidden(text="not a member of that workspace")

    session["tenant_id"] = membership["tenant_id"]
    return web.json_response({"tenant_id": membership["tenant_id"]})


@routes.get("/api/invoices")
async def list_invoices(request: web.Request) -> web.Response:
    _, session = await _require_user(request)
    tenant_id = session.get("tenant_id")
    if tenant_id is None:
        raise web.HTTPConflict(text="select a workspace first")

    async with request.app["pg"].acquire() as conn:
        rows = await conn.fetch(
            "SELECT id, number, total_cents, status FROM invoices WHERE tenant_id = $1 ORDER BY issued_at DESC LIMIT 200",
            tenant_id,
        )
    return web.json_response([dict(r) for r in rows])


@routes.get("/api/workspace")
async def current_workspace(request: web.Request) -> web.Response:
    _, session = await _require_user(request)
    return web.json_response({"tenant_id": session.get("tenant_id")})


def setup_routes(app: web.Application) -> None:
    app.add_routes(routes)
