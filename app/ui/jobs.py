"""The session view's long jobs: thin calls into the core, run on a worker thread.

Each job opens its own database connection (sqlite3 connections stay on their thread),
calls the core use case with the worker's progress, cancel and text callbacks, and returns
plain data (app.ui.workspace) for the widgets. No Qt here.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import sqlite_utils

from app.core.errors import AirlockError
from app.core.fix import FixOutcome, fix_session
from app.core.generate import (
    GenerateSettings,
    QuestionPlan,
    generate_code,
    plan_questions,
    review_version,
    start_session,
)
from app.core.question_answers import format_answer
from app.core.questions import Question, answer_in_threat_model
from app.core.review import DETERMINISTIC, ReviewOptions, run_review
from app.core.review_service import (
    ModelChoice,
    SavedReview,
    resolve_threat_model,
    review_sources,
)
from app.core.sessions import show_session
from app.core.sources import collect_sources, source_from_text
from app.llm.engine import Progress, RequestTiming
from app.store.db import open_database
from app.store.reviews import get_review, review_findings
from app.ui.engines import EngineSource
from app.ui.workspace import (
    CodeFile,
    CodeVersion,
    ReviewView,
    Workspace,
    files_from_rows,
    files_from_sources,
    review_view,
    workspace_from_session,
)

log = logging.getLogger(__name__)


class Context(Protocol):
    """What a job gets from its worker (app.ui.workers.JobContext)."""

    def should_cancel(self) -> bool: ...
    def check_cancel(self) -> None: ...
    def progress(self, progress: Progress) -> None: ...
    def emit(self, fragment: str) -> None: ...
    def on_cancel(self, hook: Callable[[], None]) -> None: ...


@contextlib.contextmanager
def database() -> Iterator[sqlite_utils.Database]:
    db = open_database()
    try:
        yield db
    finally:
        db.close()


@dataclass(frozen=True)
class JobResult:
    """A finished session job: the new workspace, notes worth showing, the engine's timing."""

    workspace: Workspace
    notes: tuple[str, ...] = ()
    timing: RequestTiming | None = None
    summary: str = ""
    announce: bool = False  # show the summary in the banner, not only in the status bar


def model_for(engines: EngineSource, role: str, ctx: Context) -> ModelChoice:
    choice = engines.choice(role, progress=ctx.progress, should_cancel=ctx.should_cancel)
    ctx.on_cancel(choice.engine.cancel)
    return choice


def review_model(engines: EngineSource, ctx: Context) -> tuple[ModelChoice | None, str]:
    """The review role's model, or None and why: the deterministic stages still run."""
    try:
        return model_for(engines, "review", ctx), ""
    except AirlockError as exc:
        if ctx.should_cancel():
            raise
        return None, f"model review skipped: {exc}"


# --- Questions, generation, fixing ---------------------------------------------------------


@dataclass(frozen=True)
class QuestionsToAsk:
    """A plan's questions split into the open ones and those the threat model answers."""

    plan: QuestionPlan
    open: tuple[Question, ...]
    answered: tuple[tuple[Question, str], ...]  # with the answer as people read it


def plan(
    engines: EngineSource, ctx: Context, project: str, request: str, *, suggestions: int
) -> QuestionsToAsk:
    """The open security questions; the model may suggest a few (skipped if it cannot)."""
    engine = None
    if suggestions > 0:
        with contextlib.suppress(AirlockError):
            engine = model_for(engines, "generate", ctx).engine
        ctx.progress(Progress("questions", 0, None, "asking the model for questions"))
    with database() as db:
        result = plan_questions(db, project, request, engine=engine, suggestions=suggestions)
    ctx.check_cancel()
    model = result.project.threat_model
    stored = [(q, answer_in_threat_model(q, model)) for q in result.questions]
    return QuestionsToAsk(
        result,
        tuple(q for q, answer in stored if answer is None),
        tuple((q, format_answer(q, a)) for q, a in stored if a is not None),
    )


