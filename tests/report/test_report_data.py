"""The read-only queries reports are built from, on a real SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserInputError
from app.store import report_data
from tests.report.builders import (
    MODEL_SHA,
    PROMPT_SHA,
    TM_SHA,
    add_review,
    make,
    open_db,
    sample,
    triage,
)


def test_review_audit_holds_the_whole_audit_record(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    audit = report_data.review_audit(db, ids["second"])
    assert audit.project_name == "photo-api"
    assert audit.threat_model_version == 1
    assert audit.threat_model_sha256 == TM_SHA
    assert audit.model_sha256 == MODEL_SHA
    assert audit.prompt_hashes == {"review.system.v1": PROMPT_SHA}
    assert audit.settings["model"] == {"temperature": 0.0}
    assert audit.baseline_review_id == ids["first"]
    assert (audit.started_at, audit.finished_at) == (
        "2026-02-10T09:00:00+00:00",
        "2026-02-10T09:00:07+00:00",
    )
    assert [w.file for w in audit.warnings] == ["big.py"]


def test_an_unknown_review_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="no review with id 99"):
        report_data.review_audit(open_db(tmp_path), 99)


def test_project_reviews_are_filtered_by_start_time_oldest_first(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    every = report_data.project_reviews(db, ids["project"], since=None, before=None)
    assert [r.id for r in every] == [ids["first"], ids["second"]]
    late = report_data.project_reviews(db, ids["project"], since="2026-02-05", before=None)
    assert [r.id for r in late] == [ids["second"]]
    early = report_data.project_reviews(db, ids["project"], since=None, before="2026-02-10")
    assert [r.id for r in early] == [ids["first"]]


def test_findings_carry_their_triage_columns(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    rows = {row.id: row for row in report_data.review_findings(db, [ids["second"]])}
    stale = rows[ids["stale"]]
    assert (stale.status, stale.status_reason, stale.status_until) == (
        "accepted",
        "Behind the VPN.",
        "2026-02-15",
    )
    assert rows[ids["gone"]].baseline_state == "gone"
    assert rows[ids["command"]].status == "open"


def test_history_follows_the_fingerprint_through_earlier_reviews_of_the_project(
    tmp_path: Path,
) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    rows = report_data.review_findings(db, [ids["second"]])
    rows = report_data.attach_history(db, rows, project_id=ids["project"], target="")
    sql = next(row for row in rows if row.id == ids["sql_2"])
    assert [(e.finding_id, e.actor, e.new_status) for e in sql.history] == [
        (ids["sql_1"], "alice", "accepted"),
        (ids["sql_2"], "airlock", "accepted"),
    ]
    # The first review's row does not see the second review's events.
    first_rows = report_data.review_findings(db, [ids["first"]])
    first_rows = report_data.attach_history(db, first_rows, project_id=ids["project"], target="")
    assert [e.actor for e in first_rows[0].history] == ["alice"]


def test_history_stays_inside_its_project_and_its_own_row(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    sample(db)
    # The same code reviewed outside any project shares the fingerprint, not the history.
    loose = add_review(db, [make(), make(start_line=30, end_line=30)])
    rows = report_data.review_findings(db, [loose])
    rows = report_data.attach_history(db, rows, project_id=None, target="app/views.py")
    assert all(row.history == () for row in rows)
    # Two findings with one fingerprint in one review: a decision on one is not the other's.
    assert rows[0].finding.fingerprint == rows[1].finding.fingerprint
    triage(db, rows[0].id, "false_positive", reason="test data")
    rows = report_data.attach_history(
        db, report_data.review_findings(db, [loose]), project_id=None, target="app/views.py"
    )
    assert [len(row.history) for row in rows] == [1, 0]
