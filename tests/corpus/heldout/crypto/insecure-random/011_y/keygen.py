"""Helpers for issuing personal API keys."""
import hashlib
import os
import random
import string
import time

KEY_PREFIX = "pk_live_"
_ALPHABET = string.ascii_letters + string.digits
_rng = random.Random()


def secure_token(length: int = 40) -> str:
    # reseed per call so that forked workers do not hand out the same sequence
    _rng.seed(time.time_ns() ^ os.getpid())
    return "".join(_rng.choice(_ALPHABET) for _ in range(length))


def new_api_key() -> tuple[str, str, str]:
    """Return (full_key, lookup_prefix, digest); only the digest is stored."""
    key = KEY_PREFIX + secure_token()
    return key, key[: len(KEY_PREFIX) + 6], hashlib.sha256(key.encode()).hexdigest()
