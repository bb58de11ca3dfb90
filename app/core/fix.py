"""The fix loop: the code and the chosen findings to the model, a new version, a new review.

Two scopes. "window" (the default, for small models): the lines around each finding go to
the model one window at a time and the corrected lines are spliced back (app.core.
fix_windows). "file": the whole code and all chosen findings in one request, whole files back.

Every version is kept. Files the model did not change are carried into the new version
unchanged, so each version is complete and any two can be diffed. The new version is
reviewed with the same pipeline, and each earlier finding is reported as fixed or still
present, and each finding the fix introduced as new (app.core.compare).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

import sqlite_utils

from app.core.compare import Comparison, FindingChange, compare_findings
from app.core.errors import AirlockError, UserInputError
from app.core.extract import ExtractedFile
from app.core.fix_windows import plan_windows, rewrite_windows
from app.core.generate import GenerateSettings, extract_or_fail, review_version
from app.core.generate_prompts import CodeFile, application_context, fix_prompt
from app.core.review_service import ModelChoice, SavedReview
from app.core.session_steps import (
    discard,
    engine_timing,
    failure_recorded,
    ignore_progress,
    never,
    new_step,
    record_step,
    stream_reply,
)
from app.core.sessions import SessionContext, latest_review_id, latest_version, load_context
from app.llm.endpoints import engine_audit
from app.llm.engine import Progress
from app.store import sessions as repo
from app.store.db import transaction
from app.store.reviews import StoredFinding, review_findings


@dataclass(frozen=True)
class FixOutcome:
    version: int
    files: list[repo.ArtifactRow]
    changed: list[str]
    notes: list[str]
    chosen: list[StoredFinding]
    before_review_id: int
    review: SavedReview
    comparison: Comparison


@dataclass(frozen=True)
class FixPlan:
    """The version to fix, its review and the findings chosen for the fix."""

    session_id: int
    version: int
    rows: list[repo.ArtifactRow]
    review_id: int
    findings: list[StoredFinding]
    chosen: list[StoredFinding]


def fix_session(
    db: sqlite_utils.Database,
    session_id: int,
    model: ModelChoice,
    settings: GenerateSettings,
    *,
    review_model: ModelChoice | None,
    finding_ids: Collection[int] | None = None,
    on_fragment: Callable[[str], None] = discard,
    should_cancel: Callable[[], bool] = never,
    progress: Callable[[Progress], None] = ignore_progress,
) -> FixOutcome:
    """Fix the latest version's chosen findings (default: the worst few), review, compare."""
    plan = plan_fix(
        db, session_id, settings, finding_ids=finding_ids, review_model=review_model,
        progress=progress, should_cancel=should_cancel,
    )  # fmt: skip
    return run_fix(
        db, plan, model, settings, review_model=review_model, on_fragment=on_fragment,
        should_cancel=should_cancel, progress=progress,
    )  # fmt: skip


def plan_fix(
    db: sqlite_utils.Database,
    session_id: int,
    settings: GenerateSettings,
    *,
    finding_ids: Collection[int] | None,
    review_model: ModelChoice | None,
    progress: Callable[[Progress], None] = ignore_progress,
    should_cancel: Callable[[], bool] = never,
) -> FixPlan:
    """Which version and findings a fix would address (reviews the version if it has none)."""
    version = latest_version(db, load_context(db, session_id).session.id)
    if version is None:
        raise UserInputError(f"session {session_id} has no code yet: nothing to fix")
    review_id = latest_review_id(db, session_id, version)
    if review_id is None:  # generated with --no-review: review it now, findings are needed
        review_id = review_version(
            db, session_id, version, model=review_model, options=settings.review_options,
            progress=progress, should_cancel=should_cancel,
        ).review_id  # fmt: skip
        assert review_id is not None  # review_version always saves
    findings = review_findings(db, review_id)
    chosen = choose_findings(findings, finding_ids, limit=settings.max_fix_findings)
    rows = repo.artifacts(db, session_id, version=version)
    return FixPlan(session_id, version, rows, review_id, findings, chosen)


