from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Response, status
from passlib.context import CryptContext
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import get_session
from app.models import LoginSession, Member

router = APIRouter(prefix="/auth", tags=["auth"])
pwd_context = CryptContext(schemes=["argon2"], deprecated="auto")

SESSION_COOKIE = "sid"
SESSION_MAX_AGE = 60 * 60 * 12


async def _create_login_session(db: AsyncSession, member: Member) -> str:
    sid = secrets.token_urlsafe(32)
    db.add(LoginSession(sid=sid, member_id=member.id))
    await db.commit()
    return sid


@router.post("/login", status_code=status.HTTP_204_NO_CONTENT)
async def login(
    response: Response,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    db: AsyncSession = Depends(get_session),
) -> None:
    result = await db.execute(select(Member).where(Member.username == username))
    member = result.scalar_one_or_none()
    if member is None or not pwd_context.verify(password, member.password_hash):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bad username or password")

    sid = await _create_login_session(db, member)
    response.set_cookie(
        key=SESSION_COOKIE,
        value=sid,
        max_age=SESSION_MAX_AGE,
        secure=True,
        httponly=True,
        samesite="strict",
    )


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, secure=True, httponly=True, samesite="strict")
