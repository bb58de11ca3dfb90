"""The fix loop: new versions, per-finding comparison, every version kept, diffs.

Whole-file replies run with fix_scope="file"; the default window scope has its own tests in
test_fix_windows.py.
"""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.errors import AirlockError, EngineCrashed, UserInputError
from app.core.extract import ExtractedFile
from app.core.fix import fix_session, merge_fixed_files, plan_fix
from app.core.generate import GenerateSettings, generate_code, plan_questions, start_session
from app.core.review_service import ModelChoice
from app.core.sessions import diff_versions, version_files
from app.llm.fake import FakeEngine
from app.store import sessions as repo
from tests.generate.conftest import NO_MODEL_REVIEW
from tests.generate.replies_for_tests import UPLOAD_V1, UPLOAD_V2, UPLOAD_V2_ALL_FIXED

pytestmark = pytest.mark.usefixtures("pattern_review", "upload_project")
SETTINGS = GenerateSettings(max_tokens=256, review_options=NO_MODEL_REVIEW, fix_scope="file")


def _generated(db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine) -> int:
    plan = plan_questions(db, "demo", "Build a file upload service")
    session_id = start_session(db, plan, {}, model=model, settings=SETTINGS).session_id
    engine.enqueue(UPLOAD_V1)
    generate_code(db, session_id, model, SETTINGS)
    return session_id


def _fix(db: sqlite_utils.Database, session_id: int, model: ModelChoice, **kwargs: object):  # type: ignore[no-untyped-def]
    return fix_session(db, session_id, model, SETTINGS, review_model=None, **kwargs)  # type: ignore[arg-type]


