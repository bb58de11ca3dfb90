"""Generation with the threat model: open questions, a session, code, and its review.

The steps, each a function the CLI and the GUI call in turn:

1. `plan_questions`: the security questions the request leaves open (curated bank, plus a few
   the model may suggest), each marked answered when the threat model already answers it.
2. `start_session`: resolve the answers (the user's, the threat model's, or safe defaults),
   save new answers as a new threat-model version and open the session: one transaction.
3. `generate_code`: stream the model's reply, extract the files, store them as version 1.
4. `review_version`: run the review pipeline on a version and link the review to its files.

Fixing a version is in app.core.fix. A step that fails or is cancelled is recorded in the
session (app.core.session_steps), which keeps everything done before it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

import sqlite_utils

from app.core.errors import AirlockError, InputTooLarge, UserInputError
from app.core.extract import Extraction, extract_code
from app.core.generate_prompts import Prompt, generation_prompt
from app.core.projects import Project, get_project
from app.core.question_answers import (
    AnsweredQuestion,
    answered_to_dict,
    answers_to_save,
    apply_answers,
    resolve_answers,
)
from app.core.questions import (
    DetectedTopic,
    Question,
    QuestionBank,
    detect_topics,
    load_question_bank,
    select_questions,
)
from app.core.review import ReviewOptions, ReviewOutcome
from app.core.review_service import ModelChoice, SavedReview, review_sources
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
from app.core.sessions import latest_version, load_context
from app.core.sources import source_from_text
from app.core.suggested_questions import MAX_SUGGESTIONS, prompt_template, suggest_questions
from app.core.threat_model import ThreatModel, threat_model_from_dict, threat_model_to_dict
from app.llm.endpoints import engine_audit
from app.llm.engine import Engine, Progress
from app.store import projects as project_repo
from app.store import sessions as repo
from app.store.db import transaction

MAX_REQUEST_CHARS = 4000
FixScope = Literal["window", "file"]


@dataclass(frozen=True)
class GenerateSettings:
    """How code is generated and reviewed; stored with the session."""

    max_tokens: int = 1024  # enough for one or two small files from a 0.5B model
    temperature: float = 0.2
    review: bool = True
    review_options: ReviewOptions = field(default_factory=ReviewOptions)
    suggested_questions: int = MAX_SUGGESTIONS
    max_fix_findings: int = 8  # more than this crowds the small model's context
    fix_scope: FixScope = "window"  # "window": the lines around each finding; "file": whole files

    def to_dict(self) -> dict[str, object]:
        return {
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "review": self.review,
            "review_stages": sorted(self.review_options.stages),
            "review_model": asdict(self.review_options.model),
            "suggested_questions": self.suggested_questions,
            "max_fix_findings": self.max_fix_findings,
            "fix_scope": self.fix_scope,
        }


@dataclass(frozen=True)
class QuestionPlan:
    """The questions for one request, before anything is stored."""

    project: Project
    threat_model_version_id: int
    request: str
    topics: list[DetectedTopic]
    questions: list[Question]
    bank: QuestionBank
    prompt_texts: dict[str, str]
    seconds: float

    def resolve(self, given: Mapping[str, object]) -> list[AnsweredQuestion]:
        """Every question answered; `given` may also answer bank questions not selected."""
        questions = [*self.questions, *self._extra_bank_questions(given)]
        return resolve_answers(questions, self.project.threat_model, given)

    def _extra_bank_questions(self, given: Mapping[str, object]) -> list[Question]:
        selected = {q.id for q in self.questions}
        extra = []
        for question_id in given:
            if question_id in selected:
                continue
            question = self.bank.question(question_id)
            if question is None:
                known = ", ".join(sorted(selected)) or "none"
                raise UserInputError(
                    f"unknown question id {question_id!r} in the answers (asked: {known})"
                )
            extra.append(question)
        return extra


@dataclass(frozen=True)
class StartedSession:
    session_id: int
    answered: list[AnsweredQuestion]
    saved: list[AnsweredQuestion]
    threat_model_version: int


@dataclass(frozen=True)
class CodeVersion:
    version: int
    files: list[repo.ArtifactRow]
    notes: list[str]


# --- 1. Questions -------------------------------------------------------------------------


def plan_questions(
    db: sqlite_utils.Database,
    project_name: str,
    request: str,
    *,
    engine: Engine | None = None,
    suggestions: int = MAX_SUGGESTIONS,
) -> QuestionPlan:
    """The open security questions for `request` in the project (no writes)."""
    started = time.monotonic()
    _check_request(request)
    project = get_project(db, project_name)
    bank = load_question_bank()
    questions = select_questions(request, project.threat_model, bank)
    texts = {bank.key: bank.text}
    if engine is not None and suggestions > 0:
        questions += suggest_questions(engine, request, questions, limit=suggestions)
        texts[prompt_template().key] = prompt_template().text
    return QuestionPlan(
        project=project,
        threat_model_version_id=project_repo.threat_model_version(db, project.id).id,
        request=request.strip(),
        topics=detect_topics(request, project.threat_model, bank),
        questions=questions,
        bank=bank,
        prompt_texts=texts,
        seconds=round(time.monotonic() - started, 3),
    )


def _check_request(request: str) -> None:
    if not request.strip():
        raise UserInputError("the request is empty: say what code to write")
    if len(request) > MAX_REQUEST_CHARS:
        raise InputTooLarge(
            f"the request has {len(request)} characters; at most {MAX_REQUEST_CHARS} fit the "
            "model's context next to the threat model"
        )


# --- 2. The session -----------------------------------------------------------------------


def start_session(
    db: sqlite_utils.Database,
    plan: QuestionPlan,
    given: Mapping[str, object],
    *,
    model: ModelChoice | None,
    settings: GenerateSettings,
) -> StartedSession:
    """Answer the questions, save new answers into the threat model, open the session."""
    answered = plan.resolve(given)
    saved = answers_to_save(answered, plan.project.threat_model)
    updated = _with_answers(plan, saved)
    with transaction(db):
        version_id, version = _threat_model_version(db, plan, updated, saved)
        session_id = repo.insert_session(
            db, _new_session(plan, answered, version_id, model, settings)
        )
        repo.add_prompts(db, session_id, plan.prompt_texts)
        step = {"step": "questions", "seconds": plan.seconds, "topics": _topics(plan)}
        step.update(questions=len(answered), saved_answers=[a.question.id for a in saved])
        record_step(db, session_id, step, status="open")
    return StartedSession(session_id, answered, saved, version)


def _with_answers(plan: QuestionPlan, saved: Sequence[AnsweredQuestion]) -> ThreatModel | None:
    """The threat model with the new answers, validated; None when nothing changes."""
    if not saved:
        return None
    source = f"project {plan.project.name}"
    document = threat_model_to_dict(plan.project.threat_model)
    return threat_model_from_dict(apply_answers(document, saved, source=source), source=source)


def _threat_model_version(
    db: sqlite_utils.Database,
    plan: QuestionPlan,
    updated: ThreatModel | None,
    saved: Sequence[AnsweredQuestion],
) -> tuple[int, int]:
    if updated is None:
        return plan.threat_model_version_id, plan.project.version
    comment = "answers to security questions: " + ", ".join(a.question.id for a in saved)
    row = project_repo.add_threat_model_version(
        db, plan.project.id, threat_model_to_dict(updated), comment=comment
    )
    return row.id, row.version


def _new_session(
    plan: QuestionPlan,
    answered: Sequence[AnsweredQuestion],
    version_id: int,
    model: ModelChoice | None,
    settings: GenerateSettings,
) -> repo.NewSession:
    return repo.NewSession(
        project_id=plan.project.id,
        threat_model_version_id=version_id,
        request=plan.request,
        questions=[answered_to_dict(item) for item in answered],
        model_id=model.model_id if model else None,
        model_sha256=model.model_sha256 if model else None,
        settings={**settings.to_dict(), **(engine_audit(model.engine) if model else {})},
    )


def _topics(plan: QuestionPlan) -> list[dict[str, str]]:
    return [{"id": t.id, "reason": t.reason} for t in plan.topics]


# --- 3. Code ------------------------------------------------------------------------------


def generate_code(
    db: sqlite_utils.Database,
    session_id: int,
    model: ModelChoice,
    settings: GenerateSettings,
    *,
    on_fragment: Callable[[str], None] = discard,
    should_cancel: Callable[[], bool] = never,
) -> CodeVersion:
    """Generate the session's code with the model and store it as the next version."""
    context = load_context(db, session_id)
    prompt = generation_prompt(context.session.request, context.threat_model, context.requirements)
    version = (latest_version(db, session_id) or 0) + 1
    step = new_step("generate", version=version, model_id=model.model_id)
    with failure_recorded(db, session_id, step):
        reply = stream_reply(
            model.engine, prompt.messages, max_tokens=settings.max_tokens,
            temperature=settings.temperature, on_fragment=on_fragment,
            should_cancel=should_cancel,
        )  # fmt: skip
        step["engine"] = engine_timing(model.engine)
        step.update(engine_audit(model.engine))  # an inference server: its URL and model
        extraction = extract_or_fail(reply, step)
        rows = _store_generated(db, session_id, version, extraction, prompt, step)
    return CodeVersion(version, rows, extraction.notes)


