import os
from contextlib import asynccontextmanager
from typing import AsyncIterator

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

pool = AsyncConnectionPool(
    conninfo=os.environ["EVENTS_DATABASE_URL"],
    min_size=1,
    max_size=10,
    open=False,
    kwargs={"row_factory": dict_row},
)


@asynccontextmanager
async def connection() -> AsyncIterator[AsyncConnection]:
    async with pool.connection() as conn:
        yield conn
