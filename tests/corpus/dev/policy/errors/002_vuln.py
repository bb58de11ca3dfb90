import os

from flask import Flask, jsonify

from .catalog import list_products

app = Flask(__name__)


@app.get("/products")
def products():
    return jsonify([p.to_dict() for p in list_products()])


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")), debug=True)
