from typing import Any

from fastapi import APIRouter, Body, Depends, HTTPException, status
from sqlalchemy import Boolean, Integer, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .deps import get_current_account_id, get_session

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)
    display_name: Mapped[str] = mapped_column(String(80), default="")
    bio: Mapped[str] = mapped_column(String(500), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    tier: Mapped[str] = mapped_column(String(16), default="basic")
    email_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    is_staff: Mapped[bool] = mapped_column(Boolean, default=False)


def serialize(account: Account) -> dict[str, Any]:
    return {
        "id": account.id,
        "display_name": account.display_name,
        "bio": account.bio,
        "timezone": account.timezone,
        "tier": account.tier,
    }


def clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Trim strings and drop empty values so PATCH only touches what was sent."""
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, str):
            value = value.strip()
            if not value:
                continue
        cleaned[key] = value
    return cleaned


@router.get("/me")
async def read_me(
    account_id: int = Depends(get_current_account_id),
    session: AsyncSession = Depends(get_session),
) -> dict[str, Any]:
    account = await session.get(Account, account_id)
    if account is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND)
    return serialize(account)


@router.patch("/me")
async def update_me(
    changes: dict[str, Any] = Body(...),
    account_id: int = Depends(get_current_account_id),
    session: AsyncSession = Depends(get_session),
) -> dict[str, Any]:
    if not (values := clean_changes(changes)):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "nothing to update")

    await session.execute(
        update(Account).where(Account.id == account_id).values(**values)
    )
    await session.commit()

    result = await session.execute(select(Account).where(Account.id == account_id))
    return serialize(result.scalar_one())