def extract_or_fail(reply: str, step: dict[str, object]) -> Extraction:
    extraction = extract_code(reply)
    step.update(reply_chars=len(reply), notes=extraction.notes)
    if not extraction.files:
        raise AirlockError("the model's reply contained no code; nothing was stored")
    return extraction


def _store_generated(
    db: sqlite_utils.Database,
    session_id: int,
    version: int,
    extraction: Extraction,
    prompt: Prompt,
    step: dict[str, object],
) -> list[repo.ArtifactRow]:
    files = [repo.NewArtifact(f.path, f.language, f.content) for f in extraction.files]
    step["files"] = [f.path for f in files]
    with transaction(db):
        rows = repo.add_artifacts(db, session_id, version=version, origin="generated", files=files)
        repo.add_prompts(db, session_id, prompt.templates)
        record_step(db, session_id, step, status="generated")
    return rows


# --- 4. Review ----------------------------------------------------------------------------


def review_version(
    db: sqlite_utils.Database,
    session_id: int,
    version: int,
    *,
    model: ModelChoice | None,
    options: ReviewOptions,
    progress: Callable[[Progress], None] = ignore_progress,
    should_cancel: Callable[[], bool] = never,
) -> SavedReview:
    """Review one code version of the session with the review pipeline, and store it."""
    context = load_context(db, session_id)
    rows = repo.artifacts(db, session_id, version=version)
    files = [source_from_text(r.path, r.content, language=r.language) for r in rows]
    step = new_step("review", version=version)

    def link_and_record(db: sqlite_utils.Database, review_id: int, outcome: ReviewOutcome) -> None:
        # In the review's own transaction: a review of a version is never stored unlinked.
        repo.link_review(db, review_id, [row.id for row in rows])
        step.update(review_id=review_id, findings=len(outcome.findings))
        record_step(db, session_id, step, status="reviewed")

    with failure_recorded(db, session_id, step):
        saved = review_sources(
            db, files, context.ref, target=f"session {session_id} v{version}", options=options,
            model=model, session_id=session_id, progress=progress, should_cancel=should_cancel,
            with_saved=link_and_record,
        )  # fmt: skip
    return saved
