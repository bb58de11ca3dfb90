"""Small network diagnostics service used by the NOC dashboard."""
import asyncio
import logging

from aiohttp import web

log = logging.getLogger("netdiag")

PING_TIMEOUT = 15


async def run(cmd: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_shell(
        cmd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=PING_TIMEOUT)
    except asyncio.TimeoutError:
        proc.kill()
        return -1, "timed out"
    return proc.returncode, out.decode(errors="replace")


async def ping(request: web.Request) -> web.Response:
    data = await request.json()
    host = str(data.get("host", "")).strip()
    count = int(data.get("count", 3))
    if not host:
        raise web.HTTPBadRequest(text="host is required")
    count = max(1, min(count, 10))

    log.info("ping %s x%d requested by %s", host, count, request.remote)
    code, output = await run(f"ping -c {count} -W 2 {host}")
    return web.json_response({"host": host, "exit_code": code, "output": output})


async def traceroute(request: web.Request) -> web.Response:
    data = await request.json()
    host = str(data.get("host", "")).strip()
    if not host:
        raise web.HTTPBadRequest(text="host is required")
    code, output = await run(f"traceroute -m 20 -w 2 {host}")
    return web.json_response({"host": host, "exit_code": code, "output": output})


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_post("/diag/ping", ping)
    app.router.add_post("/diag/traceroute", traceroute)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8085)
