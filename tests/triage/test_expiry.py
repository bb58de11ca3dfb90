"""Accepted risks expire: read paths reopen them in one transaction, with an event saying so."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import sqlite_utils
from click.testing import CliRunner

from app.cli import main
from app.core.triage import expire_acceptances, show_finding, triage
from app.store.reviews import get_finding, review_findings
from tests.triage.conftest import VULNERABLE, events_of, make_finding, review_folder, store_review

LONG_AGO = date(2020, 1, 1)


def accepted_until(db: sqlite_utils.Database, until: str) -> int:
    """A finding accepted (back on 2020-01-01, when `until` was in the future) until `until`."""
    review_id = store_review(db, [make_finding()])
    (stored,) = review_findings(db, review_id)
    triage(db, stored.id, "accepted", "legacy endpoint", until, actor="alice", today=LONG_AGO)
    return stored.id


def test_an_expired_acceptance_reopens_with_an_event_by_airlock(
    db: sqlite_utils.Database,
) -> None:
    finding_id = accepted_until(db, "2021-06-30")
    assert expire_acceptances(db) == [finding_id]
    reopened = get_finding(db, finding_id)
    assert reopened.status == "open"
    assert reopened.status_reason == "acceptance expired on 2021-06-30"
    assert reopened.status_until is None
    assert events_of(db, finding_id)[-1] == (
        "airlock",
        "accepted",
        "open",
        "acceptance expired on 2021-06-30",
        "2021-06-30",
    )
    assert expire_acceptances(db) == []  # once only
    assert len(events_of(db, finding_id)) == 2


def test_an_acceptance_holds_through_its_date_and_reopens_the_day_after(
    db: sqlite_utils.Database,
) -> None:
    today = date(2026, 5, 10)
    over = accepted_until(db, "2026-05-09")
    last_day = accepted_until(db, "2026-05-10")
    assert expire_acceptances(db, today) == [over]
    assert get_finding(db, last_day).status == "accepted"
    assert expire_acceptances(db, today + timedelta(days=1)) == [last_day]


def test_showing_a_finding_reopens_it_first(db: sqlite_utils.Database) -> None:
    finding_id = accepted_until(db, "2022-01-31")
    detail = show_finding(db, finding_id)
    assert detail.stored.status == "open"
    assert detail.events[-1].reason == "acceptance expired on 2022-01-31"


def test_the_cli_reads_reopen_expired_acceptances_and_say_so(
    db: sqlite_utils.Database,
) -> None:
    shown_id = accepted_until(db, "2023-03-01")
    listed_id = accepted_until(db, "2023-03-02")
    shown = CliRunner().invoke(main, ["finding", "show", str(shown_id)])
    assert shown.exit_code == 0, shown.output
    assert "status: open (acceptance expired on 2023-03-01)" in shown.output
    assert "airlock  accepted -> open: acceptance expired on 2023-03-01" in shown.output
    listed = CliRunner().invoke(main, ["finding", "list", "--status", "accepted"])
    assert listed.exit_code == 0
    assert f"{listed_id}\t" not in listed.output
    assert get_finding(db, listed_id).status == "open"


def test_an_expired_acceptance_is_not_carried_into_a_new_review(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "app.py").write_text(VULNERABLE, encoding="utf-8")
    first = review_folder(db, src)
    assert first.review_id is not None
    debug = next(
        f for f in review_findings(db, first.review_id) if "debug" in f.finding.title.lower()
    )
    triage(db, debug.id, "accepted", "dev only", "2024-12-31", actor="alice", today=LONG_AGO)
    second = review_folder(db, src)
    assert second.review_id is not None
    again = next(
        f for f in review_findings(db, second.review_id) if "debug" in f.finding.title.lower()
    )
    assert again.baseline_state == "unchanged"
    assert again.status == "open"
    assert get_finding(db, debug.id).status == "open"  # the old one reopened, with its event
    assert events_of(db, debug.id)[-1][0:3] == ("airlock", "accepted", "open")
