"""Minimal session store for the kiosk API."""
import random
import secrets
import time

SESSIONS: dict[str, dict] = {}
_rng = random.Random(int(time.time()))


def new_session(user_id: int) -> str:
    sid = "%032x" % _rng.getrandbits(128)
    SESSIONS[sid] = {"user_id": user_id, "created": time.time()}
    return sid


def lookup(sid: str) -> dict | None:
    entry = SESSIONS.get(sid)
    if entry and time.time() - entry["created"] < 3600:
        return entry
    SESSIONS.pop(sid, None)
    return None
