from typing import Any

from fastapi import Body, Depends, FastAPI, HTTPException, status
from passlib.hash import argon2
from pydantic import BaseModel, EmailStr
from sqlalchemy import Boolean, Integer, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .database import get_session

app = FastAPI(title="community-api")


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[str] = mapped_column(String(500), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    is_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    reputation: Mapped[int] = mapped_column(Integer, default=0)


class UserOut(BaseModel):
    id: int
    email: EmailStr
    display_name: str
    bio: str


@app.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
async def register(
    payload: dict[str, Any] = Body(...),
    db: AsyncSession = Depends(get_session),
) -> UserOut:
    password = payload.pop("password", None)
    if not isinstance(password, str) or len(password) < 10:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "password must be at least 10 characters")
    if not payload.get("email") or not payload.get("display_name"):
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "email and display_name are required")

    existing = await db.scalar(select(User.id).where(User.email == payload["email"]))
    if existing is not None:
        raise HTTPException(status.HTTP_409_CONFLICT, "email already registered")

    user = User(**payload, password_hash=argon2.hash(password))
    db.add(user)
    await db.commit()
    await db.refresh(user)
    return UserOut(id=user.id, email=user.email, display_name=user.display_name, bio=user.bio)
