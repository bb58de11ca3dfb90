"""Bearer-token handling for the projects API (tokens are issued by the company IdP)."""
from __future__ import annotations

import os
import time
from functools import wraps
from typing import Any, Callable

from flask import g, jsonify, request
from jose import jwt
from jose.exceptions import JOSEError

ISSUER = os.environ.get("IDP_ISSUER", "https://login.acme-corp.example/")
AUDIENCE = os.environ.get("IDP_AUDIENCE", "projects-api")
ALLOWED_ALGORITHMS = frozenset({"RS256", "ES256"})
CLOCK_SKEW_SECONDS = 30


class AuthError(Exception):
    pass


def validated_claims(token: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
    except JOSEError as exc:
        raise AuthError("malformed token") from exc

    if header.get("alg") not in ALLOWED_ALGORITHMS:
        raise AuthError("unsupported algorithm")

    claims = jwt.get_unverified_claims(token)

    now = time.time()
    if claims.get("exp", 0) + CLOCK_SKEW_SECONDS < now:
        raise AuthError("token expired")
    if claims.get("nbf", 0) - CLOCK_SKEW_SECONDS > now:
        raise AuthError("token not yet valid")
    if claims.get("iss") != ISSUER:
        raise AuthError("wrong issuer")

    audience = claims.get("aud")
    audiences = audience if isinstance(audience, list) else [audience]
    if AUDIENCE not in audiences:
        raise AuthError("wrong audience")
    if not claims.get("sub"):
        raise AuthError("no subject")
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
