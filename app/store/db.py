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
import sqlite3
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
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        _configure(conn)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"cannot open database {target}: {exc}") from exc
    db = sqlite_utils.Database(conn)
    if migrate:
        from app.store.migrations import migrate as run_migrations

        run_migrations(db)
    log.debug("opened database %s", target)
    return db


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    # NORMAL is durable across application crashes in WAL mode; only an OS crash or power
    # loss can drop the last transactions, never corrupt the file.
    conn.execute("PRAGMA synchronous = NORMAL")


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


def storage_error(exc: BaseException) -> StorageError:
    """Turn a sqlite3 or OS error into a StorageError a user can act on."""
    text = str(exc)
    if "full" in text.lower() or getattr(exc, "errno", None) == errno.ENOSPC:
        return StorageError(f"the disk is full; nothing was saved ({text})")
    if "locked" in text.lower() or "busy" in text.lower():
        return StorageError(f"the database is busy in another Airlock window; try again ({text})")
    return StorageError(f"database error: {text}")
