"""Backups and restores of the Airlock database, through SQLite's online backup API.

The backup API copies a consistent snapshot page by page while other connections (the GUI, a
review in CI) keep working, and it sees what is still in the WAL file; copying airlock.db with
`cp` would not. A backup is written to a temporary name, switched out of WAL mode (so it is
one self-contained file), checked, and only then renamed to the name asked for.

A restore first proves the file is an Airlock database this version can use
(`PRAGMA integrity_check`, the Airlock tables, a known schema version), then keeps a copy of
the current database aside, and only then copies the backup over the live database, again
with the backup API so that no other connection sees a half-written file. Older schema
versions are migrated up after the restore.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.core.errors import SchemaTooNew, StorageError, UserInputError
from app.core.paths import database_path
from app.store.db import open_database, storage_error
from app.store.migrations import latest_version

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables every Airlock schema version has; a file without them is some other database.
REQUIRED_TABLES = frozenset({"schema_version", "projects", "reviews", "findings"})


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous: Path | None  # where the database that was replaced now lives
    schema_version: int  # of the backup, before it was migrated up


def backup_database(
    destination: Path, *, source: Path | None = None, overwrite: bool = False
) -> Path:
    """Copy the database to `destination` (a file, or a folder to put a dated file in)."""
    current = source or database_path()
    if not current.is_file():
        raise UserInputError(f"there is no database at {current} yet: nothing to back up")
    target = _backup_name(destination)
    if target.exists() and not overwrite:
        raise UserInputError(f"{target} exists: choose another name, or pass --force")
    if target.resolve() == current.resolve():
        raise UserInputError("a backup cannot overwrite the database it copies")
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(current, partial)
        verify_database(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(exc) from exc
    finally:
        partial.unlink(missing_ok=True)
    log.info("backed up %s to %s", current, target)
    return target


def _backup_name(destination: Path) -> Path:
    if destination.is_dir():
        return destination / f"airlock-{_stamp()}.db"
    if not destination.parent.is_dir():
        raise UserInputError(f"the folder {destination.parent} does not exist")
    return destination


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _copy(source: Path, target: Path) -> None:
    """A consistent single-file snapshot of `source` at `target` (replaced if present)."""
    target.unlink(missing_ok=True)
    db = open_database(source, migrate=False)
    destination = sqlite3.connect(str(target), isolation_level=None)
    try:
        db.conn.backup(destination)
        # The copy inherits WAL mode from its source; one self-contained file is what a
        # backup should be.
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()
        db.close()


def verify_database(path: Path) -> int:
    """Check that `path` is an intact Airlock database this version can open; returns its
    schema version. Opens it read-only: nothing is written to a file being checked."""
    if not path.is_file():
        raise UserInputError(f"{path}: no such file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise UserInputError(f"{path} is not an SQLite database, so not an Airlock backup")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserInputError(f"{path} cannot be opened: {exc}") from exc
    try:
        return _check(conn, path)
    except sqlite3.DatabaseError as exc:
        raise UserInputError(f"{path} is damaged or not a database: {exc}") from exc
    finally:
        conn.close()


def _check(conn: sqlite3.Connection, path: Path) -> int:
    problems = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    if problems != ["ok"]:
        raise UserInputError(f"{path} failed its integrity check: {'; '.join(problems[:3])}")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = REQUIRED_TABLES - tables
    if missing:
        raise UserInputError(
            f"{path} is not an Airlock database (no {', '.join(sorted(missing))} table)"
        )
    version = int(conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0)
    newest = latest_version()
    if version < 1:
        raise UserInputError(f"{path} has no schema version: not an Airlock database")
    if version > newest:
        raise SchemaTooNew(
            f"{path} has schema version {version}, but this Airlock only knows up to {newest};"
            " update Airlock before restoring it"
        )
    return version


def restore_database(source: Path, *, target: Path | None = None) -> RestoreResult:
    """Replace the database with the backup at `source`, keeping the current one aside."""
    version = verify_database(source)
    current = target or database_path()
    if current.exists() and source.resolve() == current.resolve():
        raise UserInputError("that file is the database itself: nothing to restore")
    previous = _keep_aside(current) if current.is_file() else None
    try:
        _copy_into(source, current)
        open_database(current).close()  # migrates an older backup up to this version
    except (OSError, sqlite3.Error) as exc:
        raise storage_error(exc) from exc
    except StorageError as exc:
        kept = f"; the previous database is kept at {previous}" if previous else ""
        raise StorageError(f"{exc}{kept}") from exc
    log.info("restored %s from %s (previous kept at %s)", current, source, previous)
    return RestoreResult(source, previous, version)


def _keep_aside(current: Path) -> Path:
    """A copy of the database about to be replaced. It is not verified: a damaged database
    is a reason to restore, and its copy is kept as it is."""
    aside = current.with_name(f"{current.stem}.before-restore-{_stamp()}{current.suffix}")
    try:
        try:
            _copy(current, aside)
        except (sqlite3.Error, StorageError):  # too damaged for SQLite to read: copy bytes
            _copy_files(current, aside)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        raise StorageError(
            f"could not keep the current database aside, so nothing was restored: {exc}"
        ) from exc
    return aside


def _copy_files(current: Path, aside: Path) -> None:
    shutil.copyfile(current, aside)
    wal = current.with_name(current.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, aside.with_name(aside.name + "-wal"))


def _copy_into(source: Path, current: Path) -> None:
    """Overwrite the live database with `source` in one step, through the backup API, so a
    connection elsewhere sees either the old database or the restored one."""
    backup = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    live = open_database(current, migrate=False)
    try:
        backup.backup(live.conn)
    finally:
        live.close()
        backup.close()
