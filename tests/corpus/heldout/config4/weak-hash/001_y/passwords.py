"""Password helpers shared by the web app and the admin CLI."""
from __future__ import annotations

import hashlib
import hmac
import os

_SEPARATOR = "$"


def make_password_hash(raw_password: str) -> str:
    """Return a storable hash string in the form ``<salt-hex>$<digest-hex>``."""
    salt = os.urandom(16)
    digest = hashlib.sha1(salt + raw_password.encode("utf-8")).hexdigest()
    return f"{salt.hex()}{_SEPARATOR}{digest}"


def check_password(raw_password: str, stored: str) -> bool:
    try:
        salt_hex, expected = stored.split(_SEPARATOR, 1)
        salt = bytes.fromhex(salt_hex)
    except ValueError:
        return False
    candidate = hashlib.sha1(salt + raw_password.encode("utf-8")).hexdigest()
    return hmac.compare_digest(candidate, expected)


def gravatar_url(email: str, size: int = 80) -> str:
    # Gravatar identifies avatars by the MD5 of the normalised address.
    email_hash = hashlib.md5(email.strip().lower().encode("utf-8"), usedforsecurity=False).hexdigest()
    return f"https://www.gravatar.com/avatar/{email_hash}?s={size}&d=identicon"
