"""Review use case: resolve the threat model, read the files, run the pipeline, save it all.

Saving is one transaction: a review is stored whole, with every finding and its audit
record, or not at all. The same transaction compares the review with its baseline (the
previous review of the same files, app.core.baseline) and carries triage decisions over.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app import __version__
from app.core.baseline import BaselineComparison, compare_review, record_comparison
from app.core.errors import OperationCancelled, UserInputError
from app.core.findings import ReviewWarning
from app.core.projects import get_project
from app.core.review import ReviewOptions, ReviewOutcome, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import ThreatModel, load_threat_model, threat_model_to_dict
from app.core.triage import expire_acceptances
from app.llm.endpoints import engine_audit
from app.llm.engine import Engine, Progress
from app.store import projects as project_repo
from app.store.db import transaction
from app.store.projects import document_sha256
from app.store.reviews import ReviewRecord, get_review, insert_review


@dataclass(frozen=True)
class ModelChoice:
    """The engine for the model stage and what the audit record says about it."""

    engine: Engine
    model_id: str
    model_sha256: str | None


@dataclass
class ThreatModelRef:
    model: ThreatModel | None
    project_id: int | None = None
    version_id: int | None = None
    sha256: str | None = None


@dataclass
class SavedReview:
    review_id: int | None
    outcome: ReviewOutcome
    threat_model: ThreatModel | None
    # Lines up with outcome.findings: new/unchanged and the baseline finding each continues.
    baseline: BaselineComparison | None = None


def resolve_threat_model(
    db: sqlite_utils.Database, *, project: str | None, threat_model_file: Path | None
) -> ThreatModelRef:
    if project and threat_model_file:
        raise UserInputError("give either --project or --threat-model, not both")
    if threat_model_file:
        model = load_threat_model(threat_model_file)
        return ThreatModelRef(model, sha256=document_sha256(threat_model_to_dict(model)))
    if project:
        found = get_project(db, project)
        version = project_repo.threat_model_version(db, found.id)
        return ThreatModelRef(found.threat_model, found.id, version.id, version.sha256)
    return ThreatModelRef(None)


def _never() -> bool:
    return False


def _ignore(_: Progress) -> None:
    return None


def review_paths(
    db: sqlite_utils.Database,
    paths: Sequence[Path],
    threat_model: ThreatModelRef,
    *,
    options: ReviewOptions,
    model: ModelChoice | None = None,
    save: bool = True,
    baseline_review_id: int | None = None,
    progress: Callable[[Progress], None] = _ignore,
    should_cancel: Callable[[], bool] = _never,
) -> SavedReview:
    """Review files and folders; store the review unless `save` is False.

    `baseline_review_id` names the review to compare with; by default it is the previous
    review of the same files (see app.core.baseline).
    """
    collected = collect_sources(paths, max_bytes=options.max_file_bytes)
    return review_sources(
        db,
        collected.files,
        threat_model,
        target=", ".join(os.fspath(p) for p in paths),
        options=options,
        model=model,
        save=save,
        baseline_review_id=baseline_review_id,
        progress=progress,
        should_cancel=should_cancel,
        read_warnings=collected.warnings,
    )


def review_sources(
    db: sqlite_utils.Database,
    files: Sequence[SourceFile],
    threat_model: ThreatModelRef,
    *,
    target: str,
    options: ReviewOptions,
    model: ModelChoice | None = None,
    save: bool = True,
    session_id: int | None = None,
    baseline_review_id: int | None = None,
    progress: Callable[[Progress], None] = _ignore,
    should_cancel: Callable[[], bool] = _never,
    read_warnings: Sequence[ReviewWarning] = (),
    with_saved: Callable[[sqlite_utils.Database, int, ReviewOutcome], None] | None = None,
) -> SavedReview:
    """Review decoded files (from disk, or generated code) and store the review whole.

    `with_saved(db, review_id, outcome)` runs inside the transaction that stores the review, so what
    it writes (a session's link to the reviewed code version) is saved with it or not at all.
    """
    if baseline_review_id is not None:
        get_review(db, baseline_review_id)  # a wrong id fails before the long review runs
    started = _now()
    outcome = run_review(
        files,
        threat_model.model,
        options=options,
        engine=model.engine if model else None,
        model_id=model.model_id if model else "",
        progress=progress,
        should_cancel=should_cancel,
    )
    outcome.warnings[:0] = read_warnings
    if should_cancel():  # cancelled after the last stage: still, nothing is saved
        raise OperationCancelled("review cancelled")
    # Decisions that have expired must not be carried over: reopen them first.
    expire_acceptances(db)
    record = _record(target, threat_model, options, model, outcome, started, session_id)
    if not save:
        comparison = _compare(db, record, outcome, baseline_review_id)
        return SavedReview(None, outcome, threat_model.model, comparison)
    with transaction(db):
        comparison = _compare(db, record, outcome, baseline_review_id)
        record = replace(record, baseline_review_id=comparison.baseline_review_id)
        review_id = insert_review(db, record, outcome.findings, prompt_texts=outcome.prompt_texts)
        record_comparison(db, review_id, comparison)
        if with_saved is not None:
            with_saved(db, review_id, outcome)
    return SavedReview(review_id, outcome, threat_model.model, comparison)


def _compare(
    db: sqlite_utils.Database,
    record: ReviewRecord,
    outcome: ReviewOutcome,
    baseline_review_id: int | None,
) -> BaselineComparison:
    return compare_review(
        db,
        outcome.findings,
        files=outcome.files,
        target=record.target,
        project_id=record.project_id,
        session_id=record.session_id,
        baseline_review_id=baseline_review_id,
    )


def _record(
    target: str,
    threat_model: ThreatModelRef,
    options: ReviewOptions,
    model: ModelChoice | None,
    outcome: ReviewOutcome,
    started: str,
    session_id: int | None,
) -> ReviewRecord:
    timings: dict[str, object] = {"stages_s": outcome.stage_seconds}
    if outcome.model_stats is not None:
        timings["model"] = asdict(outcome.model_stats)
    return ReviewRecord(
        target=target,
        session_id=session_id,
        app_version=__version__,
        started_at=started,
        finished_at=_now(),
        project_id=threat_model.project_id,
        threat_model_version_id=threat_model.version_id,
        threat_model_sha256=threat_model.sha256,
        model_id=model.model_id if model and "model" in options.stages else None,
        model_sha256=model.model_sha256 if model and "model" in options.stages else None,
        prompt_hashes=outcome.prompt_hashes,
        # "files": what was read, so a later review of the same files finds its baseline.
        settings={
            "stages": sorted(options.stages),
            "model": asdict(options.model),
            "files": sorted(outcome.files),
            # Which analysers understood each file (app/core/coverage.py).
            "coverage": [entry.to_dict() for entry in outcome.coverage],
            # An inference server: its URL and the model it says it ran (no file hash here).
            **(engine_audit(model.engine) if model and "model" in options.stages else {}),
        },
        timings=timings,
        warnings=outcome.warnings,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