def test_fix_makes_version_2_and_reports_each_finding(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue(UPLOAD_V2)
    outcome = _fix(db, session_id, model)
    assert outcome.version == 2 and outcome.changed == ["app.py"]
    statuses = {c.finding.finding.rule_id: c.status for c in outcome.comparison.changes}
    assert statuses == {"test.debug": "fixed", "test.client-name": "still present"}
    still = next(c for c in outcome.comparison.changes if c.status == "still present")
    assert still.matched_by == "fingerprint"
    assert outcome.comparison.summary() == "1 fixed, 1 still present, 0 new"
    assert repo.versions(db, session_id) == [1, 2]


def test_a_finding_the_fix_brings_in_is_reported_as_new(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue(UPLOAD_V2_ALL_FIXED)
    comparison = _fix(db, session_id, model).comparison
    assert sorted((c.status, c.finding.finding.rule_id) for c in comparison.changes) == [
        ("fixed", "test.client-name"), ("fixed", "test.debug"), ("new", "test.md5"),
    ]  # fmt: skip


def test_the_prompt_sends_the_code_then_the_chosen_findings_then_the_instruction(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    plan = plan_fix(db, session_id, SETTINGS, finding_ids=None, review_model=None)
    debug = next(f for f in plan.findings if f.finding.rule_id == "test.debug")
    engine.enqueue(UPLOAD_V2)
    _fix(db, session_id, model, finding_ids=[debug.id])
    user = engine.requests[-1].messages[-1].content
    code_at, finding_at, ask_at = (
        user.index("# file: app.py"),
        user.index("Debug mode on"),
        user.index("Rewrite the code"),
    )
    assert code_at < finding_at < ask_at
    assert "Client file name used as a path" not in user
    assert "Fix: do not: debug mode on" in user
    assert "Threat model: File upload service" in engine.requests[-1].messages[0].content


def test_the_comparison_marks_which_findings_were_chosen(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    plan = plan_fix(db, session_id, SETTINGS, finding_ids=None, review_model=None)
    debug = next(f for f in plan.findings if f.finding.rule_id == "test.debug")
    engine.enqueue(UPLOAD_V2)
    changes = _fix(db, session_id, model, finding_ids=[debug.id]).comparison.changes
    assert {c.finding.finding.rule_id: c.targeted for c in changes} == {
        "test.debug": True, "test.client-name": False,
    }  # fmt: skip


def test_by_default_the_worst_findings_are_chosen_first(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    one = GenerateSettings(review_options=NO_MODEL_REVIEW, max_fix_findings=1, fix_scope="file")
    plan = plan_fix(db, session_id, one, finding_ids=None, review_model=None)
    assert [f.finding.rule_id for f in plan.chosen] == ["test.client-name"]  # high before medium


def test_an_unknown_finding_id_is_refused_with_the_known_ones(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    with pytest.raises(UserInputError, match="finding 999 is not in the latest review"):
        _fix(db, session_id, model, finding_ids=[999])


def test_an_unreviewed_version_is_reviewed_before_it_is_fixed(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    assert repo.reviews_by_version(db, session_id) == {}
    engine.enqueue(UPLOAD_V2)
    outcome = _fix(db, session_id, model)
    reviews = repo.reviews_by_version(db, session_id)
    assert reviews[1] == [outcome.before_review_id] and reviews[2] == [outcome.review.review_id]


def test_code_sent_back_unchanged_stores_no_new_version(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue(UPLOAD_V1)
    with pytest.raises(AirlockError, match="changed nothing"):
        _fix(db, session_id, model)
    assert repo.versions(db, session_id) == [1]
    assert repo.get_session(db, session_id).steps[-1]["status"] == "failed"


def test_a_crash_during_the_fix_keeps_version_1_and_its_review(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue_error(EngineCrashed("the engine host died"))
    with pytest.raises(EngineCrashed):
        _fix(db, session_id, model)
    assert repo.versions(db, session_id) == [1]
    assert list(repo.reviews_by_version(db, session_id)) == [1]
    steps = repo.get_session(db, session_id).steps
    assert (steps[-1]["step"], steps[-1]["status"]) == ("fix", "failed")


def test_every_version_is_kept_and_any_two_can_be_diffed(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue(UPLOAD_V2)
    _fix(db, session_id, model)
    engine.enqueue(UPLOAD_V2_ALL_FIXED)
    _fix(db, session_id, model)
    assert repo.versions(db, session_id) == [1, 2, 3]
    diff = diff_versions(db, session_id, 1, 3)
    assert diff.startswith("--- v1/app.py\n+++ v3/app.py\n")
    assert "-    app.run(debug=True)\n" in diff and "+    app.run()\n" in diff
    assert "+    name = uuid.uuid4().hex\n" in diff
    assert diff_versions(db, session_id, 2, 2) == ""
    with pytest.raises(UserInputError, match="no version 7"):
        version_files(db, session_id, 7)


def test_versions_link_each_file_to_its_parent(
    db: sqlite_utils.Database, model: ModelChoice, engine: FakeEngine
) -> None:
    session_id = _generated(db, model, engine)
    engine.enqueue(UPLOAD_V2)
    _fix(db, session_id, model)
    (first,), (second,) = (
        repo.artifacts(db, session_id, version=1),
        repo.artifacts(db, session_id, version=2),
    )
    assert (second.parent_id, second.origin, first.origin) == (first.id, "fixed", "generated")
    assert second.sha256 != first.sha256


def _row(path: str, content: str, language: str = "python", row_id: int = 1) -> repo.ArtifactRow:
    return repo.ArtifactRow(row_id, 1, 1, None, path, language, content, "x", "generated", "t")


def test_files_the_model_did_not_send_back_are_carried_over() -> None:
    base = [_row("app.py", "a = 1\n"), _row("util.py", "b = 1\n", row_id=2)]
    files = merge_fixed_files(base, [ExtractedFile("util.py", "python", "b = 2\n")])
    assert [(f.path, f.content, f.parent_id) for f in files] == [
        ("app.py", "a = 1\n", 1), ("util.py", "b = 2\n", 2),
    ]  # fmt: skip


def test_an_unnamed_file_replaces_the_only_file_of_its_language() -> None:
    base = [_row("server.py", "a = 1\n"), _row("Dockerfile", "FROM x\n", "dockerfile", 2)]
    fixed = [ExtractedFile("app.py", "python", "a = 2\n", named=False)]
    files = merge_fixed_files(base, fixed)
    assert [(f.path, f.content) for f in files] == [
        ("server.py", "a = 2\n"), ("Dockerfile", "FROM x\n"),
    ]  # fmt: skip


def test_a_new_named_file_from_the_fix_is_added() -> None:
    files = merge_fixed_files(
        [_row("app.py", "a = 1\n")], [ExtractedFile("limits.py", "python", "MAX = 1\n")]
    )
    assert [(f.path, f.parent_id) for f in files] == [("app.py", 1), ("limits.py", None)]
