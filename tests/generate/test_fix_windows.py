"""Focused fixes: windows around the findings, splicing the replies back, and their guards."""

from __future__ import annotations

import pytest
import sqlite_utils

from app.core.errors import AirlockError
from app.core.findings import Confidence, Finding, Severity
from app.core.fix import fix_session
from app.core.fix_windows import WHOLE_FILE, Window, plan_windows, splice
from app.core.generate import GenerateSettings, generate_code, plan_questions, start_session
from app.core.generate_prompts import CodeFile
from app.core.review_service import ModelChoice
from app.llm.fake import FakeEngine
from app.store import sessions as repo
from app.store.reviews import StoredFinding
from tests.generate.conftest import NO_MODEL_REVIEW
from tests.generate.replies_for_tests import (
    MAIN_WINDOW_COMMENT_ONLY,
    MAIN_WINDOW_FIXED,
    UPLOAD_V1,
    UPLOAD_V2,
    UPLOAD_WINDOW_FIXED,
)

SETTINGS = GenerateSettings(max_tokens=256, review_options=NO_MODEL_REVIEW)
MODULE = """\
import os


def first():
    value = 1
    return value


class Box:
    def method(self):
        data = os.environ["X"]
        return data


print(first())
"""


def _stored(line: int | None, fid: int = 1, file: str = "m.py") -> StoredFinding:
    finding = Finding(
        rule_id="r", title="Weakness", cwe=(22,), severity=Severity.HIGH,
        confidence=Confidence.HIGH, sources=("t",), file=file, start_line=line,
    )  # fmt: skip
    return StoredFinding(fid, 1, finding, "open")


def _spans(findings: list[StoredFinding], content: str = MODULE) -> list[tuple[int, int]]:
    windows, _ = plan_windows([CodeFile("m.py", "python", content)], findings)
    return [(w.first, w.last) for w in windows]


# --- choosing windows -----------------------------------------------------------------------


def test_a_finding_in_a_function_sends_the_whole_function() -> None:
    assert _spans([_stored(5)]) == [(4, 6)]
    assert _spans([_stored(11)]) == [(10, 12)]  # the method, not the whole class


def test_a_finding_outside_any_function_sends_its_top_level_statement() -> None:
    assert _spans([_stored(15)]) == [(15, 15)]
    guarded = "import os\n\n\ndef f():\n    return 1\n\n\nif True:\n    x = 1\n    y = 2\n"
    assert _spans([_stored(9)], guarded) == [(8, 10)]  # the whole `if`, not into f()


def test_code_that_does_not_parse_gets_the_lines_around_the_finding() -> None:
    broken = "\n".join(f"line {n} (" for n in range(1, 31))
    assert _spans([_stored(20)], broken) == [(14, 26)]


# Generated code cut off at the token limit: the last function is unfinished.
CUT_OFF = MODULE.replace("print(first())\n", "def unfinished():\n    with open(name) as\n")


def test_code_cut_off_at_the_token_limit_still_sends_whole_functions_before_the_cut() -> None:
    assert _spans([_stored(5)], CUT_OFF) == [(4, 6)]
    assert _spans([_stored(11)], CUT_OFF) == [(10, 12)]


def test_a_fix_in_a_cut_off_file_is_applied_when_its_own_lines_parse() -> None:
    window = Window("m.py", 4, 6, (_stored(5),))
    text, outcome = splice(CUT_OFF, window, "```python\ndef first():\n    return 2\n```", "python")
    assert outcome == "applied" and text is not None and "    return 2\n" in text
    broken = "```python\ndef first(:\n    return 2\n```"
    assert splice(CUT_OFF, window, broken, "python") == (None, "the rewrite is not valid Python")


def test_touching_windows_are_merged_with_their_findings() -> None:
    windows, _ = plan_windows(
        [CodeFile("m.py", "python", MODULE)], [_stored(5, 1), _stored(6, 2), _stored(11, 3)]
    )
    assert [(w.first, w.last, [f.id for f in w.findings]) for w in windows] == [
        (4, 6, [1, 2]), (10, 12, [3]),
    ]  # fmt: skip


def test_a_finding_without_a_line_sends_the_whole_small_file() -> None:
    assert _spans([_stored(None)]) == [(1, 15)]


def test_a_finding_in_a_file_of_another_version_is_left_out_with_a_note() -> None:
    windows, notes = plan_windows([CodeFile("m.py", "python", MODULE)], [_stored(3, 7, "x.py")])
    assert windows == [] and notes == ["finding #7 has no place in this version's files; not sent"]


# --- splicing -------------------------------------------------------------------------------


def _window(first: int, last: int) -> Window:
    return Window("m.py", first, last, (_stored(first),))


def test_the_reply_replaces_exactly_the_window() -> None:
    reply = "```python\ndef first():\n    return 2\n```"
    text, outcome = splice(MODULE, _window(4, 6), reply, "python")
    assert outcome == "applied" and text is not None
    assert text.splitlines()[2:6] == ["", "def first():", "    return 2", ""]
    assert text.endswith("print(first())\n")


def test_dedented_method_lines_are_put_back_at_their_depth() -> None:
    reply = "```python\ndef method(self):\n    return os.environ.get('X', '')\n```"
    text, _ = splice(MODULE, _window(10, 12), reply, "python")
    assert text is not None
    assert "    def method(self):\n        return os.environ.get('X', '')\n" in text


def test_a_reply_that_adds_far_more_than_asked_is_not_applied() -> None:
    reply = "```python\n" + "x = 1\n" * 20 + "```"
    assert splice(MODULE, _window(4, 6), reply, "python") == (
        None, "the rewrite went far beyond the lines asked for",
    )  # fmt: skip


