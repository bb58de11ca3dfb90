"""Price preview for the catalogue admin."""
from flask import Flask, jsonify, request

app = Flask(__name__)
ITEMS = [
    {"sku": "A-100", "price": 12.5, "quantity": 4},
    {"sku": "B-220", "price": 3.0, "quantity": 40},
]


@app.get("/preview")
def preview():
    formula = request.args.get("formula", "price * quantity")
    totals = {}
    for item in ITEMS:
        totals[item["sku"]] = eval(formula, {"__builtins__": {}}, dict(item))
    return jsonify(totals)
