"""`airlock backup PATH` and `airlock restore PATH`: the database, copied safely."""

from __future__ import annotations

from pathlib import Path

import click

from app.store.backup import backup_database, restore_database, verify_database


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path: Path, force: bool) -> None:
    """Copy the database to PATH (a file, or a folder for a dated file).

    Safe while Airlock is running: SQLite's online backup copies a consistent snapshot.
    """
    written = backup_database(path, overwrite=force)
    click.echo(f"backed up to {written}")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH; the current one is kept aside.

    PATH must pass SQLite's integrity check and be an Airlock database of a schema version
    this Airlock knows; nothing is replaced otherwise.
    """
    version = verify_database(path)
    click.echo(f"{path}: an intact Airlock database (schema version {version})", err=True)
    if not yes:
        click.confirm("Replace the current database with it?", abort=True, err=True)
    result = restore_database(path)
    if result.previous is not None:
        click.echo(f"the previous database is kept at {result.previous}")
    click.echo(f"restored from {result.restored_from}")
