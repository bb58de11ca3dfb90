"""Logging helpers shared by the gateway."""
from __future__ import annotations

import json
import logging
from collections.abc import Mapping

SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})
MASK = "[redacted]"


def redact_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {name: (MASK if name in SENSITIVE_HEADERS else value) for name, value in headers.items()}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if extra := getattr(record, "ctx", None):
            entry["ctx"] = extra
        return json.dumps(entry, default=str)


def configure(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