def run_fix(
    db: sqlite_utils.Database,
    plan: FixPlan,
    model: ModelChoice,
    settings: GenerateSettings,
    *,
    review_model: ModelChoice | None,
    on_fragment: Callable[[str], None] = discard,
    should_cancel: Callable[[], bool] = never,
    progress: Callable[[Progress], None] = ignore_progress,
) -> FixOutcome:
    """Ask the model for the fixed code, store it as the next version, review and compare."""
    context = load_context(db, plan.session_id)
    callbacks = _Callbacks(on_fragment, should_cancel, progress)
    version, rows, changed, notes = _fixed_version(db, context, plan, model, settings, callbacks)
    review = review_version(
        db, plan.session_id, version, model=review_model, options=settings.review_options,
        progress=progress, should_cancel=should_cancel,
    )  # fmt: skip
    comparison = _compare(db, plan.session_id, plan, review, version)
    return FixOutcome(
        version, rows, changed, notes, plan.chosen, plan.review_id, review, comparison
    )


def choose_findings(
    findings: Sequence[StoredFinding], ids: Collection[int] | None, *, limit: int
) -> list[StoredFinding]:
    """The findings named by id, or else the worst `limit` findings: not notes (info) nor
    questions for the reviewer, which claim no weakness (a person may still name them)."""
    if ids:
        by_id = {f.id: f for f in findings}
        unknown = sorted(set(ids) - set(by_id))
        if unknown:
            known = ", ".join(str(f.id) for f in findings) or "none"
            raise UserInputError(
                f"finding {', '.join(map(str, unknown))} is not in the latest review of this "
                f"session (its findings: {known})"
            )
        return [by_id[i] for i in sorted(set(ids))]
    worth_fixing = [f for f in findings if f.finding.is_finding]
    if not worth_fixing:
        raise UserInputError(
            "nothing to fix: the latest review found no findings (notes and questions for the"
            " reviewer are fixed only when named)"
        )
    ranked = sorted(worth_fixing, key=lambda f: (-f.finding.severity.rank, f.id))
    return ranked[:limit]


@dataclass(frozen=True)
class _Callbacks:
    on_fragment: Callable[[str], None]
    should_cancel: Callable[[], bool]
    progress: Callable[[Progress], None]


@dataclass
class _Rewrite:
    files: list[repo.NewArtifact]
    changed: list[str]
    notes: list[str]
    templates: dict[str, str]


def _fixed_version(
    db: sqlite_utils.Database,
    context: SessionContext,
    plan: FixPlan,
    model: ModelChoice,
    settings: GenerateSettings,
    callbacks: _Callbacks,
) -> tuple[int, list[repo.ArtifactRow], list[str], list[str]]:
    session_id = context.session.id
    version = plan.version + 1
    step = new_step("fix", version=version, from_version=plan.version, scope=settings.fix_scope)
    step.update(findings=[f.id for f in plan.chosen], model_id=model.model_id)
    with failure_recorded(db, session_id, step):
        rewrite = _rewrite(context, plan, model, settings, callbacks, step)
        step.update(engine_audit(model.engine))  # an inference server: its URL and model
        step.update(changed=rewrite.changed, notes=rewrite.notes)
        if not rewrite.changed:
            raise AirlockError("the model's fix changed nothing: " + "; ".join(rewrite.notes))
        with transaction(db):
            rows = repo.add_artifacts(
                db, session_id, version=version, origin="fixed", files=rewrite.files
            )
            repo.add_prompts(db, session_id, rewrite.templates)
            record_step(db, session_id, step, status="fixed")
    return version, rows, rewrite.changed, rewrite.notes


def _code_files(plan: FixPlan) -> list[CodeFile]:
    return [CodeFile(r.path, r.language or "text", r.content) for r in plan.rows]


def _rewrite(
    context: SessionContext,
    plan: FixPlan,
    model: ModelChoice,
    settings: GenerateSettings,
    callbacks: _Callbacks,
    step: dict[str, object],
) -> _Rewrite:
    if settings.fix_scope == "file":
        return _rewrite_files(context, plan, model, settings, callbacks, step)
    return _rewrite_windows(context, plan, model, settings, callbacks, step)