def generate(
    engines: EngineSource,
    ctx: Context,
    question_plan: QuestionPlan,
    given: Mapping[str, object],
    *,
    skipped: Collection[str],
    settings: GenerateSettings,
) -> JobResult:
    """Open the session, stream the code into the editor, then review it."""
    kept = [q for q in question_plan.questions if q.id not in skipped]
    question_plan = replace(question_plan, questions=kept)
    generator = model_for(engines, "generate", ctx)
    with database() as db:
        started = start_session(db, question_plan, given, model=generator, settings=settings)
        ctx.progress(Progress("generate", 0, None, generator.model_id))
        code = generate_code(
            db,
            started.session_id,
            generator,
            settings,
            on_fragment=ctx.emit,
            should_cancel=ctx.should_cancel,
        )
        timing = generator.engine.info().last_timing
        version = CodeVersion(code.version, "generated", files_from_rows(code.files))
        workspace = Workspace(
            "session",
            question_plan.project.name,
            started.session_id,
            question_plan.request,
            versions=(version,),
        )
        notes = tuple(code.notes)
        if settings.review:
            workspace, note = _review_session(db, engines, ctx, workspace, version.number, settings)
            notes += (note,) if note else ()
    return JobResult(workspace, notes, timing, f"generated version {code.version}")


def _review_session(
    db: sqlite_utils.Database,
    engines: EngineSource,
    ctx: Context,
    workspace: Workspace,
    version: int,
    settings: GenerateSettings,
) -> tuple[Workspace, str]:
    assert workspace.session_id is not None
    model, note = (
        review_model(engines, ctx) if "model" in settings.review_options.stages else (None, "")
    )
    saved = review_version(
        db,
        workspace.session_id,
        version,
        model=model,
        options=settings.review_options,
        progress=ctx.progress,
        should_cancel=ctx.should_cancel,
    )
    return workspace.with_review(version, _stored(db, saved)), note


def _stored(db: sqlite_utils.Database, saved: SavedReview) -> ReviewView:
    if saved.review_id is None:
        return ReviewView(None, (), tuple(saved.outcome.warnings))
    return review_view(
        saved.review_id, review_findings(db, saved.review_id), get_review(db, saved.review_id)
    )


def review_session(
    engines: EngineSource,
    ctx: Context,
    *,
    workspace: Workspace,
    version: int,
    settings: GenerateSettings,
) -> JobResult:
    with database() as db:
        workspace, note = _review_session(db, engines, ctx, workspace, version, settings)
    return JobResult(
        workspace, (note,) if note else (), engines.last_timing(), f"reviewed version {version}"
    )


def fix(
    engines: EngineSource,
    ctx: Context,
    workspace: Workspace,
    finding_ids: Collection[int],
    *,
    settings: GenerateSettings,
) -> JobResult:
    """Ask the model to fix the chosen findings; the new version is reviewed and compared."""
    assert workspace.session_id is not None
    generator = model_for(engines, "generate", ctx)
    reviewer, note = review_model(engines, ctx)
    with database() as db:
        outcome = fix_session(
            db,
            workspace.session_id,
            generator,
            settings,
            review_model=reviewer,
            finding_ids=finding_ids or None,
            on_fragment=ctx.emit,
            should_cancel=ctx.should_cancel,
            progress=ctx.progress,
        )
        review = _stored(db, outcome.review)
    timing = generator.engine.info().last_timing
    version = CodeVersion(outcome.version, "fixed", files_from_rows(outcome.files), review)
    notes = (*outcome.notes, note) if note else tuple(outcome.notes)
    return JobResult(
        workspace.with_version(version), notes, timing, _fix_summary(outcome), announce=True
    )


def _fix_summary(outcome: FixOutcome) -> str:
    return f"version {outcome.version}: {outcome.comparison.summary()}"


# --- Reviewing files and pasted code -------------------------------------------------------


