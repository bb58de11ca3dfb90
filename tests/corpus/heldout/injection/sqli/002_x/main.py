from contextlib import asynccontextmanager
from typing import Annotated, Literal

from fastapi import FastAPI, Query

from .db import pool
from .repository import cities_with_events, list_events


@asynccontextmanager
async def lifespan(app: FastAPI):
    await pool.open()
    yield
    await pool.close()


app = FastAPI(title="events-public", lifespan=lifespan)


@app.get("/events")
async def get_events(
    city: Annotated[str, Query(min_length=2, max_length=80)],
    sort: str = "starts_at",
    direction: Literal["asc", "desc"] = "asc",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    rows = await list_events(city, sort=sort, direction=direction, limit=limit)
    return {"items": rows, "count": len(rows)}


@app.get("/cities")
async def get_cities():
    return {"cities": await cities_with_events()}
