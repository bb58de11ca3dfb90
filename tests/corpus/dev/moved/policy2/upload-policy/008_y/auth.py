from __future__ import annotations

import os
from http.cookies import CookieError, SimpleCookie

import redis

SESSION_COOKIE = "mh_session"
_sessions = redis.Redis.from_url(os.environ["REDIS_URL"], decode_responses=True)


def current_member_id(environ: dict) -> int | None:
    """Return the signed-in member's id from the session cookie, or None."""
    raw = environ.get("HTTP_COOKIE", "")
    try:
        jar = SimpleCookie(raw)
    except CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    if morsel is None or not morsel.value:
        return None
    member_id = _sessions.get(f"session:{morsel.value}")
    return int(member_id) if member_id else None
