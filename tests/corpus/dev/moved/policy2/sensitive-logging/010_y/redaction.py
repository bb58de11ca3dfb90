"""Helpers that strip credentials from request data before it is logged."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

REDACTED = "[redacted]"

# Headers whose values never go to the access log.
SENSITIVE_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "x-api-key", "x-csrftoken"}
)

SENSITIVE_PARAM_MARKERS = ("password", "token", "secret", "api_key", "card")


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {
        name: (REDACTED if name.lower() in SENSITIVE_HEADERS else value)
        for name, value in headers.items()
    }


def redact_params(params: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    cleaned = []
    for key, value in params:
        lowered = key.lower()
        if any(marker in lowered for marker in SENSITIVE_PARAM_MARKERS):
            cleaned.append((key, REDACTED))
        else:
            cleaned.append((key, value[:200]))
    return cleaned
