"""Helpers deciding where the SSO bounce is allowed to send a browser."""
from __future__ import annotations

from collections.abc import Iterable


def trusted_hosts_from_settings(settings: dict) -> tuple[str, ...]:
    raw = settings.get("sso.trusted_hosts", "")
    return tuple(h.strip().lower() for h in raw.split() if h.strip())


def is_trusted_destination(url: str, trusted_hosts: Iterable[str]) -> bool:
    if not url:
        return False
    lowered = url.lower()
    if not lowered.startswith(("http://", "https://")):
        return False
    return any(host in lowered for host in trusted_hosts)
