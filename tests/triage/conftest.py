"""Triage test helpers: a real database, reviews stored the way the app stores them.

Reviews run the real pipeline (reading, merging, fingerprints, storing) with one
predictable stage in place of the scanners, so that these tests follow what triage does, not
how each scanner rule happens to word or rate a finding this week.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import sqlite_utils

from app.core.findings import Confidence, Finding, Severity
from app.core.review import DETERMINISTIC, ReviewOptions
from app.core.review_service import SavedReview, ThreatModelRef, review_paths
from app.store.db import open_database, transaction
from app.store.reviews import ReviewRecord, insert_review
from tests.pattern_stage import PatternStage

# (pattern, rule id, title, CWE, severity): one finding per matching line.
PATTERNS = (
    (r"^import subprocess", "test.subprocess-import", "Import subprocess", 78, Severity.LOW),
    (r"shell=True", "test.shell", "Shell command", 78, Severity.CRITICAL),
    (r"\beval\(", "test.eval", "Code injection", 95, Severity.HIGH),
    (r"debug=True", "test.debug", "Debug mode on", 489, Severity.MEDIUM),
    (r"pickle\.loads", "test.pickle", "Unpickling", 502, Severity.MEDIUM),
)


@pytest.fixture(autouse=True)
def pattern_review(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "app.core.review.deterministic_stages", lambda _groups: [PatternStage(PATTERNS)]
    )


# Four findings: the import (line 1), shell=True (10), eval (11), debug=True (15).
VULNERABLE = """\
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/run")
def run():
    cmd = request.args["cmd"]
    subprocess.run(cmd, shell=True)
    return eval(request.args["expr"])


if __name__ == "__main__":
    app.run(debug=True)
"""

DETERMINISTIC_ONLY = ReviewOptions(stages=DETERMINISTIC)


@pytest.fixture
def db(airlock_home: Path) -> Iterator[sqlite_utils.Database]:
    """The app's own database file under the test's AIRLOCK_HOME."""
    database = open_database()
    yield database
    database.close()


def review_folder(
    db: sqlite_utils.Database,
    folder: Path,
    *,
    save: bool = True,
    baseline: int | None = None,
    project: ThreatModelRef | None = None,
) -> SavedReview:
    """A real review of a folder with the deterministic stages (no model)."""
    return review_paths(
        db,
        [folder],
        project or ThreatModelRef(None),
        options=DETERMINISTIC_ONLY,
        save=save,
        baseline_review_id=baseline,
    )


def make_finding(
    file: str = "app.py", line: int = 3, snippet: str = "eval(x)", cwe: int = 95
) -> Finding:
    return Finding(
        rule_id="test.rule",
        title="Code injection",
        cwe=(cwe,),
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        sources=("taint",),
        file=file,
        start_line=line,
        end_line=line,
        snippet=snippet,
        message="input reaches eval",
    ).with_fingerprint()


def store_review(
    db: sqlite_utils.Database,
    findings: Sequence[Finding],
    *,
    target: str = "app.py",
    settings: dict[str, object] | None = None,
) -> int:
    """A stored review with these findings, as insert_review writes it."""
    record = ReviewRecord(
        target=target,
        app_version="0.1.0",
        started_at="2026-01-01T10:00:00+00:00",
        finished_at="2026-01-01T10:00:02+00:00",
        settings=settings
        if settings is not None
        else {"files": sorted({f.file for f in findings})},
    )
    with transaction(db):
        return insert_review(db, record, findings)


def events_of(db: sqlite_utils.Database, finding_id: int) -> list[tuple[object, ...]]:
    rows = db.execute(
        "SELECT actor, old_status, new_status, reason, until FROM finding_events"
        " WHERE finding_id = ? ORDER BY id",
        [finding_id],
    ).fetchall()
    return [tuple(row) for row in rows]
