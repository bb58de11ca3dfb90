"""Opening the database and running one transaction per user action.

The connection runs in autocommit mode and every write goes through `transaction()`, which
issues BEGIN IMMEDIATE ... COMMIT itself, taking the write lock up front so that a second
Airlock process waits (busy timeout) instead of failing half-way. Inside a transaction, write
with plain SQL: sqlite-utils' write helpers wrap themselves in `with conn:`, which would commit
our transaction early. Its read and schema helpers are fine.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from app.core.errors import StorageError
from app.core.paths import database_path

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def open_database(path: Path | None = None, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the Airlock database with WAL and foreign keys on."""
    target = path or database_path()
    try:
        # Reviewed code, threat models and decisions are the team's own: a new folder and a
        # new file are readable by this user only (SQLite gives -wal and -shm the same mode).
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not target.exists():
            os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
    except (OSError, sqlite3.Error) as exc:
        if is_disk_full(exc):
            raise StorageError(
                f"disk full, cannot open database {target} ({exc}): free space and retry"
            ) from exc
        raise StorageError(f"cannot open database {target}: {exc}") from exc
    db = sqlite_utils.Database(conn)
    if migrate:
        _migrate(db)
    log.debug("opened database %s", target)
    return db


def _migrate(db: sqlite_utils.Database) -> None:
    """Bring the schema up to date, also when another Airlock process does so at once.

    Two processes that open an out-of-date file together (the GUI and the CLI after an
    update, or the app started twice on first run) both see it out of date. Each step reads
    the version again under the write lock and skips what the other process applied
    (migrations._apply); should a step still fail on what the other one created, what it
    wanted is done by then: retry for as long as the other process made progress.
    """
    from app.store.migrations import migrate, schema_version

    while True:
        before = schema_version(db)
        try:
            migrate(db)
            return
        except StorageError:
            if schema_version(db) <= before:
                raise
            log.info("another process migrated the database at the same time; checking again")


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    _enable_wal(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    # NORMAL is durable across application crashes in WAL mode; only an OS crash or power
    # loss can drop the last transactions, never corrupt the file.
    conn.execute("PRAGMA synchronous = NORMAL")


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to WAL, waiting out another connection that is doing the same.

    SQLite does not call the busy handler for this switch: when two threads or processes
    open a brand-new file together (the model manager refreshes models and servers at once
    on first start), one of them gets "database is locked" at once. WAL is a property of
    the file, so once the other connection has switched it, asking again succeeds.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """Run the block as one transaction: all of it is stored, or none of it."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc) from exc
    try:
        yield db
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise storage_error(exc) from exc
        raise


# SQLite's names for "no space left": SHMSIZE is the -shm index file that cannot grow, which
# is how opening a database in WAL mode fails on a disk with no byte left ("disk I/O error").
_DISK_FULL_ERRORS = frozenset({"SQLITE_FULL", "SQLITE_IOERR_SHMSIZE"})


def is_disk_full(exc: BaseException) -> bool:
    """Did this sqlite3 or OS error happen because the disk (or a quota) is full?"""
    return (
        getattr(exc, "errno", None) in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
        or getattr(exc, "sqlite_errorname", None) in _DISK_FULL_ERRORS
        or "full" in str(exc).lower()
    )


def storage_error(exc: BaseException) -> StorageError:
    """Turn a sqlite3 or OS error into a StorageError a user can act on."""
    text = str(exc)
    if is_disk_full(exc):
        return StorageError(f"disk full, nothing was saved ({text}): free space and retry")
    if "locked" in text.lower() or "busy" in text.lower():
        return StorageError(f"the database is busy in another Airlock window; try again ({text})")
    return StorageError(f"database error: {text}")
