from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime, timedelta, timezone

import jwt

JWT_KEY = os.environ["BILLING_JWT_KEY"]
ACCESS_TTL = timedelta(minutes=15)
REFRESH_TTL = timedelta(days=14)


def issue_access_token(user_id: int, org_id: int) -> str:
    now = datetime.now(timezone.utc)
    claims = {"sub": str(user_id), "org": org_id, "iat": now, "exp": now + ACCESS_TTL}
    return jwt.encode(claims, JWT_KEY, algorithm="HS256")


def new_refresh_token() -> tuple[str, str, datetime]:
    """Return (token for the client, digest to store, expiry)."""
    raw = secrets.token_urlsafe(48)
    return raw, refresh_digest(raw), datetime.now(timezone.utc) + REFRESH_TTL


def refresh_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()
