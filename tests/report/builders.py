"""Real SQLite databases with reviews and triage, written as Airlock stores them.

Triage rows are written with plain SQL, the way app.store.triage records a decision (the status
columns plus one finding_events row per change): reports only read those columns, so the tests
do not depend on the triage code.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from app.core.findings import Finding, ReviewWarning, Severity
from app.store.db import open_database, transaction
from app.store.projects import add_threat_model_version, insert_project
from app.store.reviews import ReviewRecord, insert_review
from tests.sample_findings import sample_finding

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MODEL_SHA = "1d96" * 16
PROMPT_SHA = "ab" * 32
TM_SHA = "7e" * 32


def open_db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "airlock.db")


def make(**overrides: Any) -> Finding:
    return sample_finding(**overrides).with_fingerprint()


def add_project(db: sqlite_utils.Database, name: str = "photo-api") -> tuple[int, int]:
    """A project with one threat-model version; returns (project id, version row id)."""
    with transaction(db):
        project_id = insert_project(db, name)
        version = add_threat_model_version(db, project_id, {"name": name}, comment="first")
    return project_id, version.id


def add_review(
    db: sqlite_utils.Database,
    findings: list[Finding],
    *,
    project: tuple[int, int] | None = None,
    started: str = "2026-02-10T09:00:00+00:00",
    target: str = "app/views.py",
    model: bool = True,
    warnings: tuple[ReviewWarning, ...] = (),
) -> int:
    record = ReviewRecord(
        target=target,
        app_version="0.1.0",
        started_at=started,
        finished_at=(datetime.fromisoformat(started) + timedelta(seconds=7)).isoformat(),
        project_id=project[0] if project else None,
        threat_model_version_id=project[1] if project else None,
        threat_model_sha256=TM_SHA if project else None,
        model_id="qwen2.5-coder-0.5b" if model else None,
        model_sha256=MODEL_SHA if model else None,
        prompt_hashes={"review.system.v1": PROMPT_SHA},
        settings={"stages": ["model", "scanners"], "model": {"temperature": 0.0}},
        timings={"stages_s": {"bandit": 0.25}},
        warnings=warnings,
    )
    with transaction(db):
        return insert_review(db, record, findings)


def finding_ids(db: sqlite_utils.Database, review_id: int) -> list[int]:
    rows = db.execute("SELECT id FROM findings WHERE review_id = ? ORDER BY id", [review_id])
    return [int(row[0]) for row in rows.fetchall()]


def triage(
    db: sqlite_utils.Database,
    finding_id: int,
    status: str,
    *,
    reason: str | None = None,
    until: str | None = None,
    actor: str = "alice",
    at: str = "2026-02-11T10:00:00+00:00",
) -> None:
    with transaction(db):
        old = db.execute("SELECT status FROM findings WHERE id = ?", [finding_id]).fetchone()[0]
        db.execute(
            "UPDATE findings SET status = ?, status_reason = ?, status_until = ? WHERE id = ?",
            [status, reason, until, finding_id],
        )
        db.execute(
            "INSERT INTO finding_events"
            " (finding_id, at, actor, old_status, new_status, reason, until)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [finding_id, at, actor, old, status, reason, until],
        )


def set_baseline(db: sqlite_utils.Database, finding_id: int, state: str) -> None:
    with transaction(db):
        db.execute("UPDATE findings SET baseline_state = ? WHERE id = ?", [state, finding_id])


HOSTILE = "</code></pre><script>alert('x')</script><img src=x onerror=alert(1)>"


def sample(db: sqlite_utils.Database) -> dict[str, int]:
    """Two reviews of one project, the second compared with the first, with every triage state.

    Review 1: the SQL injection (accepted by alice) and a hard-coded secret.
    Review 2 (baseline review 1): the SQL injection again (unchanged, acceptance carried
    over), a new critical command injection with a hostile snippet (open), a false positive,
    a fixed finding, an acceptance that expired before NOW, and the secret, gone.
    """
    project = add_project(db)
    sql = make()
    secret = make(
        rule_id="B105",
        title="Hard-coded password",
        cwe=(798,),
        severity=Severity.MEDIUM,
        file="app/settings.py",
        start_line=3,
        end_line=3,
        snippet='PASSWORD = "hunter2"',
        message="A password is written in the source.",
        why="Anyone with the code has it.",
        fix="Read it from the environment.",
    )
    first = add_review(db, [sql, secret], project=project, started="2026-02-01T09:00:00+00:00")
    sql_1, _ = finding_ids(db, first)
    triage(
        db,
        sql_1,
        "accepted",
        reason="Internal admin tool only.",
        until="2026-06-30",
        at="2026-02-02T10:00:00+00:00",
    )
    command = make(
        rule_id="airlock.command-injection",
        title="Shell command built from <input>",
        cwe=(78,),
        severity=Severity.CRITICAL,
        file="app/tasks.py",
        start_line=40,
        end_line=41,
        snippet=HOSTILE,
        message="request.form['host'] reaches os.system.",
        why="Remote code execution.",
        fix="Use subprocess.run with a list.",
        patch="-os.system(cmd)\n+subprocess.run(args, check=True)",
    )
    noise = make(
        rule_id="B311",
        title="Weak random",
        cwe=(330,),
        severity=Severity.LOW,
        file="app/ids.py",
        start_line=5,
        end_line=5,
        snippet="random.random()",
    )
    debug = make(
        rule_id="B201",
        title="Debug mode on",
        cwe=(489,),
        severity=Severity.INFO,
        file="app/main.py",
        start_line=9,
        end_line=9,
        snippet="app.run(debug=True)",
    )
    stale = make(
        rule_id="B104",
        title="Binds to all interfaces",
        cwe=(200,),
        severity=Severity.MEDIUM,
        file="app/main.py",
        start_line=10,
        end_line=10,
        snippet="app.run(host='0.0.0.0')",
    )
    second = add_review(
        db,
        [sql, command, noise, debug, stale, secret],
        project=project,
        started="2026-02-10T09:00:00+00:00",
        warnings=(ReviewWarning("too_large", "file over 1 MB: not reviewed", file="big.py"),),
    )
    sql_2, command_2, noise_2, debug_2, stale_2, gone_2 = finding_ids(db, second)
    with transaction(db):
        db.execute("UPDATE reviews SET baseline_review_id = ? WHERE id = ?", [first, second])
    triage(
        db,
        sql_2,
        "accepted",
        reason="Internal admin tool only.",
        until="2026-06-30",
        actor="airlock",
        at="2026-02-10T09:00:08+00:00",
    )
    triage(db, noise_2, "false_positive", reason="IDs are not secrets.", actor="bob")
    triage(db, debug_2, "fixed", reason="Turned off in 4f2c1e.", actor="bob")
    triage(db, stale_2, "accepted", reason="Behind the VPN.", until="2026-02-15")
    for finding_id, state in (
        (sql_2, "unchanged"),
        (command_2, "new"),
        (noise_2, "new"),
        (debug_2, "new"),
        (stale_2, "new"),
        (gone_2, "gone"),
    ):
        set_baseline(db, finding_id, state)
    return {
        "project": project[0],
        "first": first,
        "second": second,
        "sql_1": sql_1,
        "sql_2": sql_2,
        "command": command_2,
        "noise": noise_2,
        "debug": debug_2,
        "stale": stale_2,
        "gone": gone_2,
    }
