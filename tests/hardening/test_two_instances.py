"""Two Airlock processes on one database: the app opened twice, or the CLI beside the GUI.

Writers wait for each other (busy timeout, BEGIN IMMEDIATE, short transactions) instead of
failing with "database is locked", and no write is lost.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.history import SearchRequest, recent_history, search_history
from app.store import migrations
from app.store.db import open_database
from app.store.migrations import latest_version, schema_version
from tests.hardening.crash_check import check_database, complete_lines, worker_command, worker_env

WRITE_SECONDS = 3.0


def test_two_processes_writing_reviews_and_triage_at_once_lose_nothing(tmp_path: Path) -> None:
    # A fresh file: both also migrate it at the same moment, as on a first start.
    database = tmp_path / "airlock.db"
    writers = [
        subprocess.Popen(
            worker_command(database, seed=seed, name=name, duration=WRITE_SECONDS),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=worker_env(tmp_path / name),
        )
        for seed, name in enumerate(("gui", "cli"))
    ]
    reads = _read_while(lambda: all(w.poll() is None for w in writers), database)
    outputs = [w.communicate(timeout=120) for w in writers]

    for writer, (output, errors) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, errors
        assert "locked" not in errors.lower()
        assert output.rstrip().split("\n")[-1].startswith("done ")
    printed = [line for output, _ in outputs for line in complete_lines(output)]
    check = check_database(database, printed)
    assert check.ok, check
    for name in ("gui", "cli"):  # both made progress: neither starved the other
        assert any(line.endswith(f" {name}") for line in printed)
    assert reads.errors == []
    assert reads.count > 0


class _Reads:
    def __init__(self) -> None:
        self.count = 0
        self.errors: list[BaseException] = []


def _read_while(running: Callable[[], bool], database: Path) -> _Reads:
    """A third reader (the History view) searching while both write; returns when they end."""
    reads = _Reads()

    def read() -> None:
        db = None
        try:
            while running():
                if not database.exists():
                    time.sleep(0.01)
                    continue
                db = db or open_database(database)
                recent_history(db, limit=50)
                search_history(db, SearchRequest(text="reviewer"))
                reads.count += 1
        except BaseException as exc:
            reads.errors.append(exc)
        finally:
            if db is not None:
                db.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join(timeout=120)
    return reads


def test_a_second_instance_migrating_the_same_file_at_the_same_moment_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The race, made certain: this process reads "schema version 0", and before it can
    # act on that, the other instance migrates the whole file.
    database = tmp_path / "airlock.db"
    real_version = migrations.schema_version
    other_went = []

    def version_then_the_other_instance_migrates(db: object) -> int:
        version = real_version(db)  # type: ignore[arg-type]
        if not other_went:
            other_went.append(True)
            open_database(database).close()
        return version

    monkeypatch.setattr(migrations, "schema_version", version_then_the_other_instance_migrates)
    db = open_database(database)

    assert other_went
    assert schema_version(db) == latest_version()
    versions = db.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert [row[0] for row in versions] == list(range(1, latest_version() + 1))
    db.close()
