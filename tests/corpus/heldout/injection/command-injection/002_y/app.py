import logging

from aiohttp import web

from .media import ThumbnailError, extract_frame
from .storage import new_thumbnail_path, video_path

log = logging.getLogger(__name__)
routes = web.RouteTableDef()

ALLOWED_WIDTHS = (160, 320, 640, 1280)


@routes.post("/videos/{video_id}/thumbnail")
async def create_thumbnail(request: web.Request) -> web.Response:
    video = video_path(request.match_info["video_id"])
    if video is None:
        raise web.HTTPNotFound()

    body = await request.json()
    timestamp = str(body.get("at", "00:00:01"))
    try:
        width = int(body.get("width", 320))
    except (TypeError, ValueError):
        raise web.HTTPBadRequest(text="width must be an integer")
    if width not in ALLOWED_WIDTHS:
        raise web.HTTPBadRequest(text=f"width must be one of {", ".join(map(str, ALLOWED_WIDTHS))}")

    dest = new_thumbnail_path()
    try:
        await extract_frame(video, dest, timestamp, width)
    except ThumbnailError as exc:
        log.warning("thumbnail failed for %s: %s", video.name, exc)
        raise web.HTTPUnprocessableEntity(text="could not extract a frame at that time")

    return web.json_response({"thumbnail": f"/media/thumbs/{dest.name}"}, status=201)


def make_app() -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    app.add_routes(routes)
    return app
