from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from app.core.errors import StorageError
from app.core.findings import Confidence, Finding, FindingKind, ReviewWarning, Severity
from app.store.db import open_database, transaction
from app.store.reviews import (
    ReviewRecord,
    get_review,
    insert_review,
    list_reviews,
    review_findings,
)

FINDING = Finding(
    rule_id="airlock.taint.sql-injection",
    title="SQL injection",
    cwe=(89,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    sources=("taint", "model:qwen"),
    file="app.py",
    start_line=11,
    end_line=11,
    start_column=5,
    snippet="cur.execute(q)",
    message="request.args['name'] (line 9) reaches cur.execute",
    why="customer records are confidential",
    fix="pass name as a bound parameter",
).with_fingerprint()

RECORD = ReviewRecord(
    target="app.py",
    app_version="0.1.0",
    started_at="2026-11-26T10:00:00+00:00",
    finished_at="2026-11-26T10:00:05+00:00",
    model_id="qwen2.5-coder-0.5b",
    model_sha256="1d96" * 16,
    prompt_hashes={"review.system.v1": "ab" * 32},
    settings={"stages": ["model", "scanners"]},
    timings={"stages_s": {"bandit": 0.2}},
    warnings=[ReviewWarning("binary", "binary file: not reviewed", file="logo.png")],
)


def test_a_review_round_trips_with_its_findings_and_audit_record(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    with transaction(db):
        review_id = insert_review(
            db, RECORD, [FINDING], prompt_texts={"review.system.v1": "You are..."}
        )
    stored = get_review(db, review_id)
    assert stored.model_sha256 == RECORD.model_sha256
    assert stored.prompt_hashes == RECORD.prompt_hashes
    assert stored.warnings == RECORD.warnings
    (finding,) = review_findings(db, review_id)
    assert finding.finding == FINDING
    assert finding.status == "open"
    prompt = db.execute("SELECT name, version, text FROM prompts").fetchone()
    assert tuple(prompt) == ("review.system", "v1", "You are...")
    assert [r.id for r in list_reviews(db)] == [review_id]


def test_a_review_that_fails_to_save_leaves_nothing_behind(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    # The second finding cannot be stored: the first one must not stay behind either.
    broken = Finding(**{**FINDING.__dict__, "fix": object()})
    with pytest.raises(StorageError), transaction(db):
        insert_review(db, RECORD, [FINDING, broken])
    assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0


def test_each_kind_of_item_round_trips_and_is_stored_by_name(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    question = replace(FINDING, sources=("model:qwen",), severity=Severity.MEDIUM, question=True)
    note = replace(FINDING, severity=Severity.INFO, confidence=Confidence.LOW, start_line=3)
    with transaction(db):
        review_id = insert_review(db, RECORD, [FINDING, question, note])
    read = [stored.finding for stored in review_findings(db, review_id)]
    assert read == [FINDING, question, note]
    assert [f.kind for f in read] == [FindingKind.FINDING, FindingKind.QUESTION, FindingKind.NOTE]
    kinds = db.execute("SELECT kind FROM findings WHERE review_id = ? ORDER BY id", [review_id])
    assert [row[0] for row in kinds] == ["finding", "question", "note"]
