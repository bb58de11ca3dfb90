"""Minimal session store for the kiosk API."""
import secrets
import time

SESSIONS: dict[str, dict] = {}


def new_session(user_id: int) -> str:
    sid = secrets.token_urlsafe(24)
    SESSIONS[sid] = {"user_id": user_id, "created": time.time()}
    return sid


def lookup(sid: str) -> dict | None:
    entry = SESSIONS.get(sid)
    if entry and time.time() - entry["created"] < 3600:
        return entry
    SESSIONS.pop(sid, None)
    return None
