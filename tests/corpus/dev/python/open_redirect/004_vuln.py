"""Click tracker for newsletter links."""
import logging

from aiohttp import web

log = logging.getLogger("clicks")
LANDING_PAGES = {
    "https://www.example.com/spring-sale",
    "https://www.example.com/new-arrivals",
    "https://blog.example.com/",
}


async def track_click(request: web.Request) -> web.Response:
    destination = request.query.get("to", "https://www.example.com/")
    log.info("newsletter click campaign=%s", request.query.get("c", "-"))
    raise web.HTTPFound(destination)


app = web.Application()
app.router.add_get("/r", track_click)
