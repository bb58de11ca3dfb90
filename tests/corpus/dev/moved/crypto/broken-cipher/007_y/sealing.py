"""Opaque invitation tokens: the invite details travel inside the link itself."""
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    return Fernet(settings.INVITE_TOKEN_KEY)


def seal_invite(org_id: int, email: str, role: str) -> str:
    body = json.dumps({"org": org_id, "email": email, "role": role})
    return _fernet().encrypt(body.encode()).decode()


def open_invite(token: str, max_age: int = 7 * 24 * 3600) -> dict | None:
    try:
        # Fernet tokens carry their own timestamp and HMAC
        raw = _fernet().decrypt(token.encode(), ttl=max_age)
        return json.loads(raw)
    except (InvalidToken, ValueError):
        return None
