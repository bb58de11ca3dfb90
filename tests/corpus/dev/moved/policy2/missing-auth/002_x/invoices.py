from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from .db import Invoice, get_session
from .deps import Principal, get_principal

router = APIRouter(prefix="/invoices", tags=["invoices"])


class InvoiceOut(BaseModel):
    id: int
    number: str
    total: Decimal
    status: str


class VoidRequest(BaseModel):
    reason: str


@router.get("", response_model=list[InvoiceOut])
def list_invoices(
    principal: Principal = Depends(get_principal),
    session: Session = Depends(get_session),
):
    rows = session.scalars(
        select(Invoice).where(Invoice.account_id == principal.account_id).order_by(Invoice.issued_at.desc())
    )
    return [InvoiceOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/{invoice_id}", response_model=InvoiceOut)
def get_invoice(
    invoice_id: int,
    principal: Principal = Depends(get_principal),
    session: Session = Depends(get_session),
):
    invoice = session.scalar(
        select(Invoice).where(Invoice.id == invoice_id, Invoice.account_id == principal.account_id)
    )
    if invoice is None:
        raise HTTPException(status_code=404)
    return InvoiceOut.model_validate(invoice, from_attributes=True)


@router.post("/{invoice_id}/void", response_model=InvoiceOut)
def void_invoice(
    invoice_id: int,
    body: VoidRequest,
    principal: Principal = Depends(get_principal),
    session: Session = Depends(get_session),
):
    if principal.role != "owner":
        raise HTTPException(status_code=403, detail="Only account owners can void invoices")
    invoice = session.scalar(
        select(Invoice).where(Invoice.id == invoice_id, Invoice.account_id == principal.account_id)
    )
    if invoice is None:
        raise HTTPException(status_code=404)
    if invoice.status == "void":
        raise HTTPException(status_code=409, detail="Invoice already void")
    invoice.status = "void"
    invoice.void_reason = body.reason[:500]
    invoice.voided_at = datetime.now(timezone.utc)
    invoice.voided_by = principal.user_id
    session.commit()
    return InvoiceOut.model_validate(invoice, from_attributes=True)
