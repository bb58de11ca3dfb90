from flask import Blueprint, abort, current_app, jsonify, request
from flask_login import current_user, login_required

from . import repository

orders_api = Blueprint("orders_api", __name__, url_prefix="/api/orders")


def _serialise(order) -> dict:
    return {
        "id": order.id,
        "status": order.status,
        "total_cents": order.total_cents,
        "shipping_name": order.shipping_name,
        "shipping_address": order.shipping_address,
        "shipping_postcode": order.shipping_postcode,
        "delivery_notes": order.delivery_notes,
        "gift_wrap": order.gift_wrap,
    }


@orders_api.get("/<int:order_id>")
@login_required
def show_order(order_id: int):
    order = repository.get_order(current_user.id, order_id)
    if order is None:
        abort(404)
    return jsonify(_serialise(order))


@orders_api.patch("/<int:order_id>")
@login_required
def edit_order(order_id: int):
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        abort(400, description="expected a JSON object")

    if unknown := set(payload) - repository.CUSTOMER_EDITABLE:
        current_app.logger.info("order %s: %d unexpected field(s) in edit", order_id, len(unknown))

    changes = {k: payload[k] for k in payload.keys() & repository.CUSTOMER_EDITABLE}
    if repository.update_pending_order(current_user.id, order_id, changes) == 0:
        abort(409, description="order can no longer be changed")
    return jsonify(_serialise(repository.get_order(current_user.id, order_id)))
