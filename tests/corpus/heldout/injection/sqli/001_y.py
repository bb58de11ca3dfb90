import sqlite3
from pathlib import Path

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = Path(__file__).with_name("catalog.db")
PAGE_SIZE = 25


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.get("/api/products/search")
def search_products():
    term = request.args.get("q", "").strip()
    page = request.args.get("page", 1, type=int)
    if not term:
        return jsonify({"results": [], "page": page})

    offset = max(page - 1, 0) * PAGE_SIZE
    query = (
        "SELECT id, sku, name, price_cents FROM products "
        f"WHERE name LIKE '%{term}%' AND archived = 0 "
        "ORDER BY name LIMIT ? OFFSET ?"
    )
    rows = get_db().execute(query, (PAGE_SIZE, offset)).fetchall()
    return jsonify(
        {
            "results": [dict(r) for r in rows],
            "page": page,
        }
    )


@app.get("/api/products/<int:product_id>")
def product_detail(product_id: int):
    row = get_db().execute(
        "SELECT id, sku, name, description, price_cents FROM products WHERE id = ?",
        (product_id,),
    ).fetchone()
    if row is None:
        return jsonify({"error": "not found"}), 404
    return jsonify(dict(row))
