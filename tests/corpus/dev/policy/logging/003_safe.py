import logging
import time

from fastapi import FastAPI, Request

app = FastAPI()
log = logging.getLogger("support.access")


@app.middleware("http")
async def access_log(request: Request, call_next):
    started = time.monotonic()
    response = await call_next(request)
    log.info(
        "%s %s -> %s in %.1f ms request_id=%s agent=%s",
        request.method,
        request.url.path,
        response.status_code,
        (time.monotonic() - started) * 1000,
        request.headers.get("x-request-id", "-"),
        request.headers.get("user-agent", "-"),
    )
    return response
