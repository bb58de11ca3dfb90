"""Minimal WSGI front end for the print-queue kiosk: login and job listing."""
import json
import random
import string
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from kiosk.accounts import verify_credentials
from kiosk.jobs import jobs_for_user

SESSION_TTL = 8 * 3600
_SESSIONS: dict[str, tuple[str, float]] = {}
_TOKEN_ALPHABET = string.ascii_letters + string.digits


def new_session(username: str) -> str:
    sid = "".join(random.choices(_TOKEN_ALPHABET, k=32))
    _SESSIONS[sid] = (username, time.time() + SESSION_TTL)
    return sid


def current_user(environ) -> str | None:
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    morsel = cookie.get("kiosk_sid")
    if morsel is None:
        return None
    entry = _SESSIONS.get(morsel.value)
    if entry is None or entry[1] < time.time():
        _SESSIONS.pop(morsel.value, None)
        return None
    return entry[0]


def _json(start_response, status, payload, extra_headers=()):
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"),
                            ("Content-Length", str(len(body))), *extra_headers])
    return [body]


def application(environ, start_response):
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")

    if (method, path) == ("POST", "/login"):
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(size).decode())
        username = form.get("username", [""])[0]
        password = form.get("password", [""])[0]
        if not verify_credentials(username, password):
            return _json(start_response, "401 Unauthorized", {"error": "bad credentials"})
        sid = new_session(username)
        cookie = f"kiosk_sid={sid}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age={SESSION_TTL}"
        return _json(start_response, "200 OK", {"user": username}, [("Set-Cookie", cookie)])

    if (method, path) == ("GET", "/jobs"):
        if (user := current_user(environ)) is None:
            return _json(start_response, "401 Unauthorized", {"error": "login required"})
        return _json(start_response, "200 OK", {"jobs": jobs_for_user(user)})

    return _json(start_response, "404 Not Found", {"error": "no such route"})
