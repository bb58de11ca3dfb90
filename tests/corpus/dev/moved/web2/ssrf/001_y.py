"""Avatar import for member profiles.

Members can paste the URL of an avatar they already use on GitHub or
Gravatar; we download it once, re-encode it and keep our own copy.
"""
from __future__ import annotations

import io
import logging
import uuid
from pathlib import Path

import httpx
from fastapi import Depends, FastAPI, HTTPException, status
from PIL import Image
from pydantic import BaseModel

from .auth import current_member

log = logging.getLogger(__name__)

app = FastAPI()

AVATAR_DIR = Path("/srv/members/avatars")
MAX_BYTES = 2 * 1024 * 1024
KNOWN_SOURCES = (
    "https://avatars.githubusercontent.com",
    "https://secure.gravatar.com",
    "https://www.gravatar.com",
)


class AvatarImport(BaseModel):
    source_url: str


class AvatarOut(BaseModel):
    avatar_id: str
    width: int
    height: int


async def _download(url: str) -> bytes:
    async with httpx.AsyncClient(timeout=httpx.Timeout(8.0)) as client:
        async with client.stream("GET", url) as resp:
            if resp.status_code != 200:
                raise HTTPException(status.HTTP_502_BAD_GATEWAY, "source returned an error")
            chunks: list[bytes] = []
            total = 0
            async for chunk in resp.aiter_bytes():
                total += len(chunk)
                if total > MAX_BYTES:
                    raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "image too large")
                chunks.append(chunk)
            return b"".join(chunks)


@app.post("/me/avatar/import", response_model=AvatarOut)
async def import_avatar(body: AvatarImport, member=Depends(current_member)) -> AvatarOut:
    source_url = body.source_url.strip()
    if not source_url.startswith(KNOWN_SOURCES):
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "unsupported avatar source")

    raw = await _download(source_url)
    try:
        img = Image.open(io.BytesIO(raw))
        img.verify()
        img = Image.open(io.BytesIO(raw)).convert("RGB")
    except Exception:
        log.info("member %s sent a non-image avatar", member.id)
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "not an image")

    img.thumbnail((256, 256))
    avatar_id = uuid.uuid4().hex
    img.save(AVATAR_DIR / f"{avatar_id}.jpg", "JPEG", quality=88)
    await member.set_avatar(avatar_id)
    return AvatarOut(avatar_id=avatar_id, width=img.width, height=img.height)
