"""Account service for the community forum (plain WSGI, served by gunicorn)."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
from http import HTTPStatus
from typing import Any, Callable, Iterable

DB_PATH = os.environ.get("FORUM_DB", "/var/lib/forum/accounts.db")
USERNAME_RE = re.compile(r"^[a-z0-9_]{3,32}$")
MAX_BODY = 16 * 1024
SESSION_TTL = 14 * 24 * 3600

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


PBKDF2_ITERATIONS = 600_000


def hash_password(password: str, salt: bytes | None = None,
                  iterations: int = PBKDF2_ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt_hex, _digest = stored.split("$", 3)
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    candidate = hash_password(password, bytes.fromhex(salt_hex), int(iterations))
    return hmac.compare_digest(candidate, stored)


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(DB_PATH)
    conn.row_factory = sqlite3.Row
    return conn


def _json(start_response: StartResponse, status: HTTPStatus, payload: Any,
          extra: list[tuple[str, str]] | None = None) -> Iterable[bytes]:
    body = json.dumps(payload).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    start_response(f"{status.value} {status.phrase}", headers + (extra or []))
    return [body]


def _read_json(environ: dict[str, Any]) -> dict[str, Any]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if not 0 < length <= MAX_BODY:
        return {}
    try:
        data = json.loads(environ["wsgi.input"].read(length))
    except (ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def signup(environ, start_response):
    data = _read_json(environ)
    username = str(data.get("username", "")).lower()
    password = str(data.get("password", ""))
    if not USERNAME_RE.fullmatch(username) or len(password) < 10:
        return _json(start_response, HTTPStatus.BAD_REQUEST, {"error": "invalid username or password"})
    with _db() as conn:
        try:
            conn.execute(
                "INSERT INTO accounts (username, password_hash, bio) VALUES (?, ?, '')",
                (username, hash_password(password)),
            )
        except sqlite3.IntegrityError:
            return _json(start_response, HTTPStatus.CONFLICT, {"error": "username taken"})
    return _json(start_response, HTTPStatus.CREATED, {"username": username})


def login(environ, start_response):
    data = _read_json(environ)
    username = str(data.get("username", "")).lower()
    password = str(data.get("password", ""))
    with _db() as conn:
        row = conn.execute(
            "SELECT id, password_hash FROM accounts WHERE username = ?", (username,)
        ).fetchone()
        if row is None or not check_password(password, row["password_hash"]):
            return _json(start_response, HTTPStatus.UNAUTHORIZED, {"error": "bad credentials"})
        token = secrets.token_urlsafe(32)
        conn.execute(
            "INSERT INTO sessions (token_sha256, account_id, expires_at) "
            "VALUES (?, ?, strftime('%s','now') + ?)",
            (hashlib.sha256(token.encode()).hexdigest(), row["id"], SESSION_TTL),
        )
    cookie = f"sid={token}; Path=/; HttpOnly; Secure; SameSite=Lax; Max-Age={SESSION_TTL}"
    return _json(start_response, HTTPStatus.OK, {"ok": True}, [("Set-Cookie", cookie)])


def public_profile(environ, start_response, username: str):
    with _db() as conn:
        row = conn.execute(
            "SELECT username, bio, created_at FROM accounts WHERE username = ?", (username,)
        ).fetchone()
    if row is None:
        return _json(start_response, HTTPStatus.NOT_FOUND, {"error": "no such user"})
    body = json.dumps(dict(row), sort_keys=True).encode()
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    if environ.get("HTTP_IF_NONE_MATCH") == etag:
        start_response("304 Not Modified", [("ETag", etag)])
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"), ("ETag", etag),
                              ("Cache-Control", "public, max-age=60")])
    return [body]


def application(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")
    match (method, path.rstrip("/").split("/")[1:]):
        case ("POST", ["signup"]):
            return signup(environ, start_response)
        case ("POST", ["login"]):
            return login(environ, start_response)
        case ("GET", ["users", name]) if USERNAME_RE.fullmatch(name):
            return public_profile(environ, start_response, name)
        case _:
            return _json(start_response, HTTPStatus.NOT_FOUND, {"error": "not found"})
