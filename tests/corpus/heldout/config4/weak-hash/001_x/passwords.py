"""Password helpers shared by the web app and the admin CLI."""
from __future__ import annotations

import hashlib
import hmac
import os

_SEPARATOR = "$"
_SCRYPT_N = 2**14
_SCRYPT_R = 8
_SCRYPT_P = 1


def _derive(raw_password: str, salt: bytes) -> str:
    return hashlib.scrypt(
        raw_password.encode("utf-8"),
        salt=salt,
        n=_SCRYPT_N,
        r=_SCRYPT_R,
        p=_SCRYPT_P,
        dklen=32,
    ).hex()


def make_password_hash(raw_password: str) -> str:
    """Return a storable hash string in the form ``<salt-hex>$<key-hex>``."""
    salt = os.urandom(16)
    return f"{salt.hex()}{_SEPARATOR}{_derive(raw_password, salt)}"


def check_password(raw_password: str, stored: str) -> bool:
    try:
        salt_hex, expected = stored.split(_SEPARATOR, 1)
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    return hmac.compare_digest(_derive(raw_password, salt), expected)


def gravatar_url(email: str, size: int = 80) -> str:
    # Gravatar identifies avatars by the MD5 of the normalised address.
    email_hash = hashlib.md5(email.strip().lower().encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{email_hash}?s={size}&d=identicon"