def test_a_reply_that_breaks_python_is_not_applied() -> None:
    reply = "```python\ndef first(:\n    return 2\n```"
    assert splice(MODULE, _window(4, 6), reply, "python") == (
        None, "the rewrite is not valid Python",
    )  # fmt: skip


def test_a_reply_of_only_a_comment_does_not_delete_the_lines() -> None:
    reply = "```python\n# Fix: never return the value directly.\n```"
    assert splice(MODULE, _window(4, 6), reply, "python") == (
        None, "the rewrite dropped most of the lines asked for",
    )  # fmt: skip


def test_a_reply_without_code_or_without_change_is_not_applied() -> None:
    assert splice(MODULE, _window(4, 6), "I cannot.", "python") == (None, "no code in the reply")
    same = "```python\ndef first():\n    value = 1\n    return value\n```"
    assert splice(MODULE, _window(4, 6), same, "python") == (
        None, "the lines came back unchanged",
    )  # fmt: skip


def test_a_whole_file_sent_back_for_a_window_replaces_the_file() -> None:
    reply = "```python\n" + MODULE.replace("value = 1", "value = 2") + "```"
    text, outcome = splice(MODULE, _window(4, 6), reply, "python")
    assert outcome == WHOLE_FILE and text == MODULE.replace("value = 1", "value = 2")


# --- the loop in window scope ---------------------------------------------------------------


@pytest.fixture
def session_id(
    db: sqlite_utils.Database, upload_project: object, model: ModelChoice, engine: FakeEngine
) -> int:
    plan = plan_questions(db, "demo", "Build a file upload service")
    started = start_session(db, plan, {}, model=model, settings=SETTINGS)
    engine.enqueue(UPLOAD_V1)
    generate_code(db, started.session_id, model, SETTINGS)
    return started.session_id


@pytest.mark.usefixtures("pattern_review")
def test_each_findings_window_is_sent_bottom_up_and_spliced_back(
    db: sqlite_utils.Database, session_id: int, model: ModelChoice, engine: FakeEngine
) -> None:
    engine.enqueue(MAIN_WINDOW_FIXED)
    engine.enqueue(UPLOAD_WINDOW_FIXED)
    outcome = fix_session(db, session_id, model, SETTINGS, review_model=None)
    main, upload = (request.messages[-1].content for request in engine.requests[-2:])
    assert main.startswith('File app.py, lines 15 to 16:\n```python\nif __name__ == "__main__":')
    assert upload.startswith("File app.py, lines 8 to 12:\n```python\n@app.route(")
    assert "import os" not in upload  # only the window, not the file
    assert "Debug mode on" in main and "Debug mode on" not in upload
    assert upload.index("Client file name used as a path") < upload.index("Rewrite these lines")
    assert engine.requests[-1].max_tokens == min(256, 12 * 5 + 64)
    assert outcome.comparison.summary() == "2 fixed, 0 still present, 0 new"
    (fixed,) = repo.artifacts(db, session_id, version=2)
    assert fixed.content.startswith("import os\nfrom flask import Flask, request\n")
    assert "uuid.uuid4().hex" in fixed.content and "debug" not in fixed.content
    assert fixed.content.endswith('if __name__ == "__main__":\n    app.run()\n')
    (step,) = [s for s in repo.get_session(db, session_id).steps if s["step"] == "fix"]
    assert step["scope"] == "window"
    assert [(w["window"], w["outcome"]) for w in step["windows"]] == [
        ("app.py lines 15-16", "applied"), ("app.py lines 8-12", "applied"),
    ]  # fmt: skip


@pytest.mark.usefixtures("pattern_review")
def test_a_window_fix_reports_what_is_still_present(
    db: sqlite_utils.Database, session_id: int, model: ModelChoice, engine: FakeEngine
) -> None:
    engine.enqueue(MAIN_WINDOW_FIXED)
    engine.enqueue(MAIN_WINDOW_COMMENT_ONLY)  # for the upload window: not applied
    outcome = fix_session(db, session_id, model, SETTINGS, review_model=None)
    assert outcome.comparison.summary() == "1 fixed, 1 still present, 0 new"
    assert outcome.notes == [
        "app.py lines 8-12: not applied (the rewrite dropped most of the lines asked for)"
    ]


@pytest.mark.usefixtures("pattern_review")
def test_a_whole_file_reply_in_window_scope_is_taken_as_the_file(
    db: sqlite_utils.Database, session_id: int, model: ModelChoice, engine: FakeEngine
) -> None:
    engine.enqueue(UPLOAD_V2)  # for the first window (15-16): the whole file
    outcome = fix_session(db, session_id, model, SETTINGS, review_model=None)
    (fixed,) = repo.artifacts(db, session_id, version=2)
    assert fixed.content == UPLOAD_V2.split("# file: app.py\n")[1].split("```")[0]
    # The other window's line numbers are stale in a rewritten file: it is not asked.
    assert len(engine.requests) == 2  # generation and one window
    assert outcome.notes == ["app.py lines 8-12: not asked (the whole file was rewritten)"]


@pytest.mark.usefixtures("pattern_review")
def test_when_no_window_could_be_applied_no_version_is_stored(
    db: sqlite_utils.Database, session_id: int, model: ModelChoice, engine: FakeEngine
) -> None:
    engine.enqueue("```python\nif __name__ == (:\n```")
    engine.enqueue("I cannot help with that.")
    with pytest.raises(AirlockError, match=r"changed nothing: app\.py lines 15-16: not applied"):
        fix_session(db, session_id, model, SETTINGS, review_model=None)
    assert repo.versions(db, session_id) == [1]
