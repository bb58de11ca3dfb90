"""WSGI avatar service: PUT /me/avatar with the raw image as the request body."""
from __future__ import annotations

import json
import logging

from .auth import current_member_id
from .avatars import MAX_AVATAR_BYTES, AvatarRejected, store_avatar
from .profiles import set_avatar

log = logging.getLogger("mediahub.avatars")


def _reply(start_response, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")

    if path == "/health":
        return _reply(start_response, "200 OK", {"status": "ok"})

    if path != "/me/avatar":
        return _reply(start_response, "404 Not Found", {"error": "not found"})
    if method != "PUT":
        return _reply(start_response, "405 Method Not Allowed", {"error": "use PUT"})

    member_id = current_member_id(environ)
    if member_id is None:
        return _reply(start_response, "401 Unauthorized", {"error": "login required"})

    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _reply(start_response, "400 Bad Request", {"error": "bad Content-Length"})
    if length <= 0:
        return _reply(start_response, "411 Length Required", {"error": "Content-Length required"})
    if length > MAX_AVATAR_BYTES:
        return _reply(start_response, "413 Content Too Large", {"error": "avatars are limited to 10 MiB"})

    data = environ["wsgi.input"].read(length)

    try:
        name = store_avatar(member_id, data)
    except AvatarRejected:
        return _reply(start_response, "415 Unsupported Media Type", {"error": "avatars must be PNG, JPEG, WebP or GIF"})

    set_avatar(member_id, name)
    log.info("member %s set avatar %s (%d bytes)", member_id, name, len(data))
    return _reply(start_response, "201 Created", {"avatar": name})
