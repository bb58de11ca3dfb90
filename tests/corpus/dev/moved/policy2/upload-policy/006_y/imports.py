from __future__ import annotations

import logging
from pathlib import PurePath

from fastapi import APIRouter, Depends, HTTPException, UploadFile, status

from .deps import Principal, get_principal
from .storage import write_import
from .tasks import enqueue_import

logger = logging.getLogger("invoicing.imports")
router = APIRouter(prefix="/imports", tags=["imports"])

ALLOWED_IMPORT_TYPES = frozenset({"csv", "xlsx", "pdf"})
MAX_IMPORT_BYTES = 5 * 1024 * 1024
CHUNK = 64 * 1024


async def _read_bounded(upload: UploadFile) -> list[bytes]:
    chunks: list[bytes] = []
    total = 0
    while chunk := await upload.read(CHUNK):
        total += len(chunk)
        if total > MAX_IMPORT_BYTES:
            raise HTTPException(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "Import files are limited to 5 MiB")
        chunks.append(chunk)
    return chunks


@router.post("", status_code=status.HTTP_202_ACCEPTED)
async def upload_import(file: UploadFile, principal: Principal = Depends(get_principal)) -> dict[str, object]:
    suffix = PurePath(file.filename or "").suffix.lower()
    if suffix.lstrip(".") not in ALLOWED_IMPORT_TYPES:
        logger.warning("account %s uploaded an import with unexpected type %r", principal.account_id, suffix)
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "Imports must be CSV, XLSX or PDF")

    chunks = await _read_bounded(file)
    stored = write_import(principal.account_id, suffix, chunks)
    job_id = await enqueue_import(principal.account_id, stored.path)
    logger.info("queued import job %s (%d bytes) for account %s", job_id, stored.size, principal.account_id)
    return {"job_id": job_id, "size": stored.size}
