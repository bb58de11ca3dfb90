"""Helpers for deciding where to send people after auth flows."""
from urllib.parse import urlsplit

from .config import settings


def _is_local_path(target: str) -> bool:
    return target.startswith("/") and not target.startswith("//") and "\\" not in target


def is_internal_url(target: str) -> bool:
    """True for paths on this site and for URLs on one of our own domains."""
    if any(ord(ch) < 0x20 for ch in target):
        return False
    parts = urlsplit(target)
    if not parts.scheme and not parts.netloc:
        return _is_local_path(target)
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    return host in settings.trusted_hosts
