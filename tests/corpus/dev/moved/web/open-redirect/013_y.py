import logging
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp_session import get_session

from shop.orders import OrderNotFound, finalize_order

log = logging.getLogger(__name__)
routes = web.RouteTableDef()


def _points_to_us(url: str, own_host: str) -> bool:
    if any(ord(ch) < 0x20 or ch == "\\" for ch in url):
        return False
    parts = urlsplit(url)
    if parts.scheme not in ("", "https"):
        return False
    if not parts.netloc:
        return not parts.scheme and url.startswith("/") and not url.startswith("//")
    return parts.netloc == own_host


@routes.get("/checkout/complete")
async def checkout_complete(request: web.Request) -> web.StreamResponse:
    session = await get_session(request)
    customer_id = session.get("customer_id")
    if customer_id is None:
        raise web.HTTPFound("/login")

    order_ref = request.query.get("order", "")
    try:
        order = await finalize_order(request.app["db"], customer_id, order_ref)
    except OrderNotFound:
        raise web.HTTPNotFound(text="unknown order")

    log.info("order %s completed for customer %s", order.ref, customer_id)
    return_url = request.query.get("return_url", "")
    if not return_url or not _points_to_us(return_url, request.host):
        return_url = f"/orders/{order.ref}"
    raise web.HTTPFound(return_url)


def setup(app: web.Application) -> None:
    app.add_routes(routes)
