"""Bearer-token handling for the projects API (tokens are issued by the company IdP)."""
from __future__ import annotations

import os
import threading
import time
from functools import wraps
from typing import Any, Callable

import requests
from flask import g, jsonify, request
from jose import jwt
from jose.exceptions import JOSEError

ISSUER = os.environ.get("IDP_ISSUER", "https://login.acme-corp.example/")
AUDIENCE = os.environ.get("IDP_AUDIENCE", "projects-api")
JWKS_URL = os.environ.get("IDP_JWKS_URL", "https://login.acme-corp.example/.well-known/jwks.json")
ALLOWED_ALGORITHMS = ["RS256"]
JWKS_TTL_SECONDS = 600


class AuthError(Exception):
    pass


class _JwksCache:
    def __init__(self, url: str, ttl: int) -> None:
        self._url = url
        self._ttl = ttl
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        resp = requests.get(self._url, timeout=5)
        resp.raise_for_status()
        self._keys = {k["kid"]: k for k in resp.json().get("keys", []) if "kid" in k}
        self._fetched_at = time.monotonic()

    def get(self, kid: str) -> dict[str, Any] | None:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > self._ttl
            if stale or kid not in self._keys:
                self._refresh()
            return self._keys.get(kid)


_jwks = _JwksCache(JWKS_URL, JWKS_TTL_SECONDS)


def validated_claims(token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except JOSEError as exc:
        raise AuthError("malformed token") from exc

    key = _jwks.get(str(header.get("kid", "")))
    if key is None:
        raise AuthError("unknown signing key")

    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=ALLOWED_ALGORITHMS,
            audience=AUDIENCE,
            issuer=ISSUER,
            options={"leeway": 30, "require_exp": True, "require_sub": True},
        )
    except JOSEError as exc:
        raise AuthError("invalid token") from exc
    return claims


def require_login(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return jsonify(error="authentication required"), 401
        try:
            g.claims = validated_claims(token)
        except AuthError as exc:
            return jsonify(error=str(exc)), 401
        g.user_id = g.claims["sub"]
        g.roles = set(g.claims.get("roles", []))
        return view(*args, **kwargs)

    return wrapper
