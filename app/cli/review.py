"""`airlock review`: the headless review for terminals, pre-commit hooks and CI."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click
import sqlite_utils

from app import __version__
from app.cli.output import render_text
from app.core.errors import AirlockError, OperationCancelled
from app.core.findings import Severity
from app.core.review import STAGE_GROUPS, ReviewOptions
from app.core.review_service import (
    ModelChoice,
    SavedReview,
    resolve_threat_model,
    review_paths,
)
from app.core.sarif import dump_sarif, findings_to_sarif
from app.llm.engine import Progress
from app.llm.factory import open_model
from app.store.db import open_database

_SEVERITIES = [s.value for s in Severity]


@click.command("review")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--project", "project_name", help="Review against this project's threat model.")
@click.option(
    "--threat-model",
    "threat_model_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Review against a threat-model file (YAML or JSON).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text",
    show_default=True,
)  # fmt: skip
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--no-model", is_flag=True, help="Deterministic stages only (fast, no model).")
@click.option("--model", "model_id", help="Model id for this review (default: the review role).")
@click.option(
    "--fail-on",
    type=click.Choice([*_SEVERITIES, "none"]),
    default="none",
    show_default=True,
    help="Exit 1 when a finding has this severity or worse.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress, no summary: findings only.")
@click.option("--no-save", is_flag=True, help="Do not record this review in the history.")
def review_command(
    paths: tuple[Path, ...],
    project_name: str | None,
    threat_model_file: Path | None,
    fmt: str,
    output: Path | None,
    no_model: bool,
    model_id: str | None,
    fail_on: str,
    quiet: bool,
    no_save: bool,
) -> None:
    """Review files and folders against a threat model."""
    db = open_database()
    threat_model = resolve_threat_model(
        db, project=project_name, threat_model_file=threat_model_file
    )
    stages = frozenset(STAGE_GROUPS) - ({"model"} if no_model else set())
    progress = _ignore if quiet else _print_progress
    model = None if no_model else _open_model(db, model_id)
    try:
        saved = review_paths(
            db,
            list(paths),
            threat_model,
            options=ReviewOptions(stages=stages),
            model=model,
            save=not no_save,
            progress=progress,
        )
    except KeyboardInterrupt as exc:
        if model is not None:
            model.engine.cancel()
        raise OperationCancelled("review cancelled; nothing was saved") from exc
    finally:
        if model is not None:
            model.engine.close()
    _emit(_format(saved, fmt, color=output is None and sys.stdout.isatty()), output)
    if not quiet and saved.review_id is not None:
        click.echo(f"airlock: review {saved.review_id} saved", err=True)
    _exit_for(saved, fail_on)


def _open_model(db: sqlite_utils.Database, model_id: str | None) -> ModelChoice | None:
    """The review model, or None (with a visible notice) when it cannot be used."""
    try:
        opened = open_model(db, model_id=model_id, role="review")
    except AirlockError as exc:
        click.echo(f"airlock: warning: model review skipped: {exc}", err=True)
        return None
    return ModelChoice(opened.engine, opened.model_id, opened.sha256)


def _ignore(_: Progress) -> None:
    return None


def _print_progress(progress: Progress) -> None:
    if progress.message != "done":
        total = f"/{progress.total}" if progress.total else ""
        click.echo(f"airlock: {progress.stage}: {progress.message} ({progress.done + 1}{total})",
                   err=True)  # fmt: skip


def _format(saved: SavedReview, fmt: str, *, color: bool) -> str:
    outcome = saved.outcome
    if fmt == "sarif":
        return dump_sarif(
            findings_to_sarif(outcome.findings, outcome.warnings, tool_version=__version__)
        )
    if fmt == "json":
        document = {
            "review_id": saved.review_id,
            "files": outcome.files,
            "findings": [asdict(f) for f in outcome.findings],
            "warnings": [asdict(w) for w in outcome.warnings],
            "prompt_hashes": outcome.prompt_hashes,
            "stage_seconds": outcome.stage_seconds,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return render_text(outcome.findings, outcome.warnings, files=len(outcome.files), color=color)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AirlockError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _exit_for(saved: SavedReview, fail_on: str) -> None:
    if fail_on == "none":
        return
    threshold = Severity(fail_on).rank
    if any(f.severity.rank >= threshold for f in saved.outcome.findings):
        sys.exit(1)
