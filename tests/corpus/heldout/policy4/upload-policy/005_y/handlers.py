from __future__ import annotations

import logging
from pathlib import PurePath

from aiohttp import web

from .storage import stream_to_disk, staging_path

log = logging.getLogger("ingest.handlers")

ALLOWED_EXTENSIONS = {"csv", "parquet"}
MAX_UPLOAD_BYTES = 256 * 1024 * 1024


def _extension(filename: str | None) -> str | None:
    if not filename:
        return None
    ext = PurePath(filename).suffix.lower().lstrip(".")
    return ext if ext in ALLOWED_EXTENSIONS else None


async def upload_dataset(request: web.Request) -> web.Response:
    if request.content_length is not None and request.content_length > MAX_UPLOAD_BYTES:
        raise web.HTTPRequestEntityTooLarge(
            max_size=MAX_UPLOAD_BYTES, actual_size=request.content_length
        )

    reader = await request.multipart()
    field = await reader.next()
    if field is None or field.name != "dataset":
        raise web.HTTPBadRequest(text="expected a 'dataset' file field")

    ext = _extension(field.filename)
    if ext is None:
        raise web.HTTPUnsupportedMediaType(text="only .csv and .parquet files are accepted")

    dest = staging_path(ext)
    staged = await stream_to_disk(field, dest)

    db = request.app["db"]
    upload_id = await db.fetchval(
        "INSERT INTO dataset_uploads (owner_id, staged_path, size_bytes, original_name) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        request["user_id"], str(staged.path), staged.size, staged.original_name[:255],
    )
    log.info("staged upload %s (%d bytes) for user %s", upload_id, staged.size, request["user_id"])
    return web.json_response({"id": upload_id, "size": staged.size}, status=201)


async def upload_status(request: web.Request) -> web.Response:
    try:
        upload_id = int(request.match_info["upload_id"])
    except ValueError:
        raise web.HTTPNotFound()
    row = await request.app["db"].fetchrow(
        "SELECT id, size_bytes, status, loaded_rows FROM dataset_uploads "
        "WHERE id = $1 AND owner_id = $2",
        upload_id, request["user_id"],
    )
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response(dict(row))
