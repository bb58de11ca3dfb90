"""Questions, session, generation and review with a scripted engine and a real database."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.errors import (
    AirlockError,
    EngineCrashed,
    OperationCancelled,
    ThreatModelError,
    UserInputError,
)
from app.core.generate import (
    GenerateSettings,
    generate_code,
    plan_questions,
    review_version,
    start_session,
)
from app.core.projects import Project, get_project, threat_model_history
from app.core.review_service import ModelChoice
from app.core.sessions import load_context
from app.llm.fake import FakeEngine
from app.store import sessions as repo
from app.store.reviews import get_review, review_findings
from tests.generate.conftest import NO_MODEL_REVIEW
from tests.generate.replies_for_tests import UPLOAD_V1

REQUEST = "Build a file upload service"
SEVEN = ["upload.file_types", "upload.max_size", "upload.malware_scan", "upload.storage",
         "upload.executable", "upload.readers", "upload.overwrite"]  # fmt: skip
SETTINGS = GenerateSettings(max_tokens=256, review_options=NO_MODEL_REVIEW)


def _start(
    db: sqlite_utils.Database, model: ModelChoice, project: str = "demo", **given: object
) -> int:
    plan = plan_questions(db, project, REQUEST)
    return start_session(db, plan, given, model=model, settings=SETTINGS).session_id


def _session_count(db: sqlite_utils.Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0])


# --- questions ------------------------------------------------------------------------------


def test_the_upload_request_lists_the_seven_questions_with_the_threat_models_answers(
    db: sqlite_utils.Database, upload_project: Project
) -> None:
    plan = plan_questions(db, "demo", REQUEST)
    asked = [q.id for q in plan.questions]
    assert [q for q in asked if q.startswith("upload.")] == SEVEN
    answered = {a.question.id: a for a in plan.resolve({})}
    assert answered["upload.max_size"].origin == "threat_model"
    assert answered["upload.max_size"].text == "10 MiB (10485760 bytes)"
    assert answered["upload.readers"].origin == "default"


def test_the_model_may_add_a_few_questions_marked_as_its_own(
    db: sqlite_utils.Database, upload_project: Project, engine: FakeEngine
) -> None:
    engine.enqueue("Q: Are EXIF metadata stripped from images? | WHY: GPS | DEFAULT: yes, all")
    plan = plan_questions(db, "demo", REQUEST, engine=engine)
    (suggested,) = [q for q in plan.questions if q.source == "model"]
    assert suggested.text == "Are EXIF metadata stripped from images?"
    assert "generate.questions.v1" in plan.prompt_texts


def test_without_an_engine_only_the_bank_is_asked(
    db: sqlite_utils.Database, upload_project: Project
) -> None:
    plan = plan_questions(db, "demo", REQUEST)
    assert {q.source for q in plan.questions} == {"bank"}
    assert list(plan.prompt_texts) == ["security_questions.v1"]


def test_an_empty_request_is_refused(db: sqlite_utils.Database, upload_project: Project) -> None:
    with pytest.raises(UserInputError, match="empty"):
        plan_questions(db, "demo", "   ")


# --- the session ----------------------------------------------------------------------------


def test_defaults_are_saved_as_a_new_threat_model_version_with_the_session(
    db: sqlite_utils.Database, empty_project: Project, model: ModelChoice
) -> None:
    started = start_session(
        db, plan_questions(db, "bare", REQUEST), {}, model=model, settings=SETTINGS
    )
    project = get_project(db, "bare")
    assert started.threat_model_version == project.version == 2
    upload = project.threat_model.policies.file_upload if project.threat_model.policies else None
    assert upload is not None and upload.max_bytes == 10485760 and upload.overwrite is False
    assert project.threat_model.assumptions == (
        "Q: Who may read (download) an uploaded file? A: the user who uploaded it, and operators",
    )
    assert (
        "answers to security questions: upload.file_types"
        in threat_model_history(db, "bare")[-1].comment
    )


def test_the_session_records_request_answers_model_settings_and_prompt_hashes(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice
) -> None:
    session_id = _start(db, model, **{"upload.readers": "only the owner"})
    session = repo.get_session(db, session_id)
    answers = {q["id"]: q for q in session.questions}
    assert session.request == REQUEST
    assert answers["upload.readers"]["answer"] == "only the owner"
    assert answers["upload.readers"]["answered_by"] == "user"
    assert answers["upload.file_types"]["answered_by"] == "threat_model"
    assert (session.model_id, session.model_sha256) == ("fake-coder", "ab" * 32)
    assert session.settings["max_tokens"] == 256
    assert set(session.prompt_hashes) == {"security_questions.v1"}
    assert session.steps[0]["step"] == "questions"
    assert load_context(db, session_id).threat_model_version == get_project(db, "demo").version


def test_an_unknown_question_id_in_the_answers_stores_nothing(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice
) -> None:
    with pytest.raises(UserInputError, match=r"unknown question id 'upload\.colour'"):
        _start(db, model, **{"upload.colour": "blue"})
    assert _session_count(db) == 0
    assert get_project(db, "demo").version == 1


def test_an_answer_the_threat_model_cannot_hold_stores_nothing(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice
) -> None:
    with pytest.raises(ThreatModelError, match="public_paths"):
        _start(db, model, **{"auth.public_paths": "health"})
    assert _session_count(db) == 0
    assert get_project(db, "demo").version == 1


def test_a_bank_question_outside_the_detected_topics_may_still_be_answered(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice
) -> None:
    session_id = _start(db, model, **{"cors.credentials": "no"})
    assert "cors.credentials" in {q["id"] for q in repo.get_session(db, session_id).questions}
    cors = get_project(db, "demo").threat_model.policies
    assert cors is not None and cors.cors is not None and cors.cors.allow_credentials is False


# --- generation -----------------------------------------------------------------------------


def test_generation_streams_stores_version_1_and_records_the_prompts(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model)
    engine.enqueue(UPLOAD_V1)
    streamed: list[str] = []
    code = generate_code(db, session_id, model, SETTINGS, on_fragment=streamed.append)
    assert "".join(streamed) == UPLOAD_V1
    assert code.version == 1
    (file,) = code.files
    assert (file.path, file.language, file.origin) == ("app.py", "python", "generated")
    assert file.content.startswith("import os")
    session = repo.get_session(db, session_id)
    assert {"generate.system.v1", "generate.request.v2"} <= set(session.prompt_hashes)
    stored = db.execute("SELECT text FROM prompts WHERE name = 'generate.system'").fetchone()[0]
    assert "$context" in stored and "$requirements" in stored
    (step,) = [s for s in session.steps if s["step"] == "generate"]
    assert step["status"] == "ok" and step["files"] == ["app.py"] and step["engine"] is not None
    assert session.status == "generated"


def test_the_prompt_carries_the_threat_model_and_the_answers_as_requirements(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model, **{"upload.readers": "only the owner"})
    engine.enqueue(UPLOAD_V1)
    generate_code(db, session_id, model, SETTINGS)
    system, user = engine.requests[-1].messages
    assert (system.role, user.role) == ("system", "user")
    assert "Threat model: File upload service\nDescription: Web service where" in system.content
    assert "Exposure: internet" in system.content
    assert "- The client's file name is never used as a path" in system.content
    assert "Who may download an uploaded file: only the owner." in system.content
    assert "Accept only these file types, checked by extension and by content: png" in (
        system.content
    )
    assert "Authenticate users with: session." in system.content  # a policy, as a requirement
    # Policies arrive as requirements; assets, flows and Q/A assumptions are not repeated.
    for left_out in ("Policies:", "Assets:", "Data flows:", "Q: Who may read"):
        assert left_out not in system.content
    assert user.content.startswith(REQUEST + "\n\n")
    assert user.content.rstrip().endswith("Do not explain before the code.")
    assert engine.requests[-1].max_tokens == 256


def test_a_reply_without_code_fails_the_step_and_stores_no_version(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model)
    engine.enqueue("I'm sorry, but I can't assist with that.")
    with pytest.raises(AirlockError, match="no code"):
        generate_code(db, session_id, model, SETTINGS)
    session = repo.get_session(db, session_id)
    assert session.status == "failed"
    assert session.steps[-1]["notes"] == ["no code found in the reply"]
    assert repo.versions(db, session_id) == []


def test_an_engine_crash_keeps_the_session_and_records_the_error(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model)
    engine.enqueue_error(EngineCrashed("the engine host died (killed by SIGKILL)"))
    with pytest.raises(EngineCrashed):
        generate_code(db, session_id, model, SETTINGS)
    session = repo.get_session(db, session_id)
    assert session.status == "failed"
    assert [s["step"] for s in session.steps] == ["questions", "generate"]
    assert session.steps[-1]["error"] == "the engine host died (killed by SIGKILL)"
    assert get_project(db, "demo").version == 2  # the saved answers stay


def test_cancelling_stops_the_stream_and_records_a_cancelled_step(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model)
    engine.enqueue(UPLOAD_V1)
    seen: list[str] = []
    with pytest.raises(OperationCancelled):
        generate_code(db, session_id, model, SETTINGS, on_fragment=seen.append,
                      should_cancel=lambda: len(seen) >= 3)  # fmt: skip
    assert len(seen) == 3
    session = repo.get_session(db, session_id)
    assert (session.status, session.steps[-1]["status"]) == ("cancelled", "cancelled")
    assert repo.versions(db, session_id) == []


# --- review ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("pattern_review")
def test_the_generated_version_is_reviewed_and_the_review_linked_to_its_files(
    db: sqlite_utils.Database, upload_project: Project, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _start(db, model)
    engine.enqueue(UPLOAD_V1)
    code = generate_code(db, session_id, model, SETTINGS)
    saved = review_version(db, session_id, code.version, model=None, options=NO_MODEL_REVIEW)
    assert saved.review_id is not None
    rules = sorted(f.finding.rule_id for f in review_findings(db, saved.review_id))
    assert rules == ["test.client-name", "test.debug"]
    record = get_review(db, saved.review_id)
    assert (record.session_id, record.target) == (session_id, f"session {session_id} v1")
    assert record.threat_model_version_id == load_context(db, session_id).ref.version_id
    assert repo.reviews_by_version(db, session_id) == {1: [saved.review_id]}
    assert repo.get_session(db, session_id).status == "reviewed"


@pytest.mark.usefixtures("pattern_review")
def test_a_review_is_stored_with_its_link_to_the_version_or_not_at_all(
    db: sqlite_utils.Database,
    upload_project: Project,
    model: ModelChoice,
    engine: FakeEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = _start(db, model)
    engine.enqueue(UPLOAD_V1)
    code = generate_code(db, session_id, model, SETTINGS)

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(repo, "link_review", fail)
    with pytest.raises(OSError):
        review_version(db, session_id, code.version, model=None, options=NO_MODEL_REVIEW)
    assert db.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert repo.reviews_by_version(db, session_id) == {}
