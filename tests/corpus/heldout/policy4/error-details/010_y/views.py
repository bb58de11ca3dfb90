from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, g, jsonify, request
from sqlalchemy import select

from .auth import partner_required
from .models import Order, OrderLine, db

bp = Blueprint("orders", __name__, url_prefix="/api/orders")

VALID_STATUSES = {"pending", "picking", "shipped", "cancelled"}


def _serialize(order: Order) -> dict:
    return {
        "id": order.id,
        "reference": order.reference,
        "status": order.status,
        "total": str(order.total),
        "lines": [
            {"sku": line.sku, "quantity": line.quantity, "unit_price": str(line.unit_price)}
            for line in order.lines
        ],
    }


@bp.get("")
@partner_required
def list_orders():
    status = request.args.get("status")
    stmt = select(Order).where(Order.partner_id == g.partner.id).order_by(Order.created_at.desc())
    if status is not None:
        if status not in VALID_STATUSES:
            abort(400, description="unknown status")
        stmt = stmt.where(Order.status == status)
    orders = db.session.scalars(stmt.limit(100)).all()
    return jsonify([_serialize(o) for o in orders])


@bp.post("")
@partner_required
def create_order():
    payload = request.get_json(silent=True) or {}
    lines = payload.get("lines")
    if not isinstance(lines, list) or not lines:
        abort(400, description="an order needs at least one line")

    order = Order(partner_id=g.partner.id, reference=str(payload.get("reference", ""))[:64])
    for raw in lines:
        order.lines.append(
            OrderLine(
                sku=str(raw["sku"]),
                quantity=int(raw["quantity"]),
                unit_price=Decimal(str(raw["unit_price"])),
            )
        )
    order.total = sum((l.unit_price * l.quantity for l in order.lines), Decimal("0"))
    db.session.add(order)
    db.session.commit()
    return jsonify(_serialize(order)), 201


@bp.get("/<int:order_id>")
@partner_required
def get_order(order_id: int):
    order = db.session.scalars(
        select(Order).where(Order.id == order_id, Order.partner_id == g.partner.id)
    ).first()
    if order is None:
        abort(404)
    return jsonify(_serialize(order))
