from dataclasses import dataclass

from aiohttp import web
import asyncpg


@dataclass(frozen=True, slots=True)
class Settings:
    db_dsn: str
    expose_errors: bool = False
    page_size: int = 50


SETTINGS = web.AppKey("settings", Settings)
DB_POOL = web.AppKey("db_pool", asyncpg.Pool)
