"""Access-token handling for the ledger service.

Tokens are issued by the company identity provider (RS256, keys published at
the JWKS endpoint) and sent by browsers and API clients as Bearer tokens.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

import jwt

ISSUER = os.environ.get("LEDGER_TOKEN_ISSUER", "https://id.corp.example/")
AUDIENCE = os.environ.get("LEDGER_TOKEN_AUDIENCE", "ledger-api")
CLOCK_SKEW = 30


class InvalidToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    tenant: str
    scopes: frozenset[str]


def decode_access_token(token: str) -> Principal:
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.DecodeError as exc:
        raise InvalidToken("malformed token") from exc

    if claims.get("iss") != ISSUER:
        raise InvalidToken("unexpected issuer")
    audience = claims.get("aud")
    if AUDIENCE not in (audience if isinstance(audience, list) else [audience]):
        raise InvalidToken("wrong audience")
    if not isinstance(claims.get("exp"), int) or claims["exp"] + CLOCK_SKEW < time.time():
        raise InvalidToken("expired")
    if not claims.get("sub") or not claims.get("tenant"):
        raise InvalidToken("missing subject")

    return Principal(
        subject=claims["sub"],
        tenant=claims["tenant"],
        scopes=frozenset(str(claims.get("scope", "")).split()),
    )
