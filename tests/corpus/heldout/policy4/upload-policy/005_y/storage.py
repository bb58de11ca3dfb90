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


@dataclass(frozen=True)
class StagedFile:
    path: Path
    size: int
    original_name: str


def staging_path(extension: str) -> Path:
    STAGING_ROOT.mkdir(parents=True, exist_ok=True)
    return STAGING_ROOT / f"{uuid.uuid4().hex}.{extension}"


async def stream_to_disk(field: BodyPartReader, dest: Path) -> StagedFile:
    written = 0
    async with aiofiles.open(dest, "xb") as out:
        while chunk := await field.read_chunk(CHUNK_SIZE):
            written += len(chunk)
            await out.write(chunk)
    return StagedFile(path=dest, size=written, original_name=field.filename or "")
