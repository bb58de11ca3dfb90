import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "inventory.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.route("/products")
def search_products():
    term = request.args.get("q", "")
    rows = get_db().execute(
        f"SELECT id, name, price FROM products WHERE name LIKE '%{term}%' ORDER BY name"
    ).fetchall()
    return jsonify([dict(row) for row in rows])
