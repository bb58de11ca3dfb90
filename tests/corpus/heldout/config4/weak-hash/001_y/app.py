from __future__ import annotations

import os
import sqlite3

from flask import Flask, abort, g, jsonify, request, session

from .passwords import check_password, gravatar_url, make_password_hash

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
app.config["DATABASE"] = os.environ.get("USERS_DB", "users.db")


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(app.config["DATABASE"])
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


@app.post("/signup")
def signup():
    payload = request.get_json(silent=True) or {}
    email = (payload.get("email") or "").strip().lower()
    password = payload.get("password") or ""
    if "@" not in email or len(password) < 10:
        abort(400, "email and a password of at least 10 characters are required")

    db = get_db()
    if db.execute("SELECT 1 FROM users WHERE email = ?", (email,)).fetchone():
        abort(409, "account already exists")

    db.execute(
        "INSERT INTO users (email, password_hash) VALUES (?, ?)",
        (email, make_password_hash(password)),
    )
    db.commit()
    return jsonify({"email": email, "avatar": gravatar_url(email)}), 201


@app.post("/login")
def login():
    payload = request.get_json(silent=True) or {}
    email = (payload.get("email") or "").strip().lower()
    password = payload.get("password") or ""

    row = get_db().execute(
        "SELECT id, password_hash FROM users WHERE email = ?", (email,)
    ).fetchone()
    if row is None or not check_password(password, row["password_hash"]):
        abort(401)

    session.clear()
    session["user_id"] = row["id"]
    return jsonify({"ok": True})
