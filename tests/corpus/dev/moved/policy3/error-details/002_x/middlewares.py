import logging
import traceback
import uuid

from aiohttp import web

from .settings import SETTINGS

log = logging.getLogger("stock.errors")


def _wants_details(request: web.Request) -> bool:
    # only ever enabled in the local development settings
    return request.app[SETTINGS].expose_errors


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
