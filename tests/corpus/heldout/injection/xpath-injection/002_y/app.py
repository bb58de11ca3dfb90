from decimal import Decimal

from aiohttp import web

from .rates import RateTable

routes = web.RouteTableDef()


@routes.get("/shipping/quote")
async def shipping_quote(request: web.Request) -> web.Response:
    country = request.query.get("country", "").upper()
    service = request.query.get("service", "standard").lower()
    try:
        weight_g = int(request.query.get("weight", "0"))
    except ValueError:
        raise web.HTTPBadRequest(text="weight must be an integer number of grams")
    if not country or weight_g <= 0:
        raise web.HTTPBadRequest(text="country and a positive weight are required")

    table: RateTable = request.app["rates"]
    candidates = [r for r in table.public_rates(country, service) if r.max_weight_g >= weight_g]
    if not candidates:
        return web.json_response({"available": False}, status=404)

    best = min(candidates, key=lambda r: r.max_weight_g)
    return web.json_response(
        {
            "available": True,
            "country": country,
            "service": best.service,
            "price": str(best.price.quantize(Decimal("0.01"))),
            "currency": best.currency,
        }
    )


@routes.get("/shipping/countries")
async def shipping_countries(request: web.Request) -> web.Response:
    return web.json_response(request.app["rates"].countries())


def create_app() -> web.Application:
    app = web.Application()
    app["rates"] = RateTable()
    app.add_routes(routes)
    return app
