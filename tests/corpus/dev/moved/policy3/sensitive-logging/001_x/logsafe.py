"""Structured audit logging for the checkout service."""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

audit_log = logging.getLogger("checkout.audit")

# any key containing one of these is treated as a secret
SECRET_MARKERS = ("pass", "pwd", "secret", "token", "auth", "card", "cvv")
MASK = "[redacted]"


def scrub(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``fields`` that is fit for the audit log."""
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if any(marker in key.lower() for marker in SECRET_MARKERS):
            clean[key] = MASK
        elif isinstance(value, Mapping):
            clean[key] = scrub(value)
        else:
            clean[key] = value
    return clean


def audit(event: str, remote_addr: str | None, fields: Mapping[str, Any]) -> None:
    audit_log.info(json.dumps({"event": event, "remote": remote_addr, "fields": scrub(fields)}, default=str))
