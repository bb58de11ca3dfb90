"""Application-level encryption for sensitive payout fields (IBAN, tax id).

The key is a 32-byte value, base64 encoded, provided via settings.PAYOUT_FIELD_KEY
(populated from the environment in settings/production.py).
"""
from __future__ import annotations

import base64
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x02"
_NONCE_BYTES = 12


@lru_cache(maxsize=1)
def _aead() -> AESGCM:
    key = base64.b64decode(settings.PAYOUT_FIELD_KEY)
    if len(key) != 32:
        raise ValueError("PAYOUT_FIELD_KEY must decode to 32 bytes")
    return AESGCM(key)


def encrypt_value(plaintext: str, *, context: str = "") -> str:
    nonce = os.urandom(_NONCE_BYTES)
    body = _aead().encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
    return base64.urlsafe_b64encode(_VERSION + nonce + body).decode("ascii")


def decrypt_value(token: str, *, context: str = "") -> str:
    raw = base64.urlsafe_b64decode(token.encode("ascii"))
    if raw[:1] != _VERSION:
        raise ValueError("unknown ciphertext version")
    nonce, body = raw[1 : 1 + _NONCE_BYTES], raw[1 + _NONCE_BYTES :]
    return _aead().decrypt(nonce, body, context.encode("utf-8")).decode("utf-8")


def mask(value: str, visible: int = 4) -> str:
    return "•" * max(len(value) - visible, 0) + value[-visible:]
