"""Numbered schema migrations.

Each migration runs in its own transaction together with the row that records it in
`schema_version`, so a failed step leaves the database exactly at the previous version.
Never edit a released migration: add a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sqlite_utils

from app.core.errors import SchemaTooNew
from app.store.db import transaction
from app.store.schema import SCHEMA_V1, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, schema_v2_statements
from app.store.timeutil import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _execute_statements(db: sqlite_utils.Database, script: str) -> None:
    # executescript() would COMMIT our transaction first; run statement by statement instead.
    for statement in _split_sql(script):
        db.execute(statement)


def _split_sql(script: str) -> list[str]:
    return [part.strip() for part in script.split(";\n") if part.strip()]


def _full_text_search(db: sqlite_utils.Database) -> None:
    # Whole statements, so that no splitting can cut a trigger body (BEGIN ...; END) apart.
    for statement in schema_v2_statements():
        db.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", lambda db: _execute_statements(db, SCHEMA_V1)),
    Migration(2, "full-text search", _full_text_search),
    Migration(3, "inference server endpoints", lambda db: _execute_statements(db, SCHEMA_V3)),
    Migration(4, "finding kinds", lambda db: _execute_statements(db, SCHEMA_V4)),
    Migration(5, "finding data flows", lambda db: _execute_statements(db, SCHEMA_V5)),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    return max(m.version for m in migrations)


def schema_version(db: sqlite_utils.Database) -> int:
    """The highest migration applied to this database (0 for a new file)."""
    if "schema_version" not in db.table_names():
        return 0
    row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the newest schema; returns the resulting version."""
    _ensure_version_table(db)
    current = schema_version(db)
    newest = latest_version(migrations)
    if current > newest:
        raise SchemaTooNew(
            f"this database has schema version {current}, but this Airlock only knows up to "
            f"{newest}; update Airlock"
        )
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version > current:
            _apply(db, migration)
    return schema_version(db)


def _ensure_version_table(db: sqlite_utils.Database) -> None:
    with transaction(db):
        db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )


def _apply(db: sqlite_utils.Database, migration: Migration) -> None:
    with transaction(db):
        # Read again under the write lock: another process (the GUI and the CLI opening an
        # old file together) may have applied this step since migrate() looked.
        if schema_version(db) >= migration.version:
            log.info("migration %d was applied by another process", migration.version)
            return
        log.info("applying migration %d: %s", migration.version, migration.name)
        migration.apply(db)
        db.execute(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
            [migration.version, migration.name, utc_now()],
        )
