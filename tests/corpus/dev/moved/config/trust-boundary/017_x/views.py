import stripe
from flask import Blueprint, abort, jsonify, request, session
from flask_login import current_user, login_required

from . import catalog
from .checkout_state import clear_quote, load_quote, stash_quote
from .models import Subscription, db

bp = Blueprint("checkout", __name__, url_prefix="/checkout")


@bp.post("/quote")
@login_required
def create_quote():
    payload = request.get_json(silent=True) or {}
    plan = catalog.lookup(str(payload.get("plan", "")))
    if plan is None:
        abort(400, description="unknown plan")
    try:
        seats = int(payload.get("seats", 1))
    except (TypeError, ValueError):
        abort(400, description="seats must be a number")
    if not 1 <= seats <= plan.max_seats:
        abort(400, description=f"{plan.label} allows 1-{plan.max_seats} seats")

    quote = {
        "plan": plan.code,
        "seats": seats,
        "amount_cents": catalog.price_for(plan, seats),
        "currency": "usd",
    }
    stash_quote(session, quote)
    return jsonify(quote)


@bp.post("/pay")
@login_required
def pay():
    quote = load_quote(session)
    if quote is None:
        abort(409, description="no pending quote")

    intent = stripe.PaymentIntent.create(
        amount=quote["amount_cents"],
        currency=quote["currency"],
        customer=current_user.stripe_customer_id,
        metadata={"plan": quote["plan"], "seats": quote["seats"], "user": current_user.id},
        confirm=True,
        payment_method=current_user.default_payment_method,
        off_session=True,
    )
    db.session.add(
        Subscription(
            user_id=current_user.id,
            plan=quote["plan"],
            seats=quote["seats"],
            payment_intent=intent.id,
        )
    )
    db.session.commit()
    clear_quote(session)
    return jsonify(status=intent.status, plan=quote["plan"], seats=quote["seats"])
