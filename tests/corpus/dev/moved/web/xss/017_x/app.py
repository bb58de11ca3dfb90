from datetime import datetime, timezone

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.responses import HTMLResponse

from .calendar_store import CalendarStore, get_store
from .render import render_widget

app = FastAPI()


@app.get("/embed/calendars/{calendar_id}", response_class=HTMLResponse)
async def calendar_widget(
    calendar_id: int,
    title: str = Query("Upcoming events", max_length=80),
    theme: str = Query("light", max_length=40),
    limit: int = Query(5, ge=1, le=20),
    store: CalendarStore = Depends(get_store),
) -> HTMLResponse:
    calendar = await store.get_public_calendar(calendar_id)
    if calendar is None:
        raise HTTPException(status_code=404)

    now = datetime.now(timezone.utc)
    events = [(ev.starts_at, ev.name) for ev in await store.upcoming(calendar_id, after=now, limit=limit)]
    return HTMLResponse(render_widget(title, theme, events))
