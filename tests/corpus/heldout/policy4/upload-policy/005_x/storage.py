"""Staging-volume helpers for dataset uploads."""
from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import aiofiles
from aiohttp import BodyPartReader

STAGING_ROOT = Path(os.environ.get("INGEST_STAGING_DIR", "/srv/ingest/staging"))
CHUNK_SIZE = 256 * 1024


class UploadTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"upload exceeds {limit} bytes")
        self.limit = limit


@dataclass(frozen=True)
class StagedFile:
    path: Path
    size: int
    original_name: str


def staging_path(extension: str) -> Path:
    STAGING_ROOT.mkdir(parents=True, exist_ok=True)
    return STAGING_ROOT / f"{uuid.uuid4().hex}.{extension}"


async def stream_to_disk(field: BodyPartReader, dest: Path, max_bytes: int) -> StagedFile:
    written = 0
    try:
        async with aiofiles.open(dest, "xb") as out:
            while chunk := await field.read_chunk(CHUNK_SIZE):
                written += len(chunk)
                if written > max_bytes:
                    raise UploadTooLarge(max_bytes)
                await out.write(chunk)
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return StagedFile(path=dest, size=written, original_name=field.filename or "")
