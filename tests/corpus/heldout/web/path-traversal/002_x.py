"""Thumbnail and asset delivery for the media service."""
from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from fastapi.responses import FileResponse

MEDIA_ROOT = Path("/var/lib/mediasvc/assets").resolve()

app = FastAPI(title="media-service")


def _guess_type(path: Path) -> str:
    mime, _ = mimetypes.guess_type(path.name)
    return mime or "application/octet-stream"


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/assets/{collection}")
async def get_asset(
    collection: str,
    name: str = Query(..., min_length=1, max_length=255),
    variant: str | None = None,
) -> FileResponse:
    base = MEDIA_ROOT / collection
    if variant:
        target = base / variant / name
    else:
        target = base / name

    target = target.resolve()
    if not target.is_relative_to(MEDIA_ROOT):
        raise HTTPException(status_code=404, detail="asset not found")
    if not target.is_file():
        raise HTTPException(status_code=404, detail="asset not found")

    return FileResponse(
        target,
        media_type=_guess_type(target),
        headers={"Cache-Control": "public, max-age=3600"},
    )
