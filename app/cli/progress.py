"""Review progress on stderr: one line per stage; on a terminal, the files of a long stage
are counted on that line as they go (a log or a CI job gets the stage lines only)."""

from __future__ import annotations

import sys

import click

from app.llm.engine import Progress


def print_progress(progress: Progress) -> None:
    """`airlock: review: bandit (2/6)`; a `part` event rewrites that line on a terminal."""
    if progress.message == "done":
        return
    total = f"/{progress.total}" if progress.total else ""
    text = f"airlock: {progress.stage}: {progress.message} ({progress.done + 1}{total})"
    if progress.part is None:
        click.echo(text, err=True)
    elif sys.stderr.isatty():
        # Up to the stage's line, back to its start, write, clear what is left of it.
        click.echo(f"\x1b[1A\r{text}\x1b[K", err=True)


def ignore_progress(_: Progress) -> None:
    return None
