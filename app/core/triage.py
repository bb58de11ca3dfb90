"""Triage: what people decided about findings, who decided it, and when it runs out.

A finding is `open`, `fixed`, an `accepted` risk (with a reason, an expiry date and who
accepted it) or a `false_positive` (with a reason and who said so). Every change is an event
of its own (who, when, old, new, reason, until); nothing is overwritten without one.

Acceptances expire: an accepted finding whose date has passed reopens, with an event by
"airlock" saying so, whenever findings are read (show, list, a review, the GUI).

How decisions carry over to a later review of the same code is app.core.baseline. The SQL
lives in app.store.triage; this module decides.
"""

from __future__ import annotations

import getpass
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from app.core.errors import UserInputError
from app.core.sarif import Suppression
from app.store import triage as repo
from app.store.db import transaction
from app.store.reviews import ReviewRecord, StoredFinding, get_finding, get_review
from app.store.timeutil import utc_now
from app.store.triage import SYSTEM_ACTOR, FindingEvent

log = logging.getLogger(__name__)

STATUSES = ("open", "fixed", "accepted", "false_positive")
# Statuses a later review of the same code inherits: decisions about the code, not its state.
CARRIED_STATUSES = frozenset({"accepted", "false_positive"})
ACTOR_ENV = "AIRLOCK_ACTOR"

__all__ = [
    "SYSTEM_ACTOR",
    "Decision",
    "FindingDetail",
    "FindingEvent",
    "decide",
    "default_actor",
    "expire_acceptances",
    "finding_events",
    "inherited_events",
    "show_finding",
    "suppression",
    "triage",
    "triage_many",
]


# --- decisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """A validated triage decision, ready to store."""

    status: str
    reason: str | None
    until: str | None  # ISO date (YYYY-MM-DD): the last day an acceptance holds
    actor: str


def default_actor() -> str:
    """Who acts: $AIRLOCK_ACTOR, else the OS user name."""
    configured = os.environ.get(ACTOR_ENV, "").strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name for this uid (some containers)
        return "unknown"


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD), or a UserInputError that says what was expected."""
    try:
        parsed = date.fromisoformat(text.strip())
    except ValueError:
        parsed = None
    if parsed is None or len(text.strip()) != 10:
        raise UserInputError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2027-03-31")
    return parsed


def decide(
    status: str,
    *,
    reason: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    today: date | None = None,
) -> Decision:
    """Check a decision against the rules: accepted needs a reason and a future expiry date,
    false_positive a reason; only an acceptance has a date."""
    if status not in STATUSES:
        raise UserInputError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    reason = (reason or "").strip() or None
    who = (actor if actor is not None else default_actor()).strip()
    if not who:
        raise UserInputError(f"say who decides: --actor NAME or ${ACTOR_ENV}")
    if status in CARRIED_STATUSES and reason is None:
        raise UserInputError(f"{_label(status)} needs a reason: --reason TEXT")
    if status != "accepted":
        if until:
            raise UserInputError("only an accepted risk has an expiry date (--until)")
        return Decision(status, reason, None, who)
    if not until:
        raise UserInputError("an accepted risk needs an expiry date: --until YYYY-MM-DD")
    expires = parse_date(until)
    now = today or date.today()
    if expires <= now:
        raise UserInputError(
            f"the expiry date {expires.isoformat()} is not in the future (today is "
            f"{now.isoformat()}): an acceptance must end after today"
        )
    return Decision(status, reason, expires.isoformat(), who)


_LABELS = {"accepted": "an accepted risk", "false_positive": "a false positive"}


def _label(status: str) -> str:
    return _LABELS.get(status, status)


def triage(
    db: sqlite_utils.Database,
    finding_id: int,
    status: str,
    reason: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    *,
    today: date | None = None,
) -> StoredFinding:
    """Set one finding's status, writing the event; returns the finding as now stored."""
    decision = decide(status, reason=reason, until=until, actor=actor, today=today)
    (changed,) = triage_many(db, [finding_id], decision)
    return changed


