"""Service-token checks for the tenant administration API."""
from __future__ import annotations

import hmac
import logging
import os
from functools import lru_cache

from fastapi import Header, HTTPException, Request, status

logger = logging.getLogger("tenant_admin.security")


@lru_cache(maxsize=1)
def _allowed_tokens() -> tuple[str, ...]:
    raw = os.environ.get("ADMIN_SERVICE_TOKENS", "")
    return tuple(t.strip() for t in raw.split(",") if t.strip())


def _extract_bearer(authorization: str | None) -> str:
    if not authorization:
        return ""
    scheme, _, credentials = authorization.partition(" ")
    if scheme.lower() != "bearer":
        return ""
    return credentials.strip()


async def require_service_token(
    request: Request,
    authorization: str | None = Header(default=None),
) -> str:
    """Dependency for every /admin route: resolves the caller's service token."""
    token = _extract_bearer(authorization)
    known = bool(token) and any(
        hmac.compare_digest(token, candidate) for candidate in _allowed_tokens()
    )
    if not known:
        client = request.client.host if request.client else "unknown"
        logger.warning("unrecognised service token on %s from %s", request.url.path, client)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "invalid or missing service token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    request.state.service_caller = token[:6]
    return token
