"""Ledger read API - plain ASGI, served by uvicorn: `uvicorn ledger.app:app`."""
from __future__ import annotations

import json
import re

from .auth import BearerAuthMiddleware
from .store import balances_for_tenant, entries_for_account

ACCOUNT_PATH = re.compile(r"^/accounts/(?P<account_id>\d+)/entries$")


async def _send_json(send, status: int, payload) -> None:
    body = json.dumps(payload, default=str).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def ledger_app(scope, receive, send):
    if scope["type"] != "http":
        return
    path, method = scope["path"], scope["method"]

    if path in ("/healthz", "/readyz"):
        return await _send_json(send, 200, {"status": "ok"})
    if method != "GET":
        return await _send_json(send, 405, {"error": "method not allowed"})

    principal = scope["principal"]
    if "ledger:read" not in principal.scopes:
        return await _send_json(send, 403, {"error": "insufficient scope"})

    if path == "/balances":
        rows = await balances_for_tenant(principal.tenant)
        return await _send_json(send, 200, rows)

    if m := ACCOUNT_PATH.match(path):
        rows = await entries_for_account(principal.tenant, int(m["account_id"]))
        if rows is None:
            return await _send_json(send, 404, {"error": "not found"})
        return await _send_json(send, 200, rows)

    return await _send_json(send, 404, {"error": "not found"})


app = BearerAuthMiddleware(ledger_app)
