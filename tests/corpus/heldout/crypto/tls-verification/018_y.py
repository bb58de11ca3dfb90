"""Checkout helper service: forwards address checks to the postal lookup API."""
import os
import ssl

import aiohttp
from aiohttp import web

POSTAL_API = "https://postal-lookup.internal.example/api/v1/validate"
ALLOWED_COUNTRIES = frozenset({"DE", "AT", "CH", "NL", "BE", "FR"})


async def on_startup(app: web.Application) -> None:
    tls = ssl.create_default_context(cafile=os.environ.get("INTERNAL_CA_BUNDLE"))
    connector = aiohttp.TCPConnector(limit=50, ssl=tls)
    app["postal"] = aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(total=8),
        headers={"X-Api-Key": os.environ["POSTAL_API_KEY"]},
    )


async def on_cleanup(app: web.Application) -> None:
    await app["postal"].close()


async def validate_address(request: web.Request) -> web.Response:
    payload = await request.json()
    country = str(payload.get("country", "")).upper()
    if country not in ALLOWED_COUNTRIES:
        return web.json_response({"valid": False, "reason": "unsupported country"}, status=422)

    query = {
        "country": country,
        "postcode": str(payload.get("postcode", ""))[:12],
        "city": str(payload.get("city", ""))[:80],
        "street": str(payload.get("street", ""))[:120],
    }
    session: aiohttp.ClientSession = request.app["postal"]
    async with session.post(POSTAL_API, json=query) as upstream:
        if upstream.status != 200:
            return web.json_response({"valid": None, "reason": "lookup unavailable"}, status=503)
        result = await upstream.json()

    return web.json_response(
        {
            "valid": bool(result.get("deliverable")),
            "normalized": result.get("normalized"),
            "suggestions": result.get("suggestions", [])[:5],
        }
    )


def create_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_post("/checkout/address/validate", validate_address)
    return app


if __name__ == "__main__":
    web.run_app(create_app(), host="127.0.0.1", port=8081)
