from typing import Any

from sqlalchemy import func

from .models import Order, db

CUSTOMER_EDITABLE = frozenset({"shipping_name", "shipping_address", "shipping_postcode", "delivery_notes", "gift_wrap"})


def get_order(customer_id: int, order_id: int) -> Order | None:
    return Order.query.filter_by(id=order_id, customer_id=customer_id).one_or_none()


def update_pending_order(customer_id: int, order_id: int, changes: dict[str, Any]) -> int:
    """Apply ``changes`` to an order that has not been paid yet.

    Returns the number of rows touched (0 when the order is not editable).
    """
    if not changes:
        return 0
    touched = (
        Order.query.filter_by(id=order_id, customer_id=customer_id, status="pending")
        .update({**changes, "updated_at": func.now()}, synchronize_session=False)
    )
    db.session.commit()
    return touched
