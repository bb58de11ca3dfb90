"""Report-builder draft state.

The browser keeps the draft between page loads and sends it back when the
user hits "restore" or "run".
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


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
    return json.dumps(asdict(state))


def restore_state(blob: str) -> ReportState:
    try:
        raw = json.loads(blob)
        return ReportState(
            dataset=str(raw["dataset"]),
            columns=[str(c) for c in raw.get("columns", [])],
            filters=[Filter(str(f["column"]), str(f["op"]), str(f["value"])) for f in raw.get("filters", [])],
            group_by=str(raw["group_by"]) if raw.get("group_by") else None,
            limit=int(raw.get("limit", 1000)),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise StateError("could not read draft") from exc
