"""`airlock review`: the headless review for terminals, pre-commit hooks and CI."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import click
import sqlite_utils

from app import __version__
from app.cli.output import render_text
from app.cli.progress import ignore_progress, print_progress
from app.core.baseline import no_baseline
from app.core.errors import AirlockError, OperationCancelled
from app.core.findings import Finding, FindingKind, Severity
from app.core.review import STAGE_GROUPS, ReviewOptions
from app.core.review_service import (
    ModelChoice,
    SavedReview,
    resolve_threat_model,
    review_paths,
)
from app.core.sarif import dump_sarif, export_fingerprint, findings_to_sarif
from app.core.triage import suppression
from app.llm.factory import open_model
from app.store.db import open_database
from app.store.reviews import StoredFinding, get_review

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
    help="Exit 1 when a finding has this severity or worse (notes and questions for the "
    "reviewer never count).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress, no summary: findings only.")
@click.option("--no-save", is_flag=True, help="Do not record this review in the history.")
@click.option(
    "--baseline",
    "baseline_id",
    type=int,
    help="Compare with this review and report only findings new since it (for CI).",
)
@click.option(
    "--new-only",
    is_flag=True,
    help="Report only findings new since the previous review of the same files.",
)
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
    baseline_id: int | None,
    new_only: bool,
) -> None:
    """Review files and folders against a threat model.

    Each review is compared with the previous review of the same files (same project): its
    findings are new or unchanged, and accepted risks and false positives carry over.
    --fail-on counts findings only: not findings triaged as accepted or false positive, not
    notes (info), not questions for the reviewer (claims only the model made, in classes
    where its claims are not trusted as findings). SARIF output holds findings only.
    """
    db = open_database()
    threat_model = resolve_threat_model(
        db, project=project_name, threat_model_file=threat_model_file
    )
    if baseline_id is not None:
        get_review(db, baseline_id)  # a wrong id fails before the model loads
    stages = frozenset(STAGE_GROUPS) - ({"model"} if no_model else set())
    progress = ignore_progress if quiet else print_progress
    model = None if no_model else _open_model(db, model_id)
    try:
        saved = review_paths(
            db,
            list(paths),
            threat_model,
            options=ReviewOptions(stages=stages),
            model=model,
            save=not no_save,
            baseline_review_id=baseline_id,
            progress=progress,
        )
    except KeyboardInterrupt as exc:
        if model is not None:
            model.engine.cancel()
        raise OperationCancelled("review cancelled; nothing was saved") from exc
    finally:
        if model is not None:
            model.engine.close()
    reported = reported_findings(saved, new_only=new_only or baseline_id is not None)
    color = output is None and sys.stdout.isatty()
    _emit(_format(saved, reported, fmt, color=color), output)
    if not quiet and saved.baseline is not None:
        decided = sum(1 for r in reported if r.carried is not None)
        kept = f"; {decided} of those reported stay accepted or false positive" if decided else ""
        click.echo(f"airlock: {saved.baseline.summary()}{kept}", err=True)
    if not quiet and saved.review_id is not None:
        click.echo(f"airlock: review {saved.review_id} saved", err=True)
    _exit_for(reported, fail_on)


def _open_model(db: sqlite_utils.Database, model_id: str | None) -> ModelChoice | None:
    """The review model, or None (with a visible notice) when it cannot be used."""
    try:
        opened = open_model(db, model_id=model_id, role="review")
    except AirlockError as exc:
        click.echo(f"airlock: warning: model review skipped: {exc}", err=True)
        return None
    return ModelChoice(opened.engine, opened.model_id, opened.sha256)


@dataclass(frozen=True)
class Reported:
    """A finding as this run reports it: with its baseline state and inherited triage."""

    finding: Finding
    state: str
    carried: StoredFinding | None  # the baseline finding whose decision it inherits

    @property
    def status(self) -> str:
        return self.carried.status if self.carried is not None else "open"


def reported_findings(saved: SavedReview, *, new_only: bool) -> list[Reported]:
    """The findings to print: all of them, or (for CI) only those new since the baseline."""
    findings = saved.outcome.findings
    baseline = saved.baseline or no_baseline(len(findings))
    rows = [
        Reported(finding, baseline.states[i], baseline.carried_status(i))
        for i, finding in enumerate(findings)
    ]
    return [r for r in rows if r.state == "new"] if new_only else rows


def _format(saved: SavedReview, reported: Sequence[Reported], fmt: str, *, color: bool) -> str:
    outcome = saved.outcome
    findings = [r.finding for r in reported]
    if fmt == "sarif":
        return dump_sarif(
            findings_to_sarif(findings, outcome.warnings, tool_version=__version__,
                              coverage=outcome.coverage, **_sarif_triage(saved, reported))
        )  # fmt: skip
    if fmt == "json":
        document = {
            "review_id": saved.review_id,
            "baseline_review_id": saved.baseline.baseline_review_id if saved.baseline else None,
            "files": outcome.files,
            # Each kind in its own list: "findings" claim a weakness; the others do not.
            "findings": _documents(reported, FindingKind.FINDING),
            "questions": _documents(reported, FindingKind.QUESTION),
            "notes": _documents(reported, FindingKind.NOTE),
            "gone": [_gone_document(g) for g in saved.baseline.gone] if saved.baseline else [],
            "warnings": [asdict(w) for w in outcome.warnings],
            # Which analysers understood each file; "by_rules": false means only the secrets
            # scan or the model read it.
            "coverage": [entry.to_dict() for entry in outcome.coverage],
            "prompt_hashes": outcome.prompt_hashes,
            "stage_seconds": outcome.stage_seconds,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return render_text(findings, outcome.warnings, files=len(outcome.files), color=color)


def _documents(reported: Sequence[Reported], kind: FindingKind) -> list[dict[str, object]]:
    return [_finding_document(r) for r in reported if r.finding.kind is kind]


def _finding_document(reported: Reported) -> dict[str, object]:
    carried = reported.carried
    return {
        **asdict(reported.finding),
        "kind": reported.finding.kind.value,
        "baseline_state": reported.state,
        "status": reported.status,
        "status_reason": carried.status_reason if carried else None,
        "status_until": carried.status_until if carried else None,
    }


def _gone_document(gone: StoredFinding) -> dict[str, object]:
    return {
        "id": gone.id,
        "status": gone.status,
        **asdict(gone.finding),
        "kind": gone.finding.kind.value,
    }


def _sarif_triage(saved: SavedReview, reported: Sequence[Reported]) -> dict[str, Any]:
    """Baseline states and triage as SARIF sees them, once there is a baseline to speak of."""
    if saved.baseline is None or saved.baseline.baseline_review_id is None:
        return {}
    states = {export_fingerprint(r.finding): r.state for r in reported}
    suppressions = {
        export_fingerprint(r.finding): decided
        for r in reported
        if r.carried is not None and (decided := suppression(r.carried)) is not None
    }
    return {"baseline_states": states, "suppressions": suppressions}


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AirlockError(f"cannot write {output}: {exc.strerror or exc}") from exc


def failing(reported: Sequence[Reported], fail_on: str) -> list[Reported]:
    """The reported items that fail `--fail-on`: open findings at the threshold or worse.

    An accepted risk or a false positive was decided on; a note (info) or a question for the
    reviewer claims no weakness. None of them fails the build, whatever the threshold (so
    `--fail-on info` fails on a finding of any severity, as every finding is low or worse).
    """
    if fail_on == "none":
        return []
    threshold = Severity(fail_on).rank
    return [
        r
        for r in reported
        if r.finding.is_finding and r.finding.severity.rank >= threshold and r.carried is None
    ]


def _exit_for(reported: Sequence[Reported], fail_on: str) -> None:
    if failing(reported, fail_on):
        sys.exit(1)
