from __future__ import annotations

import os
import uuid
from pathlib import Path, PurePath
from typing import Annotated

import aiofiles
from fastapi import APIRouter, Depends, HTTPException, UploadFile, status
from sqlalchemy.ext.asyncio import AsyncSession

from billing.auth import Caller, current_caller
from billing.db import get_session
from billing.models import StatementImport

router = APIRouter(prefix="/statements", tags=["statements"])

STATEMENT_DIR = Path(os.environ.get("STATEMENT_DIR", "/var/lib/billing/statements"))
CONTENT_TYPES = {".pdf": "application/pdf", ".csv": "text/csv"}


@router.post("/import", status_code=status.HTTP_201_CREATED)
async def import_statement(
    file: UploadFile,
    caller: Annotated[Caller, Depends(current_caller)],
    db: Annotated[AsyncSession, Depends(get_session)],
) -> dict[str, object]:
    suffix = PurePath(file.filename or "").suffix.lower()
    if suffix not in CONTENT_TYPES:
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "upload a PDF or CSV statement")

    content = await file.read()
    if not content:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "empty file")
    if suffix == ".pdf" and not content.startswith(b"%PDF-"):
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE, "not a PDF document")

    stored_name = f"{uuid.uuid4().hex}{suffix}"
    target = STATEMENT_DIR / str(caller.org_id) / stored_name
    target.parent.mkdir(parents=True, exist_ok=True)
    async with aiofiles.open(target, "xb") as out:
        await out.write(content)

    record = StatementImport(
        org_id=caller.org_id,
        uploaded_by=caller.user_id,
        stored_name=stored_name,
        original_name=PurePath(file.filename or "statement").name[:200],
        content_type=CONTENT_TYPES[suffix],
        size=len(content),
    )
    db.add(record)
    await db.commit()
    return {"id": record.id, "size": record.size, "status": "queued"}
