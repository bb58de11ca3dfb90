"""Structured audit logging for the checkout service."""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

audit_log = logging.getLogger("checkout.audit")

# keys the payment and account forms use for secrets
REDACTED_KEYS = frozenset({"pass", "passwd", "pwd", "secret", "token", "authorization", "card_number", "cvv"})
MASK = "[redacted]"


def scrub(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Return a copy of ``fields`` that is fit for the audit log."""
    clean: dict[str, Any] = {}
    for key, value in fields.items():
        if key.lower() in REDACTED_KEYS:
            clean[key] = MASK
        elif isinstance(value, Mapping):
            clean[key] = scrub(value)
        else:
            clean[key] = value
    return clean


def audit(event: str, remote_addr: str | None, fields: Mapping[str, Any]) -> None:
    audit_log.info(json.dumps({"event": event, "remote": remote_addr, "fields": scrub(fields)}, default=str))
