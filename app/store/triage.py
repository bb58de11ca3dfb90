"""Triage state and its events in SQL: status changes, expiry, baseline marks, gone copies.

Every function that writes expects to run inside `transaction()`; the rules (who may set
what, which reason an event gets) live in app.core.triage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from app.store.reviews import FINDING_COLUMNS

SYSTEM_ACTOR = "airlock"


@dataclass(frozen=True)
class FindingEvent:
    """One status change: who, when, from what to what, why, and until when."""

    id: int
    finding_id: int
    at: str
    actor: str
    old_status: str | None
    new_status: str
    reason: str | None
    until: str | None


_EVENT_COLUMNS = "id, finding_id, at, actor, old_status, new_status, reason, until"


def finding_events(db: sqlite_utils.Database, finding_id: int) -> list[FindingEvent]:
    rows = db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM finding_events WHERE finding_id = ? ORDER BY at, id",
        [finding_id],
    ).fetchall()
    return [_event(row) for row in rows]


def _event(row: Sequence[Any]) -> FindingEvent:
    return FindingEvent(*row)


def add_event(
    db: sqlite_utils.Database,
    finding_id: int,
    *,
    at: str,
    actor: str,
    old_status: str | None,
    new_status: str,
    reason: str | None,
    until: str | None,
) -> None:
    db.execute(
        "INSERT INTO finding_events (finding_id, at, actor, old_status, new_status, reason,"
        " until) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [finding_id, at, actor, old_status, new_status, reason, until],
    )


def set_status(
    db: sqlite_utils.Database,
    finding_id: int,
    *,
    old_status: str | None,
    status: str,
    reason: str | None,
    until: str | None,
    actor: str,
    at: str,
) -> None:
    """Change a finding's status and record the change as an event."""
    db.execute(
        "UPDATE findings SET status = ?, status_reason = ?, status_until = ? WHERE id = ?",
        [status, reason, until, finding_id],
    )
    add_event(
        db,
        finding_id,
        at=at,
        actor=actor,
        old_status=old_status,
        new_status=status,
        reason=reason,
        until=until,
    )


# --- expiry --------------------------------------------------------------------------------


def due_acceptances(db: sqlite_utils.Database, day: str) -> list[tuple[int, str]]:
    """(finding id, expiry date) of acceptances whose date is before `day`: an acceptance
    holds through its date and is over the day after.

    ISO dates sort as text, so the comparison is SQLite's own.
    """
    rows = db.execute(
        "SELECT id, status_until FROM findings WHERE status = 'accepted'"
        " AND status_until IS NOT NULL AND status_until < ? ORDER BY id",
        [day],
    ).fetchall()
    return [(int(row[0]), str(row[1])) for row in rows]


def reopen_expired(
    db: sqlite_utils.Database, day: str, *, at: str, reason: Callable[[str], str]
) -> list[int]:
    """Reopen every acceptance that is over on `day`, each with an event by "airlock"."""
    due = due_acceptances(db, day)
    for finding_id, until in due:
        set_status(
            db,
            finding_id,
            old_status="accepted",
            status="open",
            reason=reason(until),
            until=until,
            actor=SYSTEM_ACTOR,
            at=at,
        )
        # The event keeps the date; the reopened finding has none.
        db.execute("UPDATE findings SET status_until = NULL WHERE id = ?", [finding_id])
    return [finding_id for finding_id, _ in due]


# --- baselines -----------------------------------------------------------------------------


def mark_baseline(db: sqlite_utils.Database, review_id: int, baseline_id: int | None) -> None:
    db.execute("UPDATE reviews SET baseline_review_id = ? WHERE id = ?", [baseline_id, review_id])


def finding_ids(db: sqlite_utils.Database, review_id: int) -> list[int]:
    """The review's own findings (not gone copies), in the order they were stored."""
    rows = db.execute(
        "SELECT id FROM findings WHERE review_id = ? AND baseline_state IS NOT 'gone' ORDER BY id",
        [review_id],
    ).fetchall()
    return [int(row[0]) for row in rows]


def set_baseline_state(db: sqlite_utils.Database, finding_id: int, state: str) -> None:
    db.execute("UPDATE findings SET baseline_state = ? WHERE id = ?", [state, finding_id])


def copy_as_gone(db: sqlite_utils.Database, source_id: int, review_id: int, *, at: str) -> int:
    """Store a baseline finding again under `review_id`, marked gone, status as it was."""
    cursor = db.execute(
        f"INSERT INTO findings (review_id, {FINDING_COLUMNS}, status, status_reason,"
        " status_until, baseline_state, created_at)"
        f" SELECT ?, {FINDING_COLUMNS}, status, status_reason, status_until, 'gone', ?"
        " FROM findings WHERE id = ?",
        [review_id, at, source_id],
    )
    return int(cursor.lastrowid or 0)


def carry_status(
    db: sqlite_utils.Database,
    finding_id: int,
    *,
    status: str,
    reason: str | None,
    until: str | None,
) -> None:
    """Give a finding the decision of the baseline finding it continues (no event: the
    caller writes one that names where the decision came from)."""
    db.execute(
        "UPDATE findings SET status = ?, status_reason = ?, status_until = ? WHERE id = ?",
        [status, reason, until, finding_id],
    )
