"""Minimal WSGI front for the staff rota tool (served behind the TLS load balancer)."""
import json
import secrets
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from rota.accounts import authenticate
from rota.sessions import SessionStore

SESSION_COOKIE = "rota_sid"
SESSION_TTL = 8 * 3600
HSTS = ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")

sessions = SessionStore()


def _read_form(environ) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(min(length, 64 * 1024)).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(body).items()}


def _current_user(environ):
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    morsel = cookie.get(SESSION_COOKIE)
    return sessions.lookup(morsel.value) if morsel else None


def _json(start_response, status, payload, extra_headers=()):
    body = json.dumps(payload).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), HSTS]
    headers.extend(extra_headers)
    start_response(status, headers)
    return [body]


def login(environ, start_response):
    form = _read_form(environ)
    user = authenticate(form.get("username", ""), form.get("password", ""))
    if user is None:
        return _json(start_response, "401 Unauthorized", {"error": "invalid credentials"})

    sid = secrets.token_urlsafe(32)
    sessions.save(sid, user.id, expires=time.time() + SESSION_TTL)
    cookie = f"{SESSION_COOKIE}={sid}; Path=/; Max-Age={SESSION_TTL}; HttpOnly; SameSite=Lax"
    return _json(start_response, "200 OK", {"user": user.username}, [("Set-Cookie", cookie)])


def my_shifts(environ, start_response):
    user = _current_user(environ)
    if user is None:
        return _json(start_response, "401 Unauthorized", {"error": "login required"})
    return _json(start_response, "200 OK", {"shifts": [s.as_dict() for s in user.upcoming_shifts()]})


def application(environ, start_response):
    match environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/"):
        case "POST", "/login":
            return login(environ, start_response)
        case "GET", "/me/shifts":
            return my_shifts(environ, start_response)
        case _:
            return _json(start_response, "404 Not Found", {"error": "not found"})
