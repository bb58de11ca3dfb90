from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.core.errors import StorageError
from app.store import projects as repo
from app.store.db import open_database, transaction


def _project_count(path: Path) -> int:
    return int(open_database(path).execute("SELECT COUNT(*) FROM projects").fetchone()[0])


def test_an_exception_inside_a_transaction_rolls_everything_back(tmp_path: Path) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path)
    with pytest.raises(RuntimeError), transaction(db):
        project_id = repo.insert_project(db, "demo")
        repo.add_threat_model_version(db, project_id, {"name": "demo"}, comment="")
        raise RuntimeError("the user's action failed half-way")
    assert _project_count(path) == 0
    assert db.execute("SELECT COUNT(*) FROM threat_model_versions").fetchone()[0] == 0


def test_a_committed_transaction_is_visible_to_another_connection(tmp_path: Path) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path)
    with transaction(db):
        repo.insert_project(db, "demo")
    assert _project_count(path) == 1


def test_a_sqlite_error_becomes_a_storage_error_and_rolls_back(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    with pytest.raises(StorageError, match="database error"), transaction(db):
        repo.insert_project(db, "demo")
        db.execute("INSERT INTO threat_model_versions (project_id) VALUES (12345)")
    assert db.execute("SELECT COUNT(*) FROM projects").fetchone()[0] == 0


def test_two_connections_writing_at_once_both_succeed(tmp_path: Path) -> None:
    # A user with the GUI open runs the CLI: the second writer waits, it does not fail.
    path = tmp_path / "airlock.db"
    open_database(path)
    errors: list[BaseException] = []

    def write(prefix: str) -> None:
        db = open_database(path)
        try:
            for i in range(20):
                with transaction(db):
                    repo.insert_project(db, f"{prefix}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(name,)) for name in ("gui", "cli")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _project_count(path) == 40


def test_opening_a_new_file_from_two_threads_at_once_both_succeed(tmp_path: Path) -> None:
    # The model manager refreshes models and servers in two threads on first start. SQLite
    # does not wait (busy handler) when a new file is switched to WAL, so without a retry one
    # of the two opens failed with "database is locked" about one time in ten.
    errors: list[BaseException] = []
    for attempt in range(40):
        path = tmp_path / f"fresh-{attempt}.db"
        start = threading.Barrier(3)

        def open_fresh(target: Path = path, barrier: threading.Barrier = start) -> None:
            barrier.wait()
            try:
                open_database(target)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_fresh) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    journal = open_database(tmp_path / "fresh-0.db").execute("PRAGMA journal_mode").fetchone()
    assert journal[0] == "wal"
