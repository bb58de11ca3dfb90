"""Password hasher kept for accounts migrated from the old PHP shop."""
import base64
import hashlib
import secrets

import bcrypt
from django.contrib.auth.hashers import BasePasswordHasher
from django.utils.crypto import constant_time_compare


class LegacyShopHasher(BasePasswordHasher):
    algorithm = "legacy_shop"

    def salt(self):
        return secrets.token_hex(8)

    def encode(self, password, salt):
        digest = hashlib.sha1((salt + password).encode()).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def verify(self, password, encoded):
        _, salt, _ = encoded.split("$", 2)
        return constant_time_compare(self.encode(password, salt), encoded)

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        return {"algorithm": algorithm, "salt": salt, "hash": digest}

    def safe_summary(self, encoded):
        return {"algorithm": self.algorithm}
