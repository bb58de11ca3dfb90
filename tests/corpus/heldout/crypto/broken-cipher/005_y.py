"""Field-level encryption for patient contact details.

Callers (the intake API and the import workers) pass values taken straight
from submitted forms; ciphertexts are stored as base64 text columns.
"""
from __future__ import annotations

import base64
import os
from functools import lru_cache

from Crypto.Cipher import DES3
from Crypto.Random import get_random_bytes
from Crypto.Util.Padding import pad, unpad

_KEY_ENV = "CONTACT_FIELD_KEY"


class FieldCipherError(Exception):
    pass


@lru_cache(maxsize=1)
def _key() -> bytes:
    raw = base64.b64decode(os.environ[_KEY_ENV])
    try:
        return DES3.adjust_key_parity(raw)
    except ValueError as exc:
        raise FieldCipherError("contact field key must be 16 or 24 bytes") from exc


def encrypt_field(value: str) -> str:
    iv = get_random_bytes(DES3.block_size)
    cipher = DES3.new(_key(), DES3.MODE_CBC, iv=iv)
    ct = cipher.encrypt(pad(value.encode("utf-8"), DES3.block_size))
    return base64.b64encode(iv + ct).decode("ascii")


def decrypt_field(token: str) -> str:
    blob = base64.b64decode(token)
    iv, ct = blob[: DES3.block_size], blob[DES3.block_size :]
    cipher = DES3.new(_key(), DES3.MODE_CBC, iv=iv)
    try:
        return unpad(cipher.decrypt(ct), DES3.block_size).decode("utf-8")
    except ValueError as exc:
        raise FieldCipherError("could not decrypt field") from exc


def encrypt_contact(record: dict[str, str]) -> dict[str, str]:
    """Encrypt the sensitive keys of a contact record into a new dict."""
    out = dict(record)
    for name in ("phone", "email", "address"):
        if value := record.get(name):
            out[name] = encrypt_field(value)
    return out
