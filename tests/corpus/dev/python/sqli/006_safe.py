import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/articles")
def articles():
    page = request.args.get("page", "1")
    size = min(int(request.args.get("size", "20")), 100)
    offset = (int(page) - 1) * 20
    conn = sqlite3.connect("blog.db")
    cur = conn.execute(
        "SELECT id, title, published FROM articles "
        f"ORDER BY published DESC LIMIT {size} OFFSET {offset}"
    )
    items = [{"id": i, "title": t, "published": p} for i, t, p in cur.fetchall()]
    conn.close()
    return jsonify(items)
