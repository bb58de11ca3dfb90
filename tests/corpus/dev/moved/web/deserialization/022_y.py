import base64
import binascii
import hashlib
import hmac
import os
import pickle
from dataclasses import dataclass, field

from flask import Flask, jsonify, make_response, request

from .catalog import get_product

app = Flask(__name__)

CART_COOKIE = "cart"
CART_SIGNING_KEY = os.environ["CART_SIGNING_KEY"].encode()


@dataclass
class CartLine:
    sku: str
    qty: int


@dataclass
class Cart:
    lines: list[CartLine] = field(default_factory=list)
    coupon: str | None = None

    def add(self, sku: str, qty: int) -> None:
        for line in self.lines:
            if line.sku == sku:
                line.qty += qty
                return
        self.lines.append(CartLine(sku, qty))


def _sign(data: bytes) -> str:
    return hmac.new(CART_SIGNING_KEY, data, hashlib.sha256).hexdigest()


def load_cart() -> Cart:
    raw = request.cookies.get(CART_COOKIE)
    if not raw or "." not in raw:
        return Cart()
    encoded, _, signature = raw.rpartition(".")
    try:
        data = base64.urlsafe_b64decode(encoded.encode())
    except binascii.Error:
        return Cart()
    if not hmac.compare_digest(signature.encode(), _sign(data).encode()):
        return Cart()
    try:
        cart = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError):
        return Cart()
    return cart if isinstance(cart, Cart) else Cart()


def save_cart(response, cart: Cart):
    data = pickle.dumps(cart)
    blob = base64.urlsafe_b64encode(data).decode() + "." + _sign(data)
    response.set_cookie(CART_COOKIE, blob, max_age=7 * 86400, httponly=True, secure=True, samesite="Lax")
    return response


@app.get("/cart")
def view_cart():
    cart = load_cart()
    return jsonify(
        lines=[{"sku": l.sku, "qty": l.qty} for l in cart.lines],
        coupon=cart.coupon,
    )


@app.post("/cart/items")
def add_item():
    body = request.get_json(silent=True) or {}
    sku = str(body.get("sku", ""))
    try:
        qty = max(1, min(int(body.get("qty", 1)), 99))
    except (TypeError, ValueError):
        return jsonify(error="qty must be a number"), 400
    if get_product(sku) is None:
        return jsonify(error="unknown product"), 404

    cart = load_cart()
    cart.add(sku, qty)
    return save_cart(make_response(jsonify(ok=True, items=len(cart.lines))), cart)
