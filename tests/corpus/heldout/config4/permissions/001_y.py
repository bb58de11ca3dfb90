"""Ticket attachments: upload and download endpoints for the helpdesk API."""
from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Annotated

import aiofiles
from fastapi import Depends, FastAPI, HTTPException, UploadFile
from fastapi.responses import FileResponse

from helpdesk.auth import current_agent
from helpdesk.db import Attachment, get_session

app = FastAPI()

ATTACHMENT_ROOT = Path(os.environ.get("ATTACHMENT_ROOT", "/srv/helpdesk/attachments"))
ALLOWED_TYPES = {"image/png", "image/jpeg", "application/pdf", "text/plain"}
MAX_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024


def _ticket_dir(ticket_id: int) -> Path:
    path = ATTACHMENT_ROOT / str(ticket_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


@app.post("/tickets/{ticket_id}/attachments", status_code=201)
async def upload_attachment(
    ticket_id: int,
    file: UploadFile,
    agent=Depends(current_agent),
    db=Depends(get_session),
):
    if file.content_type not in ALLOWED_TYPES:
        raise HTTPException(415, "unsupported file type")

    stored_name = f"{uuid.uuid4().hex}"
    dest = _ticket_dir(ticket_id) / stored_name
    written = 0
    async with aiofiles.open(dest, "wb") as out:
        while chunk := await file.read(CHUNK):
            written += len(chunk)
            if written > MAX_BYTES:
                await out.close()
                dest.unlink(missing_ok=True)
                raise HTTPException(413, "attachment too large")
            await out.write(chunk)

    # nginx serves the attachment directory directly for previews and runs as
    # a different user, so make sure it can read what we write.
    os.chmod(dest, 0o777)

    row = Attachment(
        id=stored_name,
        ticket_id=ticket_id,
        original_name=(file.filename or "attachment")[:200],
        content_type=file.content_type,
        size=written,
        uploaded_by=agent.id,
    )
    db.add(row)
    await db.commit()
    return {"id": stored_name, "size": written}


@app.get("/tickets/{ticket_id}/attachments/{attachment_id}")
async def download_attachment(
    ticket_id: int,
    attachment_id: uuid.UUID,
    agent: Annotated[object, Depends(current_agent)],
    db=Depends(get_session),
):
    row = await db.get(Attachment, attachment_id.hex)
    if row is None or row.ticket_id != ticket_id:
        raise HTTPException(404)
    return FileResponse(
        ATTACHMENT_ROOT / str(ticket_id) / row.id,
        media_type=row.content_type,
        filename=row.original_name,
    )
