"""Intake endpoint for attachments forwarded by the mail gateway.

Deployed under gunicorn as ``intake:application``.
"""
import hmac
import json
import os
import uuid
from pathlib import Path, PurePath

import psycopg

MAX_BYTES = 3 * 1024 * 1024
ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "text/plain": "txt",
}
STORE = Path(os.environ.get("ATTACHMENT_DIR", "/srv/helpdesk/attachments"))
INTAKE_TOKEN = os.environ["INTAKE_TOKEN"].encode()
DATABASE_URL = os.environ["HELPDESK_DATABASE_URL"]


def _reply(start_response, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _authorised(environ) -> bool:
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.encode(), INTAKE_TOKEN)


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")

    if path == "/health" and method == "GET":
        return _reply(start_response, "200 OK", {"status": "ok"})
    if path != "/intake/attachments":
        return _reply(start_response, "404 Not Found", {"error": "not found"})
    if method != "POST":
        return _reply(start_response, "405 Method Not Allowed", {"error": "POST only"})
    if not _authorised(environ):
        return _reply(start_response, "401 Unauthorized", {"error": "bad token"})

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        ticket_id = int(environ.get("HTTP_X_TICKET_ID", ""))
    except ValueError:
        return _reply(start_response, "400 Bad Request", {"error": "bad length or ticket id"})
    if length <= 0:
        return _reply(start_response, "411 Length Required", {"error": "Content-Length required"})
    if length > MAX_BYTES:
        return _reply(start_response, "413 Content Too Large", {"error": f"limit is {MAX_BYTES} bytes"})

    content_type = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
    if content_type not in ATTACHMENT_TYPES:
        return _reply(start_response, "415 Unsupported Media Type", {"error": content_type or "missing type"})

    original_name = PurePath(environ.get("HTTP_X_ATTACHMENT_NAME", "attachment")).name[:200]
    extension = ATTACHMENT_TYPES[content_type]
    stored_name = f"{uuid.uuid4().hex}.{extension}"

    body = environ["wsgi.input"].read(length)
    with open(STORE / stored_name, "xb") as fh:
        fh.write(body)

    with psycopg.connect(DATABASE_URL) as conn:
        attachment_id = conn.execute(
            "INSERT INTO attachments (ticket_id, stored_name, original_name, content_type, size)"
            " VALUES (%s, %s, %s, %s, %s) RETURNING id",
            (ticket_id, stored_name, original_name, content_type, len(body)),
        ).fetchone()[0]

    return _reply(start_response, "201 Created", {"id": attachment_id, "stored": stored_name})
