"""Network diagnostics endpoints for the NOC dashboard (aiohttp)."""
import asyncio
import ipaddress
import logging
import time

from aiohttp import web

log = logging.getLogger("noc.diag")

PING_COUNT = 4
PING_TIMEOUT_S = 15


async def _run(*argv: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv,
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
    raw = (body.get("target") or "").strip()
    try:
        target = ipaddress.ip_address(raw)
    except ValueError:
        raise web.HTTPBadRequest(text="target must be an IPv4 or IPv6 address")

    binary = "ping6" if target.version == 6 else "ping"
    started = time.monotonic()
    code, output = await _run(binary, "-c", str(PING_COUNT), "-W", "2", str(target))
    elapsed = round(time.monotonic() - started, 2)
    log.info("ping %s rc=%s in %ss", target, code, elapsed)

    return web.json_response(
        {"target": str(target), "exit_code": code, "elapsed": elapsed, "output": output}
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