def triage_many(
    db: sqlite_utils.Database, finding_ids: Sequence[int], decision: Decision
) -> list[StoredFinding]:
    """Apply one decision to several findings, all in one transaction (all or none)."""
    if not finding_ids:
        raise UserInputError("no finding chosen")
    with transaction(db):
        for finding_id in dict.fromkeys(finding_ids):
            current = get_finding(db, finding_id)
            if _unchanged(current, decision):
                raise UserInputError(
                    f"finding {finding_id} is already {_label(decision.status)}"
                    " with that reason: nothing to change"
                )
            repo.set_status(
                db,
                finding_id,
                old_status=current.status,
                status=decision.status,
                reason=decision.reason,
                until=decision.until,
                actor=decision.actor,
                at=utc_now(),
            )
    return [get_finding(db, finding_id) for finding_id in finding_ids]


def _unchanged(current: StoredFinding, decision: Decision) -> bool:
    return (current.status, current.status_reason, current.status_until) == (
        decision.status,
        decision.reason,
        decision.until,
    )


# --- expiry --------------------------------------------------------------------------------


def expiry_reason(until: str) -> str:
    return f"acceptance expired on {until}"


def expire_acceptances(db: sqlite_utils.Database, today: date | None = None) -> list[int]:
    """Reopen every acceptance whose date has passed (one transaction, one event each).

    Returns the reopened finding ids. Costs one read when nothing is due, so readers call it
    freely; it writes only when something expires.
    """
    day = (today or date.today()).isoformat()
    if not repo.due_acceptances(db, day):
        return []
    with transaction(db):
        reopened = repo.reopen_expired(db, day, at=utc_now(), reason=expiry_reason)
    if reopened:
        log.info("reopened %d expired acceptance(s)", len(reopened))
    return reopened


def finding_events(db: sqlite_utils.Database, finding_id: int) -> list[FindingEvent]:
    """Every status change of one finding, oldest first."""
    get_finding(db, finding_id)  # an unknown id is the user's mistake: say so
    return repo.finding_events(db, finding_id)


@dataclass(frozen=True)
class FindingDetail:
    """One finding with its review, its own events, and the decisions it inherited."""

    stored: StoredFinding
    review: ReviewRecord
    events: tuple[FindingEvent, ...]
    inherited: tuple[FindingEvent, ...] = field(default=())  # from earlier reviews


def show_finding(
    db: sqlite_utils.Database, finding_id: int, *, today: date | None = None
) -> FindingDetail:
    """Read a finding for display: expired acceptances reopen first."""
    expire_acceptances(db, today)
    stored = get_finding(db, finding_id)
    return FindingDetail(
        stored,
        get_review(db, stored.review_id),
        tuple(repo.finding_events(db, finding_id)),
        tuple(inherited_events(db, finding_id)),
    )


# app.core.baseline writes "carried over from finding N of review M"; the chain follows it.
CARRIED_PREFIX = "carried over from finding "
# A chain of carried-over decisions longer than this is cut (each link is one review).
_MAX_INHERITED = 100


def inherited_events(db: sqlite_utils.Database, finding_id: int) -> list[FindingEvent]:
    """The events of the earlier findings a decision was carried over from, oldest first:
    who accepted a risk three reviews ago, and why."""
    chain: list[list[FindingEvent]] = []
    current = _carried_from(repo.finding_events(db, finding_id))
    seen = {finding_id}
    while current is not None and current not in seen and len(chain) < _MAX_INHERITED:
        seen.add(current)
        events = repo.finding_events(db, current)
        chain.append(events)
        current = _carried_from(events)
    return [event for events in reversed(chain) for event in events]


def _carried_from(events: Sequence[FindingEvent]) -> int | None:
    for event in events:
        if event.actor == SYSTEM_ACTOR and (event.reason or "").startswith(CARRIED_PREFIX):
            number = (event.reason or "")[len(CARRIED_PREFIX) :].split(" ", 1)[0]
            return int(number) if number.isdigit() else None
    return None


# --- for exports (SARIF, reports) --------------------------------------------------------


def suppression(stored: StoredFinding) -> Suppression | None:
    """A triage decision as a SARIF suppression: accepted risks and false positives are
    suppressed with their reason (and expiry date); open and fixed findings are not."""
    if stored.status == "accepted":
        until = f" (until {stored.status_until})" if stored.status_until else ""
        return Suppression("external", "accepted", f"accepted risk{until}: {stored.status_reason}")
    if stored.status == "false_positive":
        return Suppression("external", "accepted", f"false positive: {stored.status_reason}")
    return None
