from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from app.core.errors import SchemaTooNew, StorageError
from app.store.db import open_database
from app.store.migrations import MIGRATIONS, Migration, latest_version, migrate, schema_version
from app.store.reviews import review_findings
from app.store.search import search

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
    "findings_fts",
    "sessions_fts",
    "code_artifacts_fts",
    "reviews_fts",
    "endpoints",
    "allowed_hosts",
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


def test_a_step_another_process_applied_meanwhile_is_skipped_not_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "airlock.db"
    mine = open_database(path, migrate=False)
    migrate(mine, MIGRATIONS[:1])
    other = open_database(path, migrate=False)
    real_version = schema_version

    def then_the_other_process_migrates(db: sqlite_utils.Database) -> int:
        # mine has just read the version (1); the other process now applies everything.
        version = real_version(db)
        monkeypatch.setattr("app.store.migrations.schema_version", real_version)
        migrate(other)
        return version

    monkeypatch.setattr("app.store.migrations.schema_version", then_the_other_process_migrates)
    assert migrate(mine) == latest_version()
    versions = [row[0] for row in mine.execute("SELECT version FROM schema_version")]
    assert versions == [m.version for m in MIGRATIONS]  # each applied once


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


# A version-1 database as an older Airlock left it: rows written with plain SQL, because the
# store's functions follow the newest schema.
V1_ROWS = [
    "INSERT INTO projects VALUES (1, 'shop', '2026-01-01', '2026-01-01')",
    "INSERT INTO sessions (id, project_id, request, created_at, updated_at)"
    " VALUES (1, 1, 'A Flask endpoint for avatar uploads', '2026-01-02', '2026-01-02')",
    "INSERT INTO code_artifacts (id, project_id, session_id, version, path, language, content,"
    " sha256, origin, created_at) VALUES (1, 1, 1, 1, 'avatars.py', 'python',"
    " 'def save_avatar(picture): picture.save(picture.filename)', 'x', 'generated', '2026-01-02')",
    "INSERT INTO reviews (id, project_id, session_id, target, status, app_version, started_at)"
    " VALUES (1, 1, 1, 'session 1 v1', 'complete', '0.1.0', '2026-01-02')",
    "INSERT INTO findings (id, review_id, rule_id, title, cwe, severity, confidence, sources,"
    " file, message, fingerprint, created_at) VALUES (1, 1, 'airlock.taint.path-traversal',"
    " 'Path traversal', '[22]', 'high', 'high', '[\"taint\"]', 'avatars.py',"
    " 'the client file name reaches save', 'fp', '2026-01-02')",
]


def test_a_version_1_database_with_data_migrates_and_becomes_searchable(tmp_path: Path) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path, migrate=False)
    migrate(db, MIGRATIONS[:1])
    for statement in V1_ROWS:
        db.execute(statement)
    db.close()
    db = open_database(path)  # migrates to the latest version, as starting Airlock does
    assert schema_version(db) == latest_version()
    kinds = {(hit.kind, hit.id) for hit in search(db, "avatar*")}
    assert kinds == {("session", 1), ("code", 1), ("finding", 1)}  # the finding's file
    assert [(hit.kind, hit.id) for hit in search(db, '"file name"')] == [("finding", 1)]
    assert [(hit.kind, hit.id) for hit in search(db, "session")] == [("review", 1)]
    for table in ("findings", "sessions", "code_artifacts", "reviews"):
        db.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)")


def test_rows_written_after_the_migration_are_searchable(tmp_path: Path) -> None:
    db = open_database(tmp_path / "airlock.db")
    for statement in V1_ROWS:
        db.execute(statement)
    db.execute("UPDATE findings SET title = 'Zip slip' WHERE id = 1")
    assert [hit.title for hit in search(db, "zip")] == ["Zip slip"]
    assert [hit.title for hit in search(db, "traversal")] == ["Zip slip"]  # by its rule id


def test_a_version_2_database_gains_the_endpoint_tables_and_keeps_its_roles(
    tmp_path: Path,
) -> None:
    path = tmp_path / "airlock.db"
    db = open_database(path, migrate=False)
    migrate(db, MIGRATIONS[:2])
    db.execute(
        "INSERT INTO models VALUES ('m', 'M', '/m.gguf', 1, 'ab', 'import', NULL, '2026', NULL)"
    )
    db.execute("INSERT INTO model_roles VALUES ('review', 'm')")
    db.close()
    db = open_database(path)
    assert schema_version(db) == latest_version()
    assert db.execute("SELECT role, model_id FROM model_roles").fetchall() == [("review", "m")]
    assert db.execute("SELECT COUNT(*) FROM endpoints").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM allowed_hosts").fetchone()[0] == 0


def test_a_version_3_database_gets_the_kind_of_each_finding(tmp_path: Path) -> None:
    """Info rows become notes and rows only a model reported become questions for the
    reviewer, the rule the merge step applies now; everything else stays a finding."""
    path = tmp_path / "airlock.db"
    db = open_database(path, migrate=False)
    migrate(db, MIGRATIONS[:3])
    db.execute(V1_ROWS[0])
    db.execute(
        "INSERT INTO reviews (id, project_id, target, status, app_version, started_at)"
        " VALUES (1, 1, 'app.py', 'complete', '0.1.0', '2026-01-02')"
    )
    rows = [
        ("high", '["taint"]'),
        ("info", '["bandit"]'),
        ("medium", '["model:qwen"]'),
        ("info", '["model:qwen"]'),
        ("high", '["bandit", "model:qwen"]'),
        ("medium", '["model:a", "model:b"]'),
        ("medium", "not json"),
        ("medium", "[]"),
    ]
    for number, (severity, sources) in enumerate(rows, start=1):
        db.execute(
            "INSERT INTO findings (id, review_id, rule_id, title, severity, confidence, sources,"
            " file, fingerprint, created_at) VALUES (?, 1, 'r', 't', ?, 'low', ?, 'app.py',"
            " 'fp', '2026-01-02')",
            [number, severity, sources],
        )
    db.close()
    db = open_database(path)
    assert schema_version(db) == latest_version()
    kinds = [row[0] for row in db.execute("SELECT kind FROM findings ORDER BY id")]
    assert kinds == [
        "finding", "note", "question", "note", "finding", "question", "finding", "finding",
    ]  # fmt: skip
    read = [stored.finding.kind.value for stored in review_findings(db, 1)]
    assert read == kinds
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("UPDATE findings SET kind = 'alert' WHERE id = 1")


@pytest.mark.parametrize(
    "values",
    [
        ("triage", "http://127.0.0.1:8080/v1", "m", None, 120, None, "2026"),  # unknown role
        ("review", "http://127.0.0.1:8080/v1", "m", None, 0, None, "2026"),  # no timeout
        ("review", "http://127.0.0.1:8080/v1", "m", None, 120, "plaintext", "2026"),  # key store
    ],
)
def test_the_endpoints_table_refuses_rows_the_app_could_not_use(
    tmp_path: Path, values: tuple[object, ...]
) -> None:
    db = open_database(tmp_path / "airlock.db")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        db.execute("INSERT INTO endpoints VALUES (?, ?, ?, ?, ?, ?, ?)", list(values))
