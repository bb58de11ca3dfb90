from aiohttp import web

from .settings import DB_POOL, SETTINGS

routes = web.RouteTableDef()


@routes.get("/healthz")
async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


@routes.get("/catalogue/{sku}/availability")
async def availability(request: web.Request) -> web.Response:
    sku = request.match_info["sku"].upper()
    if not (3 <= len(sku) <= 20 and sku.replace("-", "").isalnum()):
        raise web.HTTPBadRequest(text="bad sku")
    pool = request.app[DB_POOL]
    rows = await pool.fetch(
        "SELECT w.region, s.on_hand - s.reserved AS available "
        "FROM stock s JOIN warehouses w ON w.code = s.warehouse WHERE s.sku = $1",
        sku,
    )
    if not rows:
        raise web.HTTPNotFound(text="unknown sku")
    return web.json_response({"sku": sku, "regions": {r["region"]: max(r["available"], 0) for r in rows}})


@routes.get("/catalogue/low-stock")
async def low_stock(request: web.Request) -> web.Response:
    threshold = int(request.query.get("below", "5"))
    page = int(request.query.get("page", "1"))
    size = request.app[SETTINGS].page_size
    rows = await request.app[DB_POOL].fetch(
        "SELECT sku, sum(on_hand - reserved) AS available FROM stock "
        "GROUP BY sku HAVING sum(on_hand - reserved) < $1 ORDER BY available LIMIT $2 OFFSET $3",
        threshold,
        size,
        (page - 1) * size,
    )
    return web.json_response({"page": page, "items": [dict(r) for r in rows]})
