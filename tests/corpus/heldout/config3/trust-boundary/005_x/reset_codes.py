"""Single-use password reset tokens kept in Redis."""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass

import redis

TOKEN_TTL_SECONDS = 30 * 60
_redis = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379/2"))


@dataclass(frozen=True)
class ResetRecord:
    email: str
    issued_at: float


def _key(token: str) -> str:
    digest = hashlib.sha256(token.encode()).hexdigest()
    return f"pwreset:{digest}"


def issue(email: str) -> str:
    token = secrets.token_urlsafe(32)
    payload = json.dumps({"email": email, "issued_at": time.time()})
    _redis.set(_key(token), payload, ex=TOKEN_TTL_SECONDS)
    return token


def redeem(token: str) -> ResetRecord | None:
    if not token or len(token) > 128:
        return None
    raw = _redis.getdel(_key(token))
    if raw is None:
        return None
    data = json.loads(raw)
    return ResetRecord(email=data["email"], issued_at=data["issued_at"])
