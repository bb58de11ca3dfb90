from __future__ import annotations

import secrets
from datetime import datetime, timezone

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from .db import Tenant, TenantKey, get_session
from .security import require_service_token

router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[Depends(require_service_token)],
)


class PlanUpdate(BaseModel):
    plan: str = Field(pattern=r"^(free|team|enterprise)$")
    seat_limit: int = Field(ge=1, le=10_000)


class SuspendRequest(BaseModel):
    reason: str = Field(min_length=3, max_length=500)


def _tenant_or_404(session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "tenant not found")
    return tenant


@router.get("/tenants/{tenant_id}")
def get_tenant(tenant_id: int, session: Session = Depends(get_session)):
    tenant = _tenant_or_404(session, tenant_id)
    return {"id": tenant.id, "name": tenant.name, "plan": tenant.plan, "suspended": tenant.suspended}


@router.put("/tenants/{tenant_id}/plan")
def update_plan(tenant_id: int, body: PlanUpdate, session: Session = Depends(get_session)):
    tenant = _tenant_or_404(session, tenant_id)
    tenant.plan = body.plan
    tenant.seat_limit = body.seat_limit
    session.commit()
    return {"id": tenant.id, "plan": tenant.plan, "seat_limit": tenant.seat_limit}


@router.post("/tenants/{tenant_id}/suspend", status_code=status.HTTP_204_NO_CONTENT)
def suspend_tenant(
    tenant_id: int,
    body: SuspendRequest,
    request: Request,
    session: Session = Depends(get_session),
):
    tenant = _tenant_or_404(session, tenant_id)
    tenant.suspended = True
    tenant.suspended_reason = body.reason
    tenant.suspended_by = request.state.service_caller
    tenant.suspended_at = datetime.now(timezone.utc)
    session.commit()


@router.post("/tenants/{tenant_id}/keys/rotate")
def rotate_key(tenant_id: int, session: Session = Depends(get_session)):
    tenant = _tenant_or_404(session, tenant_id)
    session.query(TenantKey).filter_by(tenant_id=tenant.id, revoked=False).update({"revoked": True})
    new_key = "tk_" + secrets.token_urlsafe(32)
    session.add(TenantKey.from_plaintext(tenant_id=tenant.id, plaintext=new_key))
    session.commit()
    # shown once to the operator; only a hash is stored
    return {"tenant_id": tenant.id, "api_key": new_key}
