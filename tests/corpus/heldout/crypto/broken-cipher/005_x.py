"""Field-level encryption for patient contact details.

Callers (the intake API and the import workers) pass values taken straight
from submitted forms; ciphertexts are stored as base64 text columns.
"""
from __future__ import annotations

import base64
import os
from functools import lru_cache

from Crypto.Cipher import AES
from Crypto.Random import get_random_bytes

_KEY_ENV = "CONTACT_FIELD_KEY"
_NONCE_LEN = 12
_TAG_LEN = 16


class FieldCipherError(Exception):
    pass


@lru_cache(maxsize=1)
def _key() -> bytes:
    raw = base64.b64decode(os.environ[_KEY_ENV])
    if len(raw) != 32:
        raise FieldCipherError("contact field key must be 32 bytes")
    return raw


def encrypt_field(value: str, context: bytes = b"contact") -> str:
    nonce = get_random_bytes(_NONCE_LEN)
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce, mac_len=_TAG_LEN)
    cipher.update(context)
    ct, tag = cipher.encrypt_and_digest(value.encode("utf-8"))
    return base64.b64encode(nonce + tag + ct).decode("ascii")


def decrypt_field(token: str, context: bytes = b"contact") -> str:
    blob = base64.b64decode(token)
    nonce, tag, ct = blob[:_NONCE_LEN], blob[_NONCE_LEN:_NONCE_LEN + _TAG_LEN], blob[_NONCE_LEN + _TAG_LEN:]
    cipher = AES.new(_key(), AES.MODE_GCM, nonce=nonce, mac_len=_TAG_LEN)
    cipher.update(context)
    try:
        return cipher.decrypt_and_verify(ct, tag).decode("utf-8")
    except ValueError as exc:
        raise FieldCipherError("could not decrypt field") from exc


def encrypt_contact(record: dict[str, str]) -> dict[str, str]:
    """Encrypt the sensitive keys of a contact record into a new dict."""
    out = dict(record)
    for name in ("phone", "email", "address"):
        if value := record.get(name):
            out[name] = encrypt_field(value)
    return out
