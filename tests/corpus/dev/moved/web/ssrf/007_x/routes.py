from __future__ import annotations

import os
from typing import Any, Literal

import httpx
from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from .auth import require_member
from .delivery import send_event

router = APIRouter(prefix="/api/integrations", tags=["integrations"])

# endpoints are configured by operators at deploy time
INTEGRATION_ENDPOINTS: dict[str, str] = {
    name: url
    for name, url in {
        "slack": os.environ.get("HOOK_URL_SLACK", ""),
        "pagerduty": os.environ.get("HOOK_URL_PAGERDUTY", ""),
        "billing": os.environ.get("HOOK_URL_BILLING", ""),
    }.items()
    if url
}


class TestDelivery(BaseModel):
    integration: Literal["slack", "pagerduty", "billing"]
    event: str = Field("ping", pattern=r"^[a-z_.]{1,40}$")
    sample: dict[str, Any] = Field(default_factory=dict)


@router.post("/webhooks/test")
async def test_webhook(body: TestDelivery, user=Depends(require_member)) -> dict[str, Any]:
    endpoint = INTEGRATION_ENDPOINTS.get(body.integration)
    if endpoint is None:
        raise HTTPException(status_code=404, detail="integration is not configured")
    payload = {"sent_by": user.email, **body.sample}
    try:
        result = await send_event(endpoint, body.event, payload)
    except httpx.HTTPError as exc:
        raise HTTPException(status_code=502, detail=f"delivery failed: {type(exc).__name__}")
    return {
        "status": result.status_code,
        "elapsed_ms": result.elapsed_ms,
        "response": result.response_excerpt,
    }
