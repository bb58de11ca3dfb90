from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse

from .auth import CurrentAgent, require_agent
from .storage import AttachmentStore, InvalidAttachmentName

router = APIRouter(prefix="/tickets", tags=["attachments"])
store = AttachmentStore()

MAX_UPLOAD = 15 * 1024 * 1024


async def _ticket_or_404(ticket_id: int, agent: CurrentAgent):
    ticket = await agent.team.tickets.get_or_none(id=ticket_id)
    if ticket is None:
        raise HTTPException(status_code=404, detail="ticket not found")
    return ticket


@router.get("/{ticket_id}/attachments")
async def list_attachments(
    ticket_id: int,
    agent: Annotated[CurrentAgent, Depends(require_agent)],
):
    ticket = await _ticket_or_404(ticket_id, agent)
    return {"ticket": ticket.id, "files": store.list(ticket.id)}


@router.post("/{ticket_id}/attachments", status_code=201)
async def upload_attachment(
    ticket_id: int,
    agent: Annotated[CurrentAgent, Depends(require_agent)],
    upload: Annotated[UploadFile, File()],
):
    ticket = await _ticket_or_404(ticket_id, agent)
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise HTTPException(status_code=413, detail="attachment too large")
    try:
        saved = store.save(ticket.id, upload.filename or "", data)
    except InvalidAttachmentName as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    return {"name": saved.name, "size": len(data)}


@router.get("/{ticket_id}/attachments/download")
async def download_attachment(
    ticket_id: int,
    agent: Annotated[CurrentAgent, Depends(require_agent)],
    name: Annotated[str, Query(max_length=255)],
):
    ticket = await _ticket_or_404(ticket_id, agent)
    try:
        path = store.path_for(ticket.id, name)
    except InvalidAttachmentName as exc:
        raise HTTPException(status_code=400, detail=str(exc))
    if not path.is_file():
        raise HTTPException(status_code=404, detail="no such attachment")
    return FileResponse(path, filename=path.name)
