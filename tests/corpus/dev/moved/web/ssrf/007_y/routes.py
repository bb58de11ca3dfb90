from __future__ import annotations

from typing import Any

import httpx
from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from .auth import require_member
from .delivery import send_event

router = APIRouter(prefix="/api/integrations", tags=["integrations"])


class TestDelivery(BaseModel):
    target_url: str = Field(..., max_length=2000)
    event: str = Field("ping", pattern=r"^[a-z_.]{1,40}$")
    sample: dict[str, Any] = Field(default_factory=dict)


@router.post("/webhooks/test")
async def test_webhook(body: TestDelivery, user=Depends(require_member)) -> dict[str, Any]:
    payload = {"sent_by": user.email, **body.sample}
    try:
        result = await send_event(body.target_url, body.event, payload)
    except httpx.HTTPError as exc:
        raise HTTPException(status_code=502, detail=f"delivery failed: {type(exc).__name__}")
    return {
        "status": result.status_code,
        "elapsed_ms": result.elapsed_ms,
        "response": result.response_excerpt,
    }
