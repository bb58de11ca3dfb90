"""The whole loop once with the real default model through the real engine host.

Generate "Build a file upload service" for a project made from the file-upload-service
template, review it with the real pipeline, fix it, and compare. Greedy decoding
(temperature 0) makes the run repeatable on one build; token limits are kept modest so it
runs in well under a minute on two cores. Assertions are about the loop, not about the
quality of a 0.5B model's code.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlite_utils

from app.core.fix import FixOutcome, fix_session
from app.core.generate import (
    CodeVersion,
    GenerateSettings,
    QuestionPlan,
    generate_code,
    plan_questions,
    review_version,
    start_session,
)
from app.core.model_review import ModelReviewSettings
from app.core.projects import create_project
from app.core.review import ReviewOptions
from app.core.review_service import ModelChoice
from app.llm.catalog import load_catalog
from app.llm.local import LocalEngine
from app.store import sessions as repo
from app.store.reviews import StoredFinding, get_review, review_findings
from tests.llm.conftest import default_model, model_engine  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.model

SEVEN = ["upload.file_types", "upload.max_size", "upload.malware_scan", "upload.storage",
         "upload.executable", "upload.readers", "upload.overwrite"]  # fmt: skip
SETTINGS = GenerateSettings(
    max_tokens=640,  # the whole upload handler, so the review sees where the file is stored
    temperature=0.0,
    review_options=ReviewOptions(
        model=ModelReviewSettings(max_questions=2, max_tokens=48, ask_open_question=False)
    ),
    suggested_questions=2,
    max_fix_findings=2,  # the two worst: two small fix requests at most
)


def test_generate_review_fix_and_compare_with_the_default_model(
    db: sqlite_utils.Database,
    model_engine: LocalEngine,  # noqa: F811
) -> None:
    entry = load_catalog().default
    model = ModelChoice(model_engine, entry.id, entry.sha256)
    create_project(db, "demo", template="file-upload-service")

    plan = plan_questions(db, "demo", "Build a file upload service", engine=model_engine,
                          suggestions=SETTINGS.suggested_questions)  # fmt: skip
    assert [q.id for q in plan.questions if q.topic == "file_upload"] == SEVEN
    started = start_session(db, plan, {}, model=model, settings=SETTINGS)
    open_ids = {a.question.id for a in started.answered if a.origin == "default"}
    assert "upload.readers" in open_ids and not open_ids & (set(SEVEN) - {"upload.readers"})

    streamed: list[str] = []
    code = generate_code(db, started.session_id, model, SETTINGS, on_fragment=streamed.append)
    assert len(streamed) > 20
    assert code.files and all(f.content.strip() for f in code.files)
    assert any(f.language == "python" for f in code.files)

    first = review_version(db, started.session_id, code.version, model=model,
                           options=SETTINGS.review_options)  # fmt: skip
    assert first.review_id is not None
    assert get_review(db, first.review_id).model_sha256 == entry.sha256
    before = review_findings(db, first.review_id)
    assert before, "the review found nothing to fix in the generated code"

    outcome = fix_session(db, started.session_id, model, SETTINGS, review_model=model)
    assert outcome.version == 2 and outcome.changed
    assert repo.versions(db, started.session_id) == [1, 2]
    assert {c.finding.id for c in outcome.comparison.changes if c.status != "new"} == {
        f.id for f in before
    }
    assert sum(c.targeted for c in outcome.comparison.changes) == len(outcome.chosen) <= 2
    session = repo.get_session(db, started.session_id)
    assert session.model_sha256 == entry.sha256
    assert {"generate.system.v1", "fix.window.v1", "security_questions.v1"} <= set(
        session.prompt_hashes
    )
    steps = [(s["step"], s["status"]) for s in session.steps]
    assert steps == [("questions", "ok"), ("generate", "ok"), ("review", "ok"), ("fix", "ok"),
                     ("review", "ok"), ("compare", "ok")]  # fmt: skip
    _report(plan, code, before, outcome, session.steps)


def _report(
    plan: QuestionPlan,
    code: CodeVersion,
    before: list[StoredFinding],
    outcome: FixOutcome,
    steps: list[dict[str, Any]],
) -> None:
    """What the run produced, shown with `pytest -s`."""
    for step in steps:
        tokens = (step.get("engine") or {}).get("completion_tokens", "")
        print(f"step {step['step']}: {step.get('seconds', 0):.1f}s {tokens}")
    print(f"\nquestions: {[q.id for q in plan.questions]}")
    print(f"v1 files: {[(f.path, f.content.count(chr(10))) for f in code.files]}")
    print(f"v1 findings: {[(f.id, f.finding.rule_id, f.finding.start_line) for f in before]}")
    print(f"v2 changed: {outcome.changed}; comparison: {outcome.comparison.summary()}")
    for change in outcome.comparison.changes:
        print(f"  {change.status}: #{change.finding.id} {change.finding.finding.rule_id}")
