"""Report-builder draft state.

The browser keeps the draft between page loads and sends it back when the
user hits "restore" or "run".
"""
from __future__ import annotations

from dataclasses import dataclass, field

import jsonpickle


@dataclass
class Filter:
    column: str
    op: str
    value: str


@dataclass
class ReportState:
    dataset: str
    columns: list[str] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    group_by: str | None = None
    limit: int = 1000


class StateError(ValueError):
    pass


def dump_state(state: ReportState) -> str:
    return jsonpickle.encode(state)


def restore_state(blob: str) -> ReportState:
    try:
        state = jsonpickle.decode(blob)
    except Exception as exc:
        raise StateError("could not read draft") from exc
    if not isinstance(state, ReportState):
        raise StateError("not a report draft")
    return state
