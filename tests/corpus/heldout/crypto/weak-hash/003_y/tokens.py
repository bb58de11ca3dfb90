"""Stateless password-reset tokens for the members area."""
import hashlib
import hmac
import time

from django.conf import settings

RESET_TOKEN_TTL = 60 * 60 * 2


def _token_digest(user, issued_at: int) -> str:
    # password hash and last_login change after a reset, which invalidates old tokens
    login_ts = "" if user.last_login is None else user.last_login.replace(microsecond=0).isoformat()
    material = f"{user.pk}|{user.password}|{login_ts}|{issued_at}"
    key = hashlib.sha256(b"members.reset:" + settings.SECRET_KEY.encode("utf-8")).digest()
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


def make_reset_token(user) -> str:
    issued_at = int(time.time())
    return f"{issued_at:x}-{_token_digest(user, issued_at)}"


def check_reset_token(user, token: str) -> bool:
    try:
        ts_hex, digest = token.split("-", 1)
        issued_at = int(ts_hex, 16)
    except ValueError:
        return False
    if time.time() - issued_at > RESET_TOKEN_TTL:
        return False
    return hmac.compare_digest(digest, _token_digest(user, issued_at))
