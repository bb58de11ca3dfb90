"""Read-only queries behind reports: reviews with their audit record, findings with triage.

Reports read the triage columns (`status`, `status_reason`, `status_until`, `baseline_state`)
and the `finding_events` history straight from the tables, so they depend on the schema only,
not on the code that writes triage. Nothing here writes: a report never changes the history,
not even to reopen an expired acceptance (the report shows it as expired instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, TypeVar

import sqlite_utils

from app.core.errors import UserInputError
from app.store.reviews import (
    FINDING_SELECT,
    REVIEW_ROW_LENGTH,
    ReviewRecord,
    StoredFinding,
    review_columns,
    review_from_row,
    stored_finding,
)

T = TypeVar("T")

# SQLite allows 32,766 bound parameters; stay far below so old builds are fine too.
_CHUNK = 500


@dataclass(frozen=True)
class ReviewAudit(ReviewRecord):
    """One review and its audit record, with the names a report shows for its ids."""

    id: int = 0
    project_name: str | None = None
    threat_model_version: int | None = None


@dataclass(frozen=True)
class TriageEvent:
    """One change of a finding's status, as written to `finding_events`."""

    finding_id: int
    review_id: int
    at: str
    actor: str
    old_status: str | None
    new_status: str
    reason: str | None = None
    until: str | None = None


@dataclass(frozen=True)
class FindingRow(StoredFinding):
    """A stored finding with its triage state; `history` is filled by `attach_history`."""

    history: tuple[TriageEvent, ...] = ()


_REVIEW_SELECT = (
    f"SELECT r.id, {review_columns('r')}, p.name, t.version"
    " FROM reviews r LEFT JOIN projects p ON p.id = r.project_id"
    " LEFT JOIN threat_model_versions t ON t.id = r.threat_model_version_id"
)
_FINDING_SELECT = f"SELECT {FINDING_SELECT} FROM findings"


def review_audit(db: sqlite_utils.Database, review_id: int) -> ReviewAudit:
    row = db.execute(f"{_REVIEW_SELECT} WHERE r.id = ?", [review_id]).fetchone()
    if row is None:
        raise UserInputError(f"no review with id {review_id} (see `airlock history list`)")
    return _audit(row)


def project_reviews(
    db: sqlite_utils.Database, project_id: int, *, since: str | None, before: str | None
) -> list[ReviewAudit]:
    """A project's reviews started in [since, before), oldest first.

    The bounds compare as text with the stored UTC ISO timestamps, so a bare date works.
    """
    sql = f"{_REVIEW_SELECT} WHERE r.project_id = ?"
    params: list[Any] = [project_id]
    if since is not None:
        sql += " AND r.started_at >= ?"
        params.append(since)
    if before is not None:
        sql += " AND r.started_at < ?"
        params.append(before)
    rows = db.execute(sql + " ORDER BY r.started_at, r.id", params).fetchall()
    return [_audit(row) for row in rows]


def review_findings(db: sqlite_utils.Database, review_ids: Sequence[int]) -> list[FindingRow]:
    """Every finding of these reviews with its triage state, by review then id."""
    rows: list[FindingRow] = []
    for chunk in _chunks(review_ids):
        cursor = db.execute(f"{_FINDING_SELECT} WHERE review_id IN ({_marks(chunk)})", chunk)
        rows.extend(_finding_row(row) for row in cursor.fetchall())
    return sorted(rows, key=lambda row: (row.review_id, row.id))


def attach_history(
    db: sqlite_utils.Database, rows: Sequence[FindingRow], *, project_id: int | None, target: str
) -> list[FindingRow]:
    """The rows with their triage history: the events of every earlier finding with the same
    fingerprint in the same project (or, without a project, the same target), and their own.

    A finding's triage follows it from review to review (carried over), so its history is the
    history of its fingerprint, not of one row.
    """
    events = _lineage_events(db, {row.finding.fingerprint for row in rows}, project_id, target)
    return [_with_history(row, events.get(row.finding.fingerprint, [])) for row in rows]


def _with_history(row: FindingRow, events: Iterable[TriageEvent]) -> FindingRow:
    # Rows of the same review are different findings even with one fingerprint (the same
    # snippet twice in a file): only their own events count.
    own = tuple(
        event for event in events if event.finding_id == row.id or event.review_id < row.review_id
    )
    return replace(row, history=own)


def _lineage_events(
    db: sqlite_utils.Database, fingerprints: set[str], project_id: int | None, target: str
) -> dict[str, list[TriageEvent]]:
    scope, scope_params = (
        ("r.project_id = ?", [project_id])
        if project_id is not None
        else ("r.project_id IS NULL AND r.target = ?", [target])
    )
    found: dict[str, list[TriageEvent]] = {}
    for chunk in _chunks(sorted(fingerprints)):
        cursor = db.execute(
            "SELECT f.fingerprint, e.finding_id, f.review_id, e.at, e.actor, e.old_status,"
            " e.new_status, e.reason, e.until FROM finding_events e"
            " JOIN findings f ON f.id = e.finding_id JOIN reviews r ON r.id = f.review_id"
            f" WHERE {scope} AND f.fingerprint IN ({_marks(chunk)}) ORDER BY e.at, e.id",
            [*scope_params, *chunk],
        )
        for fingerprint, *values in cursor.fetchall():
            found.setdefault(fingerprint, []).append(TriageEvent(*values))
    return found


def _audit(row: Sequence[Any]) -> ReviewAudit:
    project_name, threat_model_version = row[REVIEW_ROW_LENGTH:]
    return _extended(
        ReviewAudit,
        review_from_row(row[:REVIEW_ROW_LENGTH]),
        project_name=project_name,
        threat_model_version=threat_model_version,
    )


def _finding_row(row: Sequence[Any]) -> FindingRow:
    return _extended(FindingRow, stored_finding(row))


def _extended(cls: type[T], base: Any, **extra: Any) -> T:
    """`base` (a dataclass) as its subclass `cls`, with `extra` for the fields it adds."""
    return cls(**{f.name: getattr(base, f.name) for f in fields(base)}, **extra)


def _chunks(values: Sequence[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))
