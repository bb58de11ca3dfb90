"""Password hasher kept for accounts migrated from the old PHP shop."""
import base64

import bcrypt
from django.contrib.auth.hashers import BasePasswordHasher
from django.utils.crypto import constant_time_compare


class LegacyShopHasher(BasePasswordHasher):
    algorithm = "legacy_shop"

    def salt(self):
        return base64.b64encode(bcrypt.gensalt(rounds=12)).decode()

    def encode(self, password, salt):
        digest = bcrypt.hashpw(password.encode(), base64.b64decode(salt)).decode()
        return f"{self.algorithm}${salt}${digest}"

    def verify(self, password, encoded):
        _, salt, _ = encoded.split("$", 2)
        return constant_time_compare(self.encode(password, salt), encoded)

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        return {"algorithm": algorithm, "salt": salt, "hash": digest}

    def safe_summary(self, encoded):
        return {"algorithm": self.algorithm}
