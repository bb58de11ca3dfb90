import base64
import pickle
import json

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/cart")
def view_cart():
    raw = request.cookies.get("cart")
    if not raw:
        return jsonify({"items": []})
    cart = pickle.loads(base64.urlsafe_b64decode(raw))
    items = [{"sku": str(sku), "qty": int(qty)} for sku, qty in dict(cart).items()]
    return jsonify({"items": items})
