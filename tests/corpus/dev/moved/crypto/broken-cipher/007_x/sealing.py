"""Opaque invitation tokens: the invite details travel inside the link itself."""
import base64
import json
import time

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

_BLOCK = 16
# fixed so the same invite always renders the same link in reminder emails
_INVITE_IV = b"org-invite-v1\x00\x00\x00"


def _key() -> bytes:
    return base64.urlsafe_b64decode(settings.INVITE_TOKEN_KEY)


def seal_invite(org_id: int, email: str, role: str) -> str:
    body = json.dumps({"org": org_id, "email": email, "role": role, "iat": int(time.time())})
    padder = padding.PKCS7(_BLOCK * 8).padder()
    data = padder.update(body.encode()) + padder.finalize()
    enc = Cipher(algorithms.AES(_key()), modes.CBC(_INVITE_IV)).encryptor()
    return base64.urlsafe_b64encode(enc.update(data) + enc.finalize()).decode().rstrip("=")


def open_invite(token: str, max_age: int = 7 * 24 * 3600) -> dict | None:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        dec = Cipher(algorithms.AES(_key()), modes.CBC(_INVITE_IV)).decryptor()
        padded = dec.update(raw) + dec.finalize()
        unpadder = padding.PKCS7(_BLOCK * 8).unpadder()
        claims = json.loads(unpadder.update(padded) + unpadder.finalize())
    except (ValueError, json.JSONDecodeError):
        return None
    if time.time() - claims.get("iat", 0) > max_age:
        return None
    return claims
