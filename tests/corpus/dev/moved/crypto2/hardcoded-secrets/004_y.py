"""Internal reporting service: exposes aggregated sales figures to the BI dashboard."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, timedelta

import asyncpg
from aiohttp import web

log = logging.getLogger("reporting")


@dataclass(frozen=True)
class WarehouseConfig:
    host: str = os.environ.get("WAREHOUSE_HOST", "warehouse.internal")
    port: int = int(os.environ.get("WAREHOUSE_PORT", "5432"))
    database: str = "analytics"
    user: str = "reporting_ro"
    password: str = "Qm7#vTz2!kLp9wXe"
    min_pool: int = 2
    max_pool: int = 8

    @property
    def dsn(self) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"


async def init_pool(app: web.Application) -> None:
    cfg: WarehouseConfig = app["config"]
    app["pool"] = await asyncpg.create_pool(
        dsn=cfg.dsn, min_size=cfg.min_pool, max_size=cfg.max_pool, command_timeout=30
    )
    log.info("connected to warehouse %s:%s", cfg.host, cfg.port)


async def close_pool(app: web.Application) -> None:
    await app["pool"].close()


def _parse_range(request: web.Request) -> tuple[date, date]:
    try:
        end = date.fromisoformat(request.query.get("to", date.today().isoformat()))
        start = date.fromisoformat(request.query.get("from", (end - timedelta(days=30)).isoformat()))
    except ValueError as exc:
        raise web.HTTPBadRequest(text="dates must be YYYY-MM-DD") from exc
    if start > end or (end - start).days > 366:
        raise web.HTTPBadRequest(text="invalid date range")
    return start, end


async def daily_sales(request: web.Request) -> web.Response:
    start, end = _parse_range(request)
    async with request.app["pool"].acquire() as conn:
        rows = await conn.fetch(
            """
            SELECT day, region, SUM(net_cents) AS net_cents, COUNT(*) AS orders
            FROM sales_daily
            WHERE day BETWEEN $1 AND $2
            GROUP BY day, region
            ORDER BY day, region
            """,
            start,
            end,
        )
    return web.json_response(
        [
            {"day": r["day"].isoformat(), "region": r["region"],
             "net_cents": r["net_cents"], "orders": r["orders"]}
            for r in rows
        ]
    )


async def health(request: web.Request) -> web.Response:
    async with request.app["pool"].acquire() as conn:
        await conn.fetchval("SELECT 1")
    return web.json_response({"ok": True})


def make_app() -> web.Application:
    app = web.Application()
    app["config"] = WarehouseConfig()
    app.on_startup.append(init_pool)
    app.on_cleanup.append(close_pool)
    app.router.add_get("/reports/sales/daily", daily_sales)
    app.router.add_get("/healthz", health)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(make_app(), host=os.environ.get("BIND_HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "8080")))
