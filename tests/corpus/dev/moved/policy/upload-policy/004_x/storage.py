from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

from aiohttp import BodyPartReader

CHUNK_SIZE = 256 * 1024


class UploadTooLarge(Exception):
    def __init__(self, seen: int) -> None:
        super().__init__(f"upload exceeded the limit after {seen} bytes")
        self.seen = seen


@dataclass
class MediaStore:
    root: Path
    max_bytes: int = 8 * 1024 * 1024

    async def save_stream(self, part: BodyPartReader, ext: str) -> tuple[str, int]:
        """Stream one multipart part to disk under a fresh random name."""
        name = f"{uuid.uuid4().hex}.{ext}"
        incoming = self.root / "incoming"
        await asyncio.to_thread(incoming.mkdir, parents=True, exist_ok=True)
        tmp = incoming / name
        written = 0
        out = await asyncio.to_thread(tmp.open, "xb")
        try:
            while chunk := await part.read_chunk(CHUNK_SIZE):
                written += len(chunk)
                if written > self.max_bytes:
                    raise UploadTooLarge(written)
                await asyncio.to_thread(out.write, chunk)
        except BaseException:
            out.close()
            tmp.unlink(missing_ok=True)
            raise
        out.close()

        key = f"{name[:2]}/{name}"
        final = self.root / key
        await asyncio.to_thread(final.parent.mkdir, exist_ok=True)
        await asyncio.to_thread(tmp.rename, final)
        return key, written
