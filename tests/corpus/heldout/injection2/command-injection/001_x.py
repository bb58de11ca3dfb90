"""Network diagnostics endpoints for the NOC dashboard (aiohttp)."""
import asyncio
import logging
import time

from aiohttp import web

log = logging.getLogger("noc.diag")

PING_COUNT = 4
PING_TIMEOUT_S = 15


async def _run(cmd: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_shell(
        cmd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=PING_TIMEOUT_S)
    except asyncio.TimeoutError:
        proc.kill()
        await proc.wait()
        return -1, "timed out"
    return proc.returncode, out.decode(errors="replace")


async def ping(request: web.Request) -> web.Response:
    body = await request.json()
    target = (body.get("target") or "").strip()
    if not target:
        raise web.HTTPBadRequest(text="target is required")

    started = time.monotonic()
    code, output = await _run(f"ping -c {PING_COUNT} -W 2 {target}")
    elapsed = round(time.monotonic() - started, 2)
    log.info("ping %s rc=%s in %ss", target, code, elapsed)

    return web.json_response(
        {"target": target, "exit_code": code, "elapsed": elapsed, "output": output}
    )


async def health(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_post("/api/diag/ping", ping)
    app.router.add_get("/healthz", health)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8085)
