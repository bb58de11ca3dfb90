"""Application-level encryption for sensitive payout fields (IBAN, tax id).

The key is a 32-byte value, base64 encoded, provided via settings.PAYOUT_FIELD_KEY
(populated from the environment in settings/production.py).
"""
from __future__ import annotations

import base64
import hashlib
from functools import lru_cache

from Crypto.Cipher import AES
from Crypto.Util.Padding import pad, unpad
from django.conf import settings

_VERSION = b"\x01"


@lru_cache(maxsize=1)
def _key_material() -> tuple[bytes, bytes]:
    key = base64.b64decode(settings.PAYOUT_FIELD_KEY)
    if len(key) != 32:
        raise ValueError("PAYOUT_FIELD_KEY must decode to 32 bytes")
    # derive the CBC IV from the key so values stay comparable across rows
    iv = hashlib.sha256(b"payout-iv:" + key).digest()[:16]
    return key, iv


def encrypt_value(plaintext: str) -> str:
    key, iv = _key_material()
    cipher = AES.new(key, AES.MODE_CBC, iv=iv)
    body = cipher.encrypt(pad(plaintext.encode("utf-8"), AES.block_size))
    return base64.urlsafe_b64encode(_VERSION + body).decode("ascii")


def decrypt_value(token: str) -> str:
    raw = base64.urlsafe_b64decode(token.encode("ascii"))
    if raw[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    key, iv = _key_material()
    cipher = AES.new(key, AES.MODE_CBC, iv=iv)
    return unpad(cipher.decrypt(raw[1:]), AES.block_size).decode("utf-8")


def mask(value: str, visible: int = 4) -> str:
    return "•" * max(len(value) - visible, 0) + value[-visible:]
