"""Kill a writer at random moments and check that nothing it was told is saved got lost.

Shared by tests/hardening/test_crash_safety.py (30 rounds in CI) and bench/crash_safety.py
(200 rounds). A round starts tests/hardening/crash_worker.py on the database, waits until it
has the database open, lets it write for a random (seeded) moment, kills it with SIGKILL and
then reads the database as the next Airlock start would.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from app.store.db import open_database
from app.store.reviews import list_reviews, review_findings
from app.store.triage import finding_events
from tests.hardening.crash_worker import expected_findings

WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[2]
# Long enough for a few dozen transactions, short enough to land anywhere in one: a kill
# at 0 s hits the start-up and the migration, later ones reviews and triage.
MAX_KILL_DELAY_S = 0.25


@dataclass
class Check:
    """What one database holds against what the writers printed."""

    integrity: str = "ok"
    saved: int = 0
    triaged: int = 0
    lost_reviews: list[str] = field(default_factory=list)
    partial_reviews: list[str] = field(default_factory=list)
    lost_events: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not (
            self.lost_reviews or self.partial_reviews or self.lost_events
        )


def worker_command(database: Path, *, seed: int, name: str, duration: float | None) -> list[str]:
    command = [sys.executable, str(WORKER), str(database), "--seed", str(seed), "--name", name]
    return [*command, "--duration", str(duration)] if duration is not None else command


def worker_env(home: Path) -> dict[str, str]:
    return {**os.environ, "AIRLOCK_HOME": str(home), "PYTHONPATH": str(ROOT)}


def kill_round(database: Path, *, seed: int, home: Path) -> list[str]:
    """One worker killed with SIGKILL at a random moment; returns the lines it completed."""
    rng = random.Random(seed)
    worker = subprocess.Popen(
        worker_command(database, seed=seed, name="crash", duration=None),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=worker_env(home),
    )
    assert worker.stdout is not None
    try:
        first = worker.stdout.readline()
        if first != "ready\n":
            worker.kill()
            _, errors = worker.communicate(timeout=30)
            raise AssertionError(f"the worker did not start: {first!r} {errors}")
        delay = rng.uniform(0, MAX_KILL_DELAY_S)
        try:
            worker.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
        output, errors = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == -signal.SIGKILL, f"the worker failed on its own: {errors}"
    return complete_lines(output)


def complete_lines(output: str) -> list[str]:
    """The lines the writer finished printing (a kill can cut the last one short)."""
    lines = output.split("\n")
    return lines[:-1]  # after the last "\n": empty, or a line cut by the kill


def check_database(database: Path, printed: Sequence[str]) -> Check:
    """Integrity, every printed save and decision present and whole, no review half-stored."""
    check = Check(integrity=_integrity(database))
    if check.integrity != "ok":
        return check
    db = open_database(database)
    try:
        for line in printed:
            kind, *rest = line.split()
            if kind == "saved":
                check.saved += 1
                _check_saved(db, int(rest[0]), int(rest[1]), check)
            elif kind == "triaged":
                check.triaged += 1
                _check_triaged(db, int(rest[0]), rest[1], rest[2], check)
        for record in list_reviews(db, limit=1_000_000):
            stored = len(review_findings(db, int(record.id or 0)))
            if stored != expected_findings(record.target):
                check.partial_reviews.append(f"review {record.id}: {stored} findings stored")
    finally:
        db.close()
    return check


def _integrity(database: Path) -> str:
    conn = sqlite3.connect(database)
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchall()
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    result = "; ".join(str(row[0]) for row in rows)
    return result if not problems else f"{result}; foreign keys: {problems[:5]}"


def _check_saved(db: sqlite_utils.Database, review_id: int, count: int, check: Check) -> None:
    exists = db.execute("SELECT COUNT(*) FROM reviews WHERE id = ?", [review_id]).fetchone()[0]
    stored = len(review_findings(db, review_id))
    if not exists:
        check.lost_reviews.append(f"review {review_id}: missing")
    elif stored != count:
        check.partial_reviews.append(f"review {review_id}: {stored} of {count} findings")


def _check_triaged(
    db: sqlite_utils.Database, finding_id: int, status: str, actor: str, check: Check
) -> None:
    row = db.execute("SELECT status FROM findings WHERE id = ?", [finding_id]).fetchone()
    events = [e for e in finding_events(db, finding_id) if e.actor == actor]
    if row is None or row[0] != status or not any(e.new_status == status for e in events):
        check.lost_events.append(f"finding {finding_id}: status {row}, events {len(events)}")
