from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Annotated

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, EmailStr
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.db import get_session
from billing.models import RefreshToken, User

from .logutil import mask_secrets
from .tokens import issue_access_token, new_refresh_token, refresh_digest

log = logging.getLogger("billing.auth")
router = APIRouter(prefix="/auth", tags=["auth"])
hasher = PasswordHasher()


class LoginRequest(BaseModel):
    email: EmailStr
    password: str


class RefreshRequest(BaseModel):
    refresh_token: str
    client_id: str
    device: str | None = None


class TokenPair(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"


async def _issue_pair(db: AsyncSession, user: User) -> TokenPair:
    raw, digest, expires = new_refresh_token()
    db.add(RefreshToken(user_id=user.id, digest=digest, expires_at=expires))
    await db.commit()
    return TokenPair(access_token=issue_access_token(user.id, user.org_id), refresh_token=raw)


@router.post("/token", response_model=TokenPair)
async def login(body: LoginRequest, db: Annotated[AsyncSession, Depends(get_session)]) -> TokenPair:
    user = await db.scalar(select(User).where(User.email == body.email, User.active.is_(True)))
    try:
        if user is None:
            raise VerificationError()
        hasher.verify(user.password_hash, body.password)
    except VerificationError:
        log.info("sign-in failed for %r", body.email)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong email or password")
    log.info("user %s signed in", user.id)
    return await _issue_pair(db, user)


@router.post("/refresh", response_model=TokenPair)
async def refresh(
    body: RefreshRequest,
    request: Request,
    db: Annotated[AsyncSession, Depends(get_session)],
) -> TokenPair:
    details = body.model_dump()
    details["ip"] = request.client.host if request.client else None
    mask_secrets(details)
    log.info("token refresh requested: %s", details)

    stored = await db.scalar(
        select(RefreshToken).where(
            RefreshToken.digest == refresh_digest(body.refresh_token),
            RefreshToken.revoked_at.is_(None),
        )
    )
    now = datetime.now(timezone.utc)
    if stored is None or stored.expires_at <= now:
        log.info("token refresh rejected for client %r", body.client_id)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "refresh token invalid or expired")

    stored.revoked_at = now
    user = await db.get(User, stored.user_id)
    if user is None or not user.active:
        await db.commit()
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "refresh token invalid or expired")
    return await _issue_pair(db, user)
