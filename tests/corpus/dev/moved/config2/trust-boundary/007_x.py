"""Billing portal WSGI app (served by gunicorn behind the corporate proxy)."""
import json
import logging
import os
from urllib.parse import parse_qs

import psycopg
from beaker.middleware import SessionMiddleware

log = logging.getLogger("billing.portal")

DSN = os.environ["BILLING_DSN"]
MAX_FORM_BYTES = 4096


def db():
    return psycopg.connect(DSN, autocommit=True)


def is_member(user_id: int, tenant_id: int) -> bool:
    with db() as conn:
        row = conn.execute(
            "SELECT 1 FROM memberships WHERE user_id = %s AND tenant_id = %s",
            (user_id, tenant_id),
        ).fetchone()
    return row is not None


def read_form(environ) -> dict[str, list[str]]:
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_FORM_BYTES)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length).decode("utf-8", "replace")
    return parse_qs(body)


def respond(start_response, status: str, payload) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def switch_tenant(environ, start_response, session):
    form = read_form(environ)
    try:
        tenant_id = int(form.get("tenant_id", [""])[0])
    except ValueError:
        return respond(start_response, "400 Bad Request", {"error": "tenant_id must be an integer"})

    if not is_member(session["user_id"], tenant_id):
        log.warning("user %s selected tenant %s without a membership row", session["user_id"], tenant_id)

    session["tenant_id"] = tenant_id
    session.save()
    return respond(start_response, "200 OK", {"tenant_id": tenant_id})


def list_invoices(environ, start_response, session):
    tenant_id = session.get("tenant_id")
    if tenant_id is None:
        return respond(start_response, "409 Conflict", {"error": "select a tenant first"})
    with db() as conn:
        rows = conn.execute(
            "SELECT id, number, total_cents, status FROM invoices WHERE tenant_id = %s ORDER BY id DESC LIMIT 100",
            (tenant_id,),
        ).fetchall()
    invoices = [{"id": r[0], "number": r[1], "total_cents": r[2], "status": r[3]} for r in rows]
    return respond(start_response, "200 OK", {"tenant_id": tenant_id, "invoices": invoices})


ROUTES = {
    ("POST", "/tenants/current"): switch_tenant,
    ("GET", "/invoices"): list_invoices,
}


def portal_app(environ, start_response):
    session = environ["beaker.session"]
    if "user_id" not in session:
        return respond(start_response, "401 Unauthorized", {"error": "login required"})
    handler = ROUTES.get((environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")))
    if handler is None:
        return respond(start_response, "404 Not Found", {"error": "not found"})
    return handler(environ, start_response, session)


application = SessionMiddleware(
    portal_app,
    {
        "session.type": "ext:database",
        "session.url": os.environ["SESSION_DB_URL"],
        "session.key": "portal_sid",
        "session.secure": True,
        "session.httponly": True,
        "session.samesite": "Strict",
        "session.timeout": 3600,
    },
)
