"""Review use case: resolve the threat model, read the files, run the pipeline, save it all.

Saving is one transaction: a review is stored whole, with every finding and its audit
record, or not at all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from app import __version__
from app.core.errors import UserInputError
from app.core.findings import ReviewWarning
from app.core.projects import get_project
from app.core.review import ReviewOptions, ReviewOutcome, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import ThreatModel, load_threat_model, threat_model_to_dict
from app.llm.engine import Engine, Progress
from app.store import projects as project_repo
from app.store.db import transaction
from app.store.projects import document_sha256
from app.store.reviews import ReviewRecord, insert_review


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
    progress: Callable[[Progress], None] = _ignore,
    should_cancel: Callable[[], bool] = _never,
) -> SavedReview:
    """Review files and folders; store the review unless `save` is False."""
    collected = collect_sources(paths, max_bytes=options.max_file_bytes)
    return review_sources(
        db,
        collected.files,
        threat_model,
        target=", ".join(os.fspath(p) for p in paths),
        options=options,
        model=model,
        save=save,
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
    progress: Callable[[Progress], None] = _ignore,
    should_cancel: Callable[[], bool] = _never,
    read_warnings: Sequence[ReviewWarning] = (),
) -> SavedReview:
    """Review decoded files (from disk, or generated code) and store the review whole."""
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
    review_id = None
    if save:
        record = _record(target, threat_model, options, model, outcome, started, session_id)
        with transaction(db):
            review_id = insert_review(
                db, record, outcome.findings, prompt_texts=outcome.prompt_texts
            )
    return SavedReview(review_id, outcome, threat_model.model)


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
        settings={"stages": sorted(options.stages), "model": asdict(options.model)},
        timings=timings,
        warnings=outcome.warnings,
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