def review_files(
    engines: EngineSource,
    ctx: Context,
    paths: Sequence[Path],
    *,
    project: str | None,
    settings: GenerateSettings,
) -> JobResult:
    """Review files or folders from disk against the project's threat model."""
    options = settings.review_options
    model, note = review_model(engines, ctx) if "model" in options.stages else (None, "")
    collected = collect_sources(paths, max_bytes=options.max_file_bytes)
    target = ", ".join(str(p) for p in paths)
    with database() as db:
        ref = resolve_threat_model(db, project=project, threat_model_file=None)
        saved = review_sources(
            db,
            collected.files,
            ref,
            target=target,
            options=options,
            model=model,
            progress=ctx.progress,
            should_cancel=ctx.should_cancel,
            read_warnings=collected.warnings,
        )
        review = _stored(db, saved)
    version = CodeVersion(1, "files", files_from_sources(collected.files), review)
    workspace = Workspace("files", project, None, "", target, versions=(version,))
    return JobResult(
        workspace,
        (note,) if note else (),
        engines.last_timing(),
        f"reviewed {len(collected.files)} file(s)",
    )


def review_text(
    engines: EngineSource,
    ctx: Context,
    file: CodeFile,
    *,
    project: str | None,
    settings: GenerateSettings,
) -> JobResult:
    """Review code typed or pasted into the editor."""
    options = settings.review_options
    model, note = review_model(engines, ctx) if "model" in options.stages else (None, "")
    source = source_from_text(file.path, file.text)
    with database() as db:
        ref = resolve_threat_model(db, project=project, threat_model_file=None)
        saved = review_sources(
            db,
            [source],
            ref,
            target=f"pasted {file.path}",
            options=options,
            model=model,
            progress=ctx.progress,
            should_cancel=ctx.should_cancel,
        )
        review = _stored(db, saved)
    code = CodeFile(source.path, source.language, source.text)
    version = CodeVersion(1, "pasted", (code,), review)
    workspace = Workspace("scratch", project, None, "", code.path, versions=(version,))
    return JobResult(workspace, (note,) if note else (), engines.last_timing(), "reviewed")


# --- Warming up --------------------------------------------------------------------------


def warm_review(_: Context | None = None) -> None:
    """Run the deterministic stages once on a tiny file, in the background at start-up: their
    first run imports scanner plugins and compiles their rules (about a second)."""
    sample = source_from_text("warm_up.py", "import os\n\nprint(os.getcwd())\n")
    run_review([sample], None, options=ReviewOptions(stages=DETERMINISTIC))


# --- Opening what history lists ------------------------------------------------------------


def open_session(session_id: int) -> JobResult:
    with database() as db:
        view = show_session(db, session_id)
    return JobResult(
        workspace_from_session(view),
        (),
        _last_timing(view.context.session.steps),
        f"opened session {session_id}",
    )


def _last_timing(steps: Sequence[Mapping[str, object]]) -> RequestTiming | None:
    """The engine timing of the session's last generate or fix step, if it recorded one."""
    for step in reversed(steps):
        engine = step.get("engine")
        if isinstance(engine, dict):
            try:
                return RequestTiming.from_dict(engine)
            except (KeyError, TypeError, ValueError):
                return None
    return None


def open_review(review_id: int) -> JobResult:
    """A stored review; a session's review opens its session, a path review re-reads disk."""
    with database() as db:
        record = get_review(db, review_id)
        session_id = record.session_id
        if session_id is None:
            review = review_view(review_id, review_findings(db, review_id), record)
    if session_id is not None:
        return open_session(session_id)
    files = _files_on_disk(record.target)
    version = CodeVersion(1, "files", files, review)
    workspace = Workspace("files", None, None, "", record.target, versions=(version,))
    return JobResult(workspace, (), None, f"opened review {review_id}")


def _files_on_disk(target: str) -> tuple[CodeFile, ...]:
    paths = [Path(part.strip()) for part in target.split(", ") if part.strip()]
    existing = [p for p in paths if p.exists()]
    return files_from_sources(collect_sources(existing).files) if existing else ()
