"""Shipping label service: creates labels with the carrier and receives tracking webhooks."""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

log = logging.getLogger("labels")


@dataclass(frozen=True)
class CarrierConfig:
    base_url: str = "https://api.shipfast.example/v2"
    api_key: str = "sf_live_9c41e07d2b8a4f35a6d1c0e8b7f29a63"
    webhook_secret: bytes = field(default_factory=lambda: os.environ["CARRIER_WEBHOOK_SECRET"].encode())
    timeout: float = 10.0


async def create_label(request: web.Request) -> web.Response:
    cfg: CarrierConfig = request.app["carrier"]
    order = await request.json()
    body = {
        "reference": str(order["order_id"]),
        "to": order["address"],
        "parcel": {"weight_g": int(order["weight_g"])},
    }
    session: aiohttp.ClientSession = request.app["http"]
    async with session.post(
        f"{cfg.base_url}/labels",
        json=body,
        headers={"Authorization": f"Bearer {cfg.api_key}"},
        timeout=aiohttp.ClientTimeout(total=cfg.timeout),
    ) as resp:
        if resp.status != 201:
            log.warning("carrier returned %s for order %s", resp.status, order["order_id"])
            raise web.HTTPBadGateway()
        label = await resp.json()
    return web.json_response({"tracking": label["tracking_number"], "pdf": label["label_url"]})


async def tracking_webhook(request: web.Request) -> web.Response:
    cfg: CarrierConfig = request.app["carrier"]
    raw = await request.read()
    expected = hmac.new(cfg.webhook_secret, raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers.get("X-Carrier-Signature", "")):
        raise web.HTTPUnauthorized()
    event = await request.json()
    log.info(f"tracking {event.get("tracking_number")} -> {event.get("status", "unknown")}")
    return web.Response(status=204)


@web.middleware
async def require_service_token(request: web.Request, handler):
    # Label creation is only called by the order service; webhooks are signed.
    if request.path.startswith("/labels"):
        supplied = request.headers.get("X-Service-Token", "")
        if not hmac.compare_digest(supplied.encode(), request.app["service_token"]):
            raise web.HTTPUnauthorized()
    return await handler(request)


async def _http_session(app: web.Application):
    app["http"] = aiohttp.ClientSession()
    yield
    await app["http"].close()


def make_app() -> web.Application:
    app = web.Application(middlewares=[require_service_token])
    app["service_token"] = os.environ["LABELS_SERVICE_TOKEN"].encode()
    app["carrier"] = CarrierConfig()
    app.cleanup_ctx.append(_http_session)
    app.router.add_post("/labels", create_label)
    app.router.add_post("/webhooks/tracking", tracking_webhook)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=int(os.environ.get("PORT", "8080")))
