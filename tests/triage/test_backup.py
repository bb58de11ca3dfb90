"""`airlock backup` and `airlock restore`: consistent copies, verified before any replace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from app.cli import main
from app.core.errors import SchemaTooNew, UserInputError
from app.core.paths import database_path
from app.core.projects import create_project, list_projects
from app.store.backup import backup_database, restore_database, verify_database
from app.store.db import open_database
from app.store.migrations import MIGRATIONS, latest_version, migrate, schema_version


def run(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def projects() -> list[str]:
    db = open_database()
    try:
        return [p.name for p in list_projects(db)]
    finally:
        db.close()


def projects_in(path: Path) -> list[str]:
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM projects ORDER BY name")]


def test_a_backup_holds_what_is_still_in_the_wal_and_is_one_intact_file(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")  # stays open: its pages sit in the WAL
    assert Path(f"{database_path()}-wal").stat().st_size > 0
    written = backup_database(tmp_path / "copy.db")
    assert written == tmp_path / "copy.db"
    assert projects_in(written) == ["shop"]
    assert verify_database(written) == latest_version()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("copy")) == ["copy.db"]


def test_the_backup_command_writes_a_dated_file_into_a_folder_and_never_overwrites(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    result = run("backup", str(tmp_path))
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.glob("airlock-*.db")
    assert result.stdout == f"backed up to {written}\n"
    target = tmp_path / "named.db"
    assert run("backup", str(target)).exit_code == 0
    again = run("backup", str(target))
    assert again.exit_code == 2 and "exists" in again.stderr
    assert run("backup", str(target), "--force").exit_code == 0


def test_backing_up_before_there_is_a_database_says_so(tmp_path: Path) -> None:
    result = run("backup", str(tmp_path / "copy.db"))
    assert result.exit_code == 2
    assert "nothing to back up" in result.stderr


def test_restore_replaces_the_database_and_keeps_the_previous_one_aside(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    backup = backup_database(tmp_path / "before.db")
    create_project(db, "later", template="web-api")
    db.close()
    result = run("restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    assert projects() == ["shop"]
    (aside,) = database_path().parent.glob("airlock.before-restore-*.db")
    assert f"the previous database is kept at {aside}" in result.stdout
    assert projects_in(aside) == ["later", "shop"]  # nothing is lost


def test_restore_asks_first_and_changes_nothing_when_declined(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    backup = backup_database(tmp_path / "before.db")
    create_project(db, "later", template="web-api")
    result = run("restore", str(backup), stdin="n\n")
    assert result.exit_code == 1
    assert "an intact Airlock database" in result.stderr
    assert projects() == ["later", "shop"]


def refused(path: Path) -> str:
    """Restore `path`, expecting a refusal; returns the message, checks nothing changed."""
    before = projects()
    result = run("restore", str(path), "--yes")
    assert result.exit_code != 0
    assert projects() == before
    assert not list(database_path().parent.glob("*.before-restore-*"))
    return result.stderr


def test_restore_refuses_a_file_that_is_not_sqlite(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    notes = tmp_path / "notes.db"
    notes.write_text("not a database at all, just text that is long enough", encoding="utf-8")
    assert "is not an SQLite database" in refused(notes)


def test_restore_refuses_an_sqlite_file_that_is_not_airlocks(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    assert "is not an Airlock database" in refused(other)


def test_restore_refuses_a_damaged_backup(db: sqlite_utils.Database, tmp_path: Path) -> None:
    create_project(db, "shop", template="web-api")
    for number in range(300):  # enough rows for many pages
        create_project(db, f"project-{number}")
    backup = backup_database(tmp_path / "copy.db")
    data = bytearray(backup.read_bytes())
    page = 4096
    data[3 * page : 40 * page] = b"\xa5" * (37 * page)  # scribble over the middle pages
    backup.write_bytes(bytes(data))
    message = refused(backup)
    assert "integrity check" in message or "damaged" in message


def test_restore_refuses_a_newer_schema_version(db: sqlite_utils.Database, tmp_path: Path) -> None:
    backup = backup_database(tmp_path / "copy.db")
    with sqlite3.connect(backup) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'from the future', 'now')")
    with pytest.raises(SchemaTooNew, match="schema version 999"):
        verify_database(backup)
    assert "update Airlock" in refused(backup)


def test_a_backup_of_an_older_schema_is_restored_and_migrated_up(tmp_path: Path) -> None:
    old = tmp_path / "v1.db"
    first = open_database(old, migrate=False)
    migrate(first, MIGRATIONS[:1])
    first.execute("INSERT INTO projects (name, created_at, updated_at) VALUES ('old', 't', 't')")
    first.close()
    assert verify_database(old) == 1
    result = restore_database(old)
    assert result.previous is None  # there was no database to keep
    assert result.schema_version == 1
    db = open_database()
    try:
        assert schema_version(db) == latest_version()
        assert [row[0] for row in db.execute("SELECT name FROM projects")] == ["old"]
    finally:
        db.close()


def test_restoring_the_database_onto_itself_is_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(UserInputError, match="the database itself"):
        restore_database(database_path())
