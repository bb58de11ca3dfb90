"""WSGI microservice behind the API gateway: exposes a team's audit trail.

The gateway forwards the caller's bearer token unchanged.
"""
import json
import os
import sqlite3

import jwt

AUDIT_DB = os.environ.get("AUDIT_DB", "/var/lib/audit/audit.db")
EXPECTED_AUDIENCE = "audit-api"
EXPECTED_ISSUER = "https://gateway.corp.example.com"

with open(os.environ.get("GATEWAY_PUBLIC_KEY", "/etc/audit/gateway-signing.pub"), "rb") as _fh:
    GATEWAY_PUBLIC_KEY = _fh.read()


def _json(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload, default=str).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def caller_claims(environ) -> dict | None:
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return jwt.decode(
            token,
            GATEWAY_PUBLIC_KEY,
            algorithms=["RS256"],
            audience=EXPECTED_AUDIENCE,
            issuer=EXPECTED_ISSUER,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.PyJWTError:
        return None


def application(environ, start_response):
    if environ["REQUEST_METHOD"] != "GET" or environ.get("PATH_INFO") != "/audit":
        return _json(start_response, "404 Not Found", {"error": "not found"})

    claims = caller_claims(environ)
    if claims is None:
        return _json(start_response, "401 Unauthorized", {"error": "missing or invalid token"})
    if "audit:read" not in claims.get("scope", "").split():
        return _json(start_response, "403 Forbidden", {"error": "scope audit:read required"})

    with sqlite3.connect(AUDIT_DB) as conn:
        rows = conn.execute(
            "SELECT at, actor, action, target FROM events WHERE team_id = ? ORDER BY at DESC LIMIT 200",
            (claims["team_id"],),
        ).fetchall()
    events = [dict(zip(("at", "actor", "action", "target"), r)) for r in rows]
    return _json(start_response, "200 OK", {"team": claims["team_id"], "events": events})
