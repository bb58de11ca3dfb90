from __future__ import annotations

import os
from dataclasses import dataclass

import jwt
from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

JWT_SECRET = os.environ["INVOICING_JWT_SECRET"]
JWT_AUDIENCE = "invoicing-api"

bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    account_id: int
    role: str


def _decode(token: str) -> Principal | None:
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"], audience=JWT_AUDIENCE)
    except jwt.PyJWTError:
        return None
    return Principal(user_id=int(claims["sub"]), account_id=int(claims["acct"]), role=claims.get("role", "member"))


def get_optional_principal(
    creds: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> Principal | None:
    """Used by pages that render differently for signed-in users."""
    if creds is None:
        return None
    return _decode(creds.credentials)


def get_principal(principal: Principal | None = Depends(get_optional_principal)) -> Principal:
    if principal is None:
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="Not authenticated",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal
