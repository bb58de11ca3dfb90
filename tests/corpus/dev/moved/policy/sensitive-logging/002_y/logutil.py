"""Helpers for putting request data into log records."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SENSITIVE_KEYS = frozenset(
    {"password", "token", "access_token", "refresh_token", "authorization", "client_secret"}
)
MASK = "[redacted]"


def mask_secrets(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``data`` with credential fields replaced, recursively."""
    masked: dict[str, Any] = {}
    for key, value in data.items():
        lowered = str(key).lower()
        if lowered in SENSITIVE_KEYS or lowered.endswith(("_token", "_secret", "password")):
            masked[key] = MASK
        elif isinstance(value, Mapping):
            masked[key] = mask_secrets(value)
        elif isinstance(value, list):
            masked[key] = [mask_secrets(v) if isinstance(v, Mapping) else v for v in value]
        else:
            masked[key] = value
    return masked
