from dataclasses import dataclass

from fastapi import Header, HTTPException, status

from .tokens import TokenError, verify


@dataclass(frozen=True, slots=True)
class Principal:
    subject: str
    tenant_id: int
    roles: frozenset[str]


async def current_principal(authorization: str = Header(default="")) -> Principal:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bearer token required")
    try:
        claims = verify(token)
    except TokenError as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, str(exc)) from exc
    try:
        return Principal(
            subject=str(claims["sub"]),
            tenant_id=int(claims["tid"]),
            roles=frozenset(claims.get("roles", [])),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "incomplete claims") from exc
