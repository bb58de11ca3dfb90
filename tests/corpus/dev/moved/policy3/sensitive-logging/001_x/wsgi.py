import json
from urllib.parse import parse_qsl

from .accounts import open_session, verify_login
from .logsafe import audit

MAX_FORM_BYTES = 16 * 1024


def _json(start_response, status: str, payload: dict, extra_headers=()):
    body = json.dumps(payload).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), *extra_headers]
    start_response(status, headers)
    return [body]


def _read_form(environ) -> dict[str, str]:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(min(length, MAX_FORM_BYTES))
    return dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))


def login(environ, start_response):
    form = _read_form(environ)
    remote = environ.get("REMOTE_ADDR")
    audit("login_attempt", remote, form)

    account = verify_login(form.get("username", ""), form.get("password", ""))
    if account is None:
        audit("login_failed", remote, {"username": form.get("username", "")})
        return _json(start_response, "401 Unauthorized", {"error": "invalid username or password"})

    session_id = open_session(account)
    max_age = 30 * 24 * 3600 if form.get("remember") == "1" else 12 * 3600
    cookie = f"sid={session_id}; Max-Age={max_age}; Path=/; Secure; HttpOnly; SameSite=Lax"
    audit("login_ok", remote, {"account_id": account.id})
    return _json(start_response, "200 OK", {"account_id": account.id}, [("Set-Cookie", cookie)])


def application(environ, start_response):
    method = environ["REQUEST_METHOD"]
    match (method, environ.get("PATH_INFO", "")):
        case ("POST", "/api/session"):
            return login(environ, start_response)
        case ("GET", "/healthz"):
            return _json(start_response, "200 OK", {"ok": True})
        case _:
            return _json(start_response, "404 Not Found", {"error": "not found"})