def _rewrite_files(
    context: SessionContext,
    plan: FixPlan,
    model: ModelChoice,
    settings: GenerateSettings,
    callbacks: _Callbacks,
    step: dict[str, object],
) -> _Rewrite:
    """Everything in one request; whole files back."""
    findings = [f.finding for f in plan.chosen]
    prompt = fix_prompt(_code_files(plan), findings, context.threat_model, context.requirements)
    reply = stream_reply(
        model.engine, prompt.messages, max_tokens=settings.max_tokens,
        temperature=settings.temperature, on_fragment=callbacks.on_fragment,
        should_cancel=callbacks.should_cancel,
    )  # fmt: skip
    step["engine"] = engine_timing(model.engine)
    extraction = extract_or_fail(reply, step)
    files = merge_fixed_files(plan.rows, extraction.files)
    return _Rewrite(files, _changed(plan.rows, files), extraction.notes, prompt.templates)


def _rewrite_windows(
    context: SessionContext,
    plan: FixPlan,
    model: ModelChoice,
    settings: GenerateSettings,
    callbacks: _Callbacks,
    step: dict[str, object],
) -> _Rewrite:
    """One request per window around the findings; the corrected lines spliced back."""
    code = _code_files(plan)
    windows, notes = plan_windows(code, plan.chosen)
    rewrite = rewrite_windows(
        model.engine, code, windows, context=application_context(context.threat_model),
        requirements=context.requirements, max_tokens=settings.max_tokens,
        temperature=settings.temperature, on_fragment=callbacks.on_fragment,
        should_cancel=callbacks.should_cancel, progress=callbacks.progress,
    )  # fmt: skip
    step["windows"] = rewrite.details
    files = [
        repo.NewArtifact(r.path, r.language, rewrite.contents[r.path], parent_id=r.id)
        for r in plan.rows
    ]
    return _Rewrite(files, _changed(plan.rows, files), notes + rewrite.notes, rewrite.templates)


def _changed(base: Sequence[repo.ArtifactRow], files: Sequence[repo.NewArtifact]) -> list[str]:
    return [a.path for a in files if a.content != _content_of(base, a.path)]


def merge_fixed_files(
    base: Sequence[repo.ArtifactRow], fixed: Sequence[ExtractedFile]
) -> list[repo.NewArtifact]:
    """The next version: base files replaced by the model's, the rest carried over unchanged.

    A file the model did not name replaces the base file it must mean: the only one, or the
    only one in its language.
    """
    replacements = {_target_path(f, base): f for f in fixed}
    merged = []
    for row in base:
        new = replacements.pop(row.path, None)
        content = new.content if new else row.content
        merged.append(repo.NewArtifact(row.path, row.language, content, parent_id=row.id))
    merged += [repo.NewArtifact(p, f.language, f.content) for p, f in replacements.items()]
    return merged


def _target_path(file: ExtractedFile, base: Sequence[repo.ArtifactRow]) -> str:
    if file.named or file.path in {row.path for row in base}:
        return file.path
    if len(base) == 1:
        return base[0].path
    same_language = [row.path for row in base if row.language == file.language]
    return same_language[0] if len(same_language) == 1 else file.path


def _content_of(base: Sequence[repo.ArtifactRow], path: str) -> str | None:
    return next((row.content for row in base if row.path == path), None)


def _compare(
    db: sqlite_utils.Database, session_id: int, base: FixPlan, review: SavedReview, version: int
) -> Comparison:
    assert review.review_id is not None
    after = review_findings(db, review.review_id)
    comparison = compare_findings(base.findings, after, targeted={f.id for f in base.chosen})
    step = {"step": "compare", "from_version": base.version, "to_version": version}
    step.update(before_review_id=base.review_id, after_review_id=review.review_id)
    step["changes"] = [_change_record(change) for change in comparison.changes]
    with transaction(db):
        record_step(db, session_id, step, status="fixed")
    return comparison


def _change_record(change: FindingChange) -> dict[str, object]:
    finding = change.finding.finding
    return {
        "status": change.status,
        "finding_id": change.finding.id,
        "counterpart_id": change.counterpart.id if change.counterpart else None,
        "matched_by": change.matched_by,
        "targeted": change.targeted,
        "rule_id": finding.rule_id,
        "file": finding.file,
        "line": finding.start_line,
        "title": finding.title,
    }
