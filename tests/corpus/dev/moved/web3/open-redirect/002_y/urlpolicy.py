"""Helpers deciding where the SSO bounce is allowed to send a browser."""
from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit


def trusted_hosts_from_settings(settings: dict) -> tuple[str, ...]:
    raw = settings.get("sso.trusted_hosts", "")
    return tuple(h.strip().lower() for h in raw.split() if h.strip())


def is_trusted_destination(url: str, trusted_hosts: Iterable[str]) -> bool:
    if not url or any(ch in url for ch in "\\\r\n\t "):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if not host or parts.username or parts.password:
        return False
    return host in set(trusted_hosts)
