"""Campaign editor API (FastAPI)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from app.security import StaffUser, require_staff

from .rendering import LAYOUTS, campaign_context, render_campaign

router = APIRouter(prefix="/campaigns", tags=["campaigns"])

SAMPLE_CUSTOMER = {"first_name": "Dana", "member_no": "NW-000123"}


class PreviewRequest(BaseModel):
    layout: Literal["welcome", "winback"]
    intro: str = Field(default="", max_length=2000)
    discount: int = Field(default=10, ge=0, le=80)


class PreviewResponse(BaseModel):
    layout: str
    html: str


@router.post("/preview", response_model=PreviewResponse)
async def preview_campaign(
    req: PreviewRequest,
    user: Annotated[StaffUser, Depends(require_staff)],
) -> PreviewResponse:
    if req.layout not in LAYOUTS:
        raise HTTPException(status_code=404, detail="unknown layout")
    ctx = campaign_context(SAMPLE_CUSTOMER, discount=req.discount)
    html = render_campaign(req.layout, req.intro, ctx)
    return PreviewResponse(layout=req.layout, html=html)


@router.get("/layouts")
async def list_layouts(user: Annotated[StaffUser, Depends(require_staff)]) -> list[str]:
    return sorted(LAYOUTS)


@router.post("/preview.html", response_class=HTMLResponse)
async def preview_campaign_html(
    req: PreviewRequest,
    user: Annotated[StaffUser, Depends(require_staff)],
) -> str:
    ctx = campaign_context(SAMPLE_CUSTOMER, discount=req.discount)
    return render_campaign(req.layout, req.intro, ctx)
