"""Profile routes: avatar upload and removal."""
from __future__ import annotations

import uuid
from pathlib import Path

from fastapi import APIRouter, Depends, File, HTTPException, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from app.auth import CurrentUser, get_current_user
from app.db import get_db

router = APIRouter(prefix="/profile", tags=["profile"])

# Served by the StaticFiles mount at /static in app.main
AVATAR_DIR = Path(__file__).resolve().parent.parent / "static" / "avatars"
AVATAR_URL_PREFIX = "/static/avatars"
MAX_AVATAR_BYTES = 2 * 1024 * 1024


async def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "avatar too large")
    return data


@router.post("/avatar", status_code=status.HTTP_201_CREATED)
async def upload_avatar(
    avatar: UploadFile = File(...),
    user: CurrentUser = Depends(get_current_user),
    db: AsyncSession = Depends(get_db),
):
    if not (avatar.content_type or "").startswith("image/"):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "avatar must be an image")

    data = await _read_limited(avatar, MAX_AVATAR_BYTES)
    suffix = Path(avatar.filename or "").suffix.lower() or ".img"
    stored_name = f"{uuid.uuid4().hex}{suffix}"

    AVATAR_DIR.mkdir(parents=True, exist_ok=True)
    (AVATAR_DIR / stored_name).write_bytes(data)

    old = user.avatar_file
    user.avatar_file = stored_name
    db.add(user)
    await db.commit()

    if old:
        (AVATAR_DIR / Path(old).name).unlink(missing_ok=True)

    return {"avatar_url": f"{AVATAR_URL_PREFIX}/{stored_name}"}


@router.delete("/avatar", status_code=status.HTTP_204_NO_CONTENT)
async def delete_avatar(
    user: CurrentUser = Depends(get_current_user),
    db: AsyncSession = Depends(get_db),
):
    if user.avatar_file:
        (AVATAR_DIR / Path(user.avatar_file).name).unlink(missing_ok=True)
        user.avatar_file = None
        db.add(user)
        await db.commit()
