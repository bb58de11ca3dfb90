"""Every triage transition stores the new status and exactly one event saying who, what, why."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import sqlite_utils

from app.core.errors import UserInputError
from app.core.triage import (
    STATUSES,
    decide,
    default_actor,
    finding_events,
    triage,
    triage_many,
)
from app.store.reviews import get_finding
from tests.triage.conftest import events_of, make_finding, store_review

FUTURE = (date.today() + timedelta(days=30)).isoformat()
LATER = (date.today() + timedelta(days=60)).isoformat()

# What each status needs: (reason, until).
ARGUMENTS = {
    "open": ("reopened: the proxy no longer filters it", None),
    "fixed": ("parameterised in the new version", None),
    "accepted": ("internal tool behind the VPN", FUTURE),
    "false_positive": ("the value is a constant", None),
}


def put_in(db: sqlite_utils.Database, status: str) -> int:
    """A finding that has reached `status` through triage (open needs nothing)."""
    (finding_id,) = [
        row[0]
        for row in db.execute(
            "SELECT id FROM findings WHERE review_id = ?", [store_review(db, [make_finding()])]
        )
    ]
    if status != "open":
        reason, until = ARGUMENTS[status]
        triage(db, finding_id, status, reason, until, actor="setup")
    return finding_id


TRANSITIONS = [(old, new) for old in STATUSES for new in STATUSES if old != new]


@pytest.mark.parametrize(("old", "new"), TRANSITIONS)
def test_every_transition_stores_the_status_and_one_event(
    db: sqlite_utils.Database, old: str, new: str
) -> None:
    finding_id = put_in(db, old)
    before = len(events_of(db, finding_id))
    reason, until = ARGUMENTS[new]
    changed = triage(db, finding_id, new, reason, until, actor="alice")
    assert (changed.status, changed.status_reason, changed.status_until) == (new, reason, until)
    assert get_finding(db, finding_id) == changed
    events = events_of(db, finding_id)
    assert len(events) == before + 1
    assert events[-1] == ("alice", old, new, reason, until)
    (event,) = finding_events(db, finding_id)[-1:]
    assert datetime.fromisoformat(event.at).utcoffset() == timedelta(0)  # when, in UTC


def test_an_acceptance_can_be_extended_with_a_new_date_and_says_so(
    db: sqlite_utils.Database,
) -> None:
    finding_id = put_in(db, "accepted")
    extended = triage(db, finding_id, "accepted", "still behind the VPN", LATER, actor="bob")
    assert extended.status_until == LATER
    assert events_of(db, finding_id)[-1] == (
        "bob",
        "accepted",
        "accepted",
        "still behind the VPN",
        LATER,
    )


def test_repeating_the_same_decision_is_refused_and_writes_no_event(
    db: sqlite_utils.Database,
) -> None:
    finding_id = put_in(db, "false_positive")
    reason, _ = ARGUMENTS["false_positive"]
    with pytest.raises(UserInputError, match="already a false positive"):
        triage(db, finding_id, "false_positive", reason, actor="alice")
    assert len(events_of(db, finding_id)) == 1


@pytest.mark.parametrize(
    ("status", "reason", "until", "message"),
    [
        ("accepted", None, FUTURE, "needs a reason"),
        ("accepted", "   ", FUTURE, "needs a reason"),
        ("accepted", "ok", None, "needs an expiry date"),
        ("accepted", "ok", date.today().isoformat(), "not in the future"),
        ("accepted", "ok", "2020-01-01", "not in the future"),
        ("accepted", "ok", "2027-02-30", "not a date"),
        ("accepted", "ok", "31.12.2030", "not a date"),
        ("accepted", "ok", "20301231", "not a date"),
        ("false_positive", None, None, "needs a reason"),
        ("false_positive", "constant", FUTURE, "only an accepted risk has an expiry date"),
        ("fixed", None, FUTURE, "only an accepted risk has an expiry date"),
        ("wontfix", "x", None, "unknown status"),
    ],
)
def test_invalid_decisions_are_refused_before_anything_is_stored(
    db: sqlite_utils.Database, status: str, reason: str | None, until: str | None, message: str
) -> None:
    finding_id = put_in(db, "open")
    with pytest.raises(UserInputError, match=message):
        triage(db, finding_id, status, reason, until, actor="alice")
    assert get_finding(db, finding_id).status == "open"
    assert events_of(db, finding_id) == []


def test_a_decision_needs_someone_to_have_made_it() -> None:
    with pytest.raises(UserInputError, match="say who decides"):
        decide("fixed", actor="  ")


def test_the_actor_comes_from_airlock_actor_else_the_os_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AIRLOCK_ACTOR", "ci-bot")
    assert default_actor() == "ci-bot"
    assert decide("fixed").actor == "ci-bot"
    monkeypatch.delenv("AIRLOCK_ACTOR")
    monkeypatch.setattr("getpass.getuser", lambda: "carol")
    assert default_actor() == "carol"


def test_triaging_several_findings_is_all_or_nothing(db: sqlite_utils.Database) -> None:
    first, second = put_in(db, "open"), put_in(db, "open")
    decision = decide("false_positive", reason="test fixture", actor="alice")
    with pytest.raises(UserInputError, match="no finding with id 9999"):
        triage_many(db, [first, 9999, second], decision)
    assert [get_finding(db, i).status for i in (first, second)] == ["open", "open"]
    assert events_of(db, first) == []
    changed = triage_many(db, [first, second], decision)
    assert [c.status for c in changed] == ["false_positive", "false_positive"]


def test_an_unknown_finding_is_reported_as_such(db: sqlite_utils.Database) -> None:
    with pytest.raises(UserInputError, match="no finding with id 42"):
        finding_events(db, 42)
