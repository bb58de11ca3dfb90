"""ASGI middleware that attaches the caller's Principal to the request scope."""
from __future__ import annotations

import json
import logging

from .tokens import InvalidToken, decode_access_token

log = logging.getLogger("ledger.auth")

PUBLIC_PATHS = frozenset({"/healthz", "/readyz"})


async def _reject(send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="ledger"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BearerAuthMiddleware:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"] in PUBLIC_PATHS:
            return await self.app(scope, receive, send)

        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return await _reject(send, 401, "missing bearer token")

        try:
            principal = decode_access_token(token.strip())
        except InvalidToken as exc:
            log.info("rejected token: %s", exc)
            return await _reject(send, 401, "invalid token")

        scope = dict(scope, principal=principal)
        return await self.app(scope, receive, send)
