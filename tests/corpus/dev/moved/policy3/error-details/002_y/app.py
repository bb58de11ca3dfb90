import logging
import os

import asyncpg
from aiohttp import web

from .handlers import routes
from .middlewares import error_middleware
from .settings import DB_POOL, SETTINGS, Settings


async def _db_lifecycle(app: web.Application):
    app[DB_POOL] = await asyncpg.create_pool(app[SETTINGS].db_dsn, min_size=1, max_size=8)
    yield
    await app[DB_POOL].close()


def build_app() -> web.Application:
    app = web.Application(middlewares=[error_middleware], client_max_size=64 * 1024)
    app[SETTINGS] = Settings(db_dsn=os.environ["STOCK_DB_DSN"])
    app.cleanup_ctx.append(_db_lifecycle)
    app.add_routes(routes)
    return app


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    web.run_app(build_app(), port=int(os.environ.get("PORT", "8081")))
