"""Account registration and login for the volunteer scheduling portal."""
import hashlib
import hmac
import os
import sqlite3

from flask import Flask, g, jsonify, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["PORTAL_SESSION_KEY"]
DB_PATH = os.environ.get("PORTAL_DB", "portal.sqlite3")

# scrypt cost parameters (about 64 MiB of memory per hash)
SCRYPT_N = 2**16
SCRYPT_R = 8
SCRYPT_P = 1


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(DB_PATH)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.teardown_appcontext
def close_db(exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()


def hash_password(password: str, salt: bytes) -> str:
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        maxmem=128 * 1024 * 1024,
        dklen=32,
    )
    return f"{salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    salt_hex, _, expected = stored.partition("$")
    candidate = hash_password(password, bytes.fromhex(salt_hex))
    return hmac.compare_digest(candidate.partition("$")[2], expected)


@app.post("/register")
def register():
    body = request.get_json(force=True)
    email = (body.get("email") or "").strip().lower()
    password = body.get("password") or ""
    if not email or len(password) < 10:
        return jsonify(error="email and a password of at least 10 characters are required"), 400

    db = get_db()
    if db.execute("SELECT 1 FROM volunteers WHERE email = ?", (email,)).fetchone():
        return jsonify(error="already registered"), 409

    stored = hash_password(password, os.urandom(16))
    db.execute(
        "INSERT INTO volunteers (email, password_hash) VALUES (?, ?)",
        (email, stored),
    )
    db.commit()
    return jsonify(status="created"), 201


@app.post("/login")
def login():
    body = request.get_json(force=True)
    email = (body.get("email") or "").strip().lower()
    row = get_db().execute(
        "SELECT id, password_hash FROM volunteers WHERE email = ?", (email,)
    ).fetchone()
    if row is None or not check_password(body.get("password") or "", row["password_hash"]):
        return jsonify(error="invalid credentials"), 401
    session.clear()
    session["volunteer_id"] = row["id"]
    return jsonify(status="ok")
