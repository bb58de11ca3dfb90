"""Small network diagnostics service used by the NOC dashboard."""
import asyncio
import ipaddress
import logging
import re

from aiohttp import web

log = logging.getLogger("netdiag")

PING_TIMEOUT = 15
HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")


def parse_target(raw: str) -> str:
    raw = raw.strip()
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        pass
    if HOSTNAME_RE.fullmatch(raw):
        return raw
    raise web.HTTPBadRequest(text="host must be an IP address or hostname")


async def run(*argv: str) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        *argv,
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
    host = parse_target(str(data.get("host", "")))
    try:
        count = max(1, min(int(data.get("count", 3)), 10))
    except (TypeError, ValueError):
        raise web.HTTPBadRequest(text="count must be an integer")

    log.info("ping %s x%d requested by %s", host, count, request.remote)
    code, output = await run("ping", "-c", str(count), "-W", "2", "--", host)
    return web.json_response({"host": host, "exit_code": code, "output": output})


async def traceroute(request: web.Request) -> web.Response:
    data = await request.json()
    host = parse_target(str(data.get("host", "")))
    code, output = await run("traceroute", "-m", "20", "-w", "2", host)
    return web.json_response({"host": host, "exit_code": code, "output": output})


def make_app() -> web.Application:
    app = web.Application()
    app.router.add_post("/diag/ping", ping)
    app.router.add_post("/diag/traceroute", traceroute)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), host="127.0.0.1", port=8085)
