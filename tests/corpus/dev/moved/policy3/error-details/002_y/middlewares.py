import logging
import traceback
import uuid

from aiohttp import web

log = logging.getLogger("stock.errors")


def _wants_details(request: web.Request) -> bool:
    # lets the front-end team see what went wrong while integrating
    return request.headers.get("X-Debug-Errors") == "1"


@web.middleware
async def error_middleware(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:
        incident = uuid.uuid4().hex[:12]
        log.exception("incident %s on %s %s", incident, request.method, request.path)
        body: dict[str, object] = {"error": "internal error", "incident": incident}
        if _wants_details(request):
            body["exception"] = repr(exc)
            body["traceback"] = traceback.format_exception(exc)
        return web.json_response(body, status=500)
