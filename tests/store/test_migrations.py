from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.core.errors import SchemaTooNew, StorageError
from app.store.db import open_database
from app.store.migrations import MIGRATIONS, Migration, latest_version, migrate, schema_version

EXPECTED_TABLES = {
    "schema_version",
    "projects",
    "threat_model_versions",
    "models",
    "model_roles",
    "settings",
    "prompts",
    "sessions",
    "code_artifacts",
    "reviews",
    "review_artifacts",
    "findings",
    "finding_events",
}


def test_a_new_database_is_migrated_to_the_latest_schema(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    assert schema_version(db) == latest_version()
    assert set(db.table_names()) >= EXPECTED_TABLES


def test_database_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "airlock.db"
    open_database(path)
    db = open_database(path)
    versions = [row[0] for row in db.execute("SELECT version FROM schema_version")]
    assert versions == [m.version for m in MIGRATIONS]


@pytest.mark.parametrize("start", range(len(MIGRATIONS) + 1))
def test_every_earlier_version_migrates_to_the_latest(tmp_path: Path, start: int) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path, migrate=False)
    if start:
        migrate(db, MIGRATIONS[:start])
    assert schema_version(db) == (MIGRATIONS[start - 1].version if start else 0)
    assert migrate(db) == latest_version()
    assert set(db.table_names()) >= EXPECTED_TABLES


def test_a_failing_migration_leaves_the_database_at_the_previous_version(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    before = set(db.table_names())

    def broken(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    with pytest.raises(StorageError, match="no_such_table"):
        migrate(db, (*MIGRATIONS, Migration(latest_version() + 1, "broken", broken)))
    assert schema_version(db) == latest_version()
    assert set(db.table_names()) == before


def test_a_database_from_a_newer_airlock_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "airlock.db"
    open_database(path)
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="999"):
        open_database(path)
