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
    salt = b"shop-v1"
    return Credential(salt, hashlib.sha256(salt + password.encode()).digest())


def check_password(password: str, credential: Credential) -> bool:
    candidate = hashlib.sha256(credential.salt + password.encode()).digest()
    return hmac.compare_digest(candidate, credential.digest)


def new_reset_code() -> str:
    return secrets.token_urlsafe(24)
