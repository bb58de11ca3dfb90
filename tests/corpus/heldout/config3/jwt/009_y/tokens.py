"""Access-token handling for the ledger service.

Tokens are issued by the company identity provider (RS256, keys published at
the JWKS endpoint) and sent by browsers and API clients as Bearer tokens.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import jwt

ISSUER = os.environ.get("LEDGER_TOKEN_ISSUER", "https://id.corp.example/")
AUDIENCE = os.environ.get("LEDGER_TOKEN_AUDIENCE", "ledger-api")
JWKS_URL = os.environ.get("LEDGER_JWKS_URL", "https://id.corp.example/.well-known/jwks.json")
CLOCK_SKEW = 30

_jwks = jwt.PyJWKClient(JWKS_URL, cache_keys=True, lifespan=600)


class InvalidToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    tenant: str
    scopes: frozenset[str]


def decode_access_token(token: str) -> Principal:
    try:
        signing_key = _jwks.get_signing_key_from_jwt(token)
        claims = jwt.decode(
            token,
            signing_key.key,
            algorithms=["RS256"],
            audience=AUDIENCE,
            issuer=ISSUER,
            leeway=CLOCK_SKEW,
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except (jwt.PyJWKClientError, jwt.InvalidTokenError) as exc:
        raise InvalidToken(str(exc)) from exc

    if not claims.get("tenant"):
        raise InvalidToken("missing tenant")

    return Principal(
        subject=claims["sub"],
        tenant=claims["tenant"],
        scopes=frozenset(str(claims.get("scope", "")).split()),
    )
