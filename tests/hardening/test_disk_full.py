"""A full disk: the action fails with one clear message, earlier data stay intact, and the
next action works once there is space again.

Two ways to fill the disk. Everywhere: SQLite's own `max_page_count` capped at the file's
current size on every connection, so SQLite itself fails the write with SQLITE_FULL
("database or disk is full"), through the real store code and its rollback. Where the
machine allows a private mount namespace (root, as in our CI container): a real 4 MB tmpfs
filled to the last byte (disk_full_tmpfs.py), which also covers a disk with no byte left at
all, where not even opening the database works.
"""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from app.cli import main
from app.core.errors import StorageError
from app.core.review import ReviewOptions
from app.core.review_service import ThreatModelRef, review_sources
from app.core.sources import SourceFile
from app.core.triage import triage
from app.store import backup
from app.store import db as store_db
from app.store.backup import backup_database
from app.store.db import open_database
from app.store.reviews import list_reviews, review_findings
from tests.hardening.disk_full_tmpfs import CODE

FULL_MESSAGE = r"^disk full, .*: free space and retry$"
TMPFS_SCRIPT = Path(__file__).with_name("disk_full_tmpfs.py")
NO_LIMIT = 2**32 - 2  # SQLite's default max_page_count


def _cap(conn: sqlite3.Connection) -> None:
    """No page may be added to the file: the disk is full from here on."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


@contextmanager
def full_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every database connection opened in the block finds the disk full."""
    configure = store_db._configure

    def configure_then_fill(conn: sqlite3.Connection) -> None:
        configure(conn)
        _cap(conn)

    with monkeypatch.context() as patch:
        patch.setattr(store_db, "_configure", configure_then_fill)
        yield


def _source(salt: str) -> SourceFile:
    return SourceFile("service.py", "python", CODE.replace("note", f"note {salt}"))


def _review(db: Any, salt: str) -> int:
    saved = review_sources(
        db, [_source(salt)], ThreatModelRef(None), target=f"service {salt}",
        options=ReviewOptions(stages=frozenset()),
    )  # fmt: skip
    assert saved.review_id is not None
    return saved.review_id


def test_saving_a_review_on_a_full_disk_fails_clearly_and_keeps_what_was_there(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "airlock.db")
    first = _review(db, "first")
    triage(db, review_findings(db, first)[0].id, "false_positive", reason="test data", actor="me")
    before = review_findings(db, first)
    _cap(db.conn)

    with pytest.raises(StorageError, match=FULL_MESSAGE):
        _review(db, "second")

    assert [r.id for r in list_reviews(db)] == [first]  # nothing half-saved
    assert review_findings(db, first) == before
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.execute(f"PRAGMA max_page_count = {NO_LIMIT}")  # space freed
    second = _review(db, "second")
    assert len(review_findings(db, second)) == len(before)


def _cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _page_cap_steps(code: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    def step(*args: str) -> dict[str, Any]:
        result = _cli(*args)
        last = result.stdout.strip().splitlines()[-1:] or [""]
        return {"code": result.exit_code, "stdout_end": last[0], "stderr": result.stderr}

    steps = {"first": step("review", "--no-model", "-q", str(code))}
    with full_disk(monkeypatch):
        steps["almost_full"] = step("review", "--no-model", "-q", str(code))
        steps["history_almost_full"] = step("history", "list")
        database = open_database()
        steps["integrity_almost_full"] = database.execute("PRAGMA integrity_check").fetchone()[0]
        database.close()
    steps["after"] = step("review", "--no-model", "-q", str(code))
    steps["history_after"] = step("history", "list")
    return steps


def _tmpfs_steps(tmp_path: Path) -> dict[str, Any]:
    result = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", sys.executable, str(TMPFS_SCRIPT),
         str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=True,
    )  # fmt: skip
    steps: dict[str, Any] = json.loads(result.stdout)
    return steps


def _private_tmpfs_works() -> bool:
    """Can this machine mount a tmpfs in a private mount namespace (root, CAP_SYS_ADMIN)?"""
    if shutil.which("unshare") is None or sys.platform != "linux":
        return False
    probe = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "-o",
         "size=64k", "tmpfs", "/mnt"],
        capture_output=True, timeout=30, check=False,
    )  # fmt: skip
    return probe.returncode == 0


# The page cap always; the real tmpfs too where it can be mounted privately (never left behind:
# the mount lives and dies with its namespace).
DISKS = ["sqlite-page-cap", *(["tmpfs"] if _private_tmpfs_works() else [])]


@pytest.mark.parametrize("disk", DISKS)
def test_the_cli_on_a_full_disk_says_so_in_one_line_with_exit_code_3_and_recovers(
    disk: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = tmp_path / "code"
    code.mkdir()
    (code / "service.py").write_text(CODE)
    steps = _page_cap_steps(code, monkeypatch) if disk != "tmpfs" else _tmpfs_steps(tmp_path)

    assert steps["first"]["code"] == 0, steps["first"]
    failed = steps["almost_full"]
    assert failed["code"] == 3, failed
    assert failed["stderr"].count("\n") == 1
    assert failed["stderr"].startswith("airlock: error: disk full, nothing was saved")
    assert failed["stderr"].rstrip().endswith(": free space and retry")
    # Earlier data are intact and readable while the disk is full.
    assert steps["history_almost_full"]["code"] == 0
    assert steps["history_almost_full"]["stdout_end"].startswith("review 1\t")
    assert steps["integrity_almost_full"] == "ok"
    # Space freed: the same command works, and the failed attempt left no trace.
    assert steps["after"]["code"] == 0, steps["after"]
    assert steps["history_after"]["stdout_end"].startswith("review 1\t")
    if disk == "tmpfs":  # not one byte left: even opening fails, and says why
        for name in ("full", "backup_full", "history_full"):
            assert steps[name]["code"] == 3
            assert steps[name]["stderr"].startswith("airlock: error: disk full, cannot open")
        assert steps["integrity_after"] == "ok"


def test_a_backup_to_a_full_disk_fails_clearly_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database()
    _review(db, "first")
    db.close()
    target = tmp_path / "backup.db"
    copy = backup._copy

    def copy_until_full(source: Path, partial: Path) -> None:
        partial.write_bytes(b"SQLite format 3\0" + b"\0" * 4000)  # a part got written
        raise OSError(errno.ENOSPC, "No space left on device", str(partial))

    monkeypatch.setattr(backup, "_copy", copy_until_full)
    with pytest.raises(StorageError, match=FULL_MESSAGE):
        backup_database(target)
    assert list(tmp_path.glob("backup.db*")) == []

    monkeypatch.setattr(backup, "_copy", copy)
    assert backup_database(target) == target
