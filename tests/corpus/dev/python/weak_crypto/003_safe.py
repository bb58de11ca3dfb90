import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass


@dataclass
class Credential:
    salt: bytes
    digest: bytes


def make_credential(password: str) -> Credential:
    salt = os.urandom(16)
    return Credential(salt, hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000))


def check_password(password: str, credential: Credential) -> bool:
    candidate = hashlib.pbkdf2_hmac("sha256", password.encode(), credential.salt, 600_000)
    return hmac.compare_digest(candidate, credential.digest)


def new_reset_code() -> str:
    return secrets.token_urlsafe(24)
