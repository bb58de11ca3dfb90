"""Parsing of pull-request webhook payloads queued by the receiver service."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PullRequestEvent:
    action: str
    repository: str
    number: int
    head_ref: str
    head_sha: str
    author: str

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "PullRequestEvent":
        pr = payload["pull_request"]
        return cls(
            action=payload.get("action", ""),
            repository=payload["repository"]["full_name"],
            number=int(pr["number"]),
            head_ref=pr["head"]["ref"],
            head_sha=pr["head"]["sha"],
            author=pr["user"]["login"],
        )

    @property
    def wants_build(self) -> bool:
        return self.action in {"opened", "synchronize", "reopened"}
