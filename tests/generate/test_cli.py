"""`airlock generate | fix | diff | session` end to end through click, with a scripted engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner, Result

from app.cli import main
from app.core.errors import EngineCrashed
from app.core.projects import get_project
from app.core.review_service import ModelChoice
from app.core.threat_model import FileUploadPolicy
from app.llm.fake import FakeEngine
from app.store.db import open_database
from tests.generate.replies_for_tests import UPLOAD_V1, UPLOAD_V2

pytestmark = pytest.mark.usefixtures("pattern_review", "upload_project")
SEVEN = ["upload.file_types", "upload.max_size", "upload.malware_scan", "upload.storage",
         "upload.executable", "upload.readers", "upload.overwrite"]  # fmt: skip


@pytest.fixture(autouse=True)
def scripted_models(monkeypatch: pytest.MonkeyPatch, model: ModelChoice) -> None:
    """The CLI's generator is the scripted engine; reviews run without a model."""
    monkeypatch.setattr("app.cli.generate._open_model", lambda db, role: model)
    monkeypatch.setattr("app.cli.generate._open_review_model", lambda db, generator: None)


def get_project_policy(name: str) -> FileUploadPolicy:
    policies = get_project(open_database(), name).threat_model.policies
    assert policies is not None and policies.file_upload is not None
    return policies.file_upload


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def _generate(engine: FakeEngine, *args: str, input: str | None = None) -> Result:
    engine.enqueue("NONE")  # the model adds no questions
    engine.enqueue(UPLOAD_V1)
    return run("generate", "--project", "demo", "Build a file upload service", *args, input=input)


def test_generate_lists_questions_streams_code_reviews_and_saves_the_session(
    engine: FakeEngine, db: sqlite_utils.Database
) -> None:
    result = _generate(engine)
    assert result.exit_code == 0, result.output
    out = result.output
    for question_id in SEVEN:
        assert f"  {question_id}: " in out
    assert "      answered by the threat model: 10 MiB (10485760 bytes)" in out
    assert "upload.readers: Who may read (download) an uploaded file?\n      OPEN" in out
    assert "using the safe default for upload.readers: the user who uploaded it" in out
    assert "file.save(os.path.join(UPLOADS, file.filename))" in out  # streamed
    assert "Version 1: 1 file(s): app.py (16 lines)" in out
    # The internet-facing threat model raises the test stage's HIGH to CRITICAL.
    assert re.search(r"#1 CRITICAL app\.py:11 +Client file name used as a path \[CWE-22\]", out)
    assert "Session 1 saved. Next: airlock fix 1" in out
    assert get_project(db, "demo").version == 2


def test_answers_from_a_yaml_file_are_used_and_saved(
    engine: FakeEngine, tmp_path: Path, db: sqlite_utils.Database
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("upload.readers: only the owner\nupload.max_size: 2 MB\n")
    result = _generate(engine, "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "Answers: " in result.output and "2 given" in result.output
    project = get_project(db, "demo")
    upload = project.threat_model.policies.file_upload if project.threat_model.policies else None
    assert upload is not None and upload.max_bytes == 2 * 1024 * 1024
    assert "Q: Who may read (download) an uploaded file? A: only the owner" in (
        project.threat_model.assumptions or ()
    )


def test_interactive_asks_only_the_open_questions(
    engine: FakeEngine, db: sqlite_utils.Database
) -> None:
    plan_open = ["auth.session_lifetime", "upload.readers", "crypto.in_transit",
                 "crypto.at_rest", "log.personal_data"]  # fmt: skip
    answers = "\n".join(["", "the owner and admins", "", "", ""]) + "\n"
    result = _generate(engine, "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    asked = re.findall(r"^([\w.]+): .*\? \[", result.output, re.M)
    assert asked == plan_open
    assumptions = get_project(db, "demo").threat_model.assumptions or ()
    assert any(a.endswith("A: the owner and admins") for a in assumptions)


def test_a_bad_interactive_answer_is_asked_again(engine: FakeEngine) -> None:
    engine.enqueue("NONE")
    engine.enqueue(UPLOAD_V1)
    run("project", "create", "bare")
    answers = "\n".join(["", "huge", "5 MB"] + [""] * 20) + "\n"
    result = run("generate", "--project", "bare", "Build a file upload service", "-i",
                 "--no-review", input=answers)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "'huge' is not a size such as 10 MB" in result.output
    upload = get_project_policy("bare")
    assert upload.max_bytes == 5 * 1024 * 1024


def test_no_review_and_output_write_the_files_without_streaming(
    engine: FakeEngine, tmp_path: Path
) -> None:
    result = _generate(engine, "--no-review", "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "file.save(" not in result.output  # not streamed
    assert (tmp_path / "out" / "app.py").read_text().startswith("import os")
    assert "Review " not in result.output
    assert "Next: airlock session show 1" in result.output


def test_a_crash_is_one_line_naming_the_session_that_keeps_what_was_done(
    engine: FakeEngine,
) -> None:
    engine.enqueue("NONE")
    engine.enqueue_error(EngineCrashed("the engine host died (killed by SIGKILL)"))
    result = CliRunner().invoke(main, ["generate", "--project", "demo", "Build an upload API"])
    assert result.exit_code == 5
    error_lines = [line for line in result.output.splitlines() if line.startswith("airlock: error")]
    assert error_lines == [
        "airlock: error: the engine host died (killed by SIGKILL); session 1 keeps what was done"
        " so far (airlock session show 1)"
    ]
    shown = run("session", "show", "1").output
    assert "generate v1: failed" in shown


def test_fix_diff_and_session_show_after_a_generation(engine: FakeEngine) -> None:
    assert _generate(engine).exit_code == 0
    engine.enqueue(UPLOAD_V2)
    fixed = run("fix", "1")
    assert fixed.exit_code == 0, fixed.output
    assert "Fixing 2 finding(s) of review 1 (v1):" in fixed.output
    assert "Comparison v1 -> v2: 1 fixed, 1 still present, 0 new" in fixed.output
    assert re.search(r"fixed +#2 HIGH +app\.py:16 +Debug mode on", fixed.output)
    assert re.search(r"still present #1 CRITICAL .* -> #3 \(by fingerprint\)", fixed.output)

    diff = run("diff", "1", "1", "2")
    assert "-    app.run(debug=True)\n+    app.run()\n" in diff.output

    listed = run("session", "list")
    assert re.match(r"1\tdemo\tfixed\t\S+\tBuild a file upload service\n", listed.output)

    shown = run("session", "show", "1", "--code", "--version", "2")
    for expected in ("Session 1 (fixed), project demo, threat model v2",
                     "Model: fake-coder (SHA-256 " + "ab" * 32 + ")",
                     "generate.system.v1: ", "fix.window.v1: ", "security_questions.v1: ",
                     "upload.readers: Who may read", "compare: ok",
                     "Version 2 (fixed): app.py", "--- v2/app.py\n"):  # fmt: skip
        assert expected in shown.output


def test_fix_with_chosen_findings_and_a_bad_list(engine: FakeEngine) -> None:
    assert _generate(engine).exit_code == 0
    bad = CliRunner().invoke(main, ["fix", "1", "--findings", "x,2"])
    assert bad.exit_code == 2 and "--findings expects ids" in bad.output
    engine.enqueue(UPLOAD_V2)
    chosen = run("fix", "1", "--findings", "#1", "--quiet", "--scope", "file")
    assert chosen.exit_code == 0, chosen.output
    assert "[chosen for the fix]" in chosen.output
    assert "fix v2 (file): ok" in run("session", "show", "1").output


def test_unknown_sessions_and_versions_are_one_line_errors() -> None:
    for args, message in ((["session", "show", "9"], "no session with id 9"),
                          (["diff", "9", "1", "2"], "no session with id 9"),
                          (["fix", "9"], "no session with id 9")):  # fmt: skip
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2
        assert message in result.output


def test_an_answers_file_that_is_not_a_mapping_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("- just\n- a list\n")
    result = CliRunner().invoke(
        main, ["generate", "--project", "demo", "x upload", "--answers", str(answers)]
    )
    assert result.exit_code == 2
    assert "expected a mapping of question id to answer" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("upload.max_size: !!int ten\n", "invalid value"),
        ("upload.max_size: !!float\n", "invalid value"),
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("a: [\n", "line 2"),
        (b"a: \xff\n", "is not UTF-8 text"),
    ],
)
def test_a_malformed_answers_file_is_a_clear_error(
    tmp_path: Path, text: str | bytes, message: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_bytes(text if isinstance(text, bytes) else text.encode())
    result = CliRunner().invoke(
        main, ["generate", "--project", "demo", "x upload", "--answers", str(answers)]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_session_show_json_is_the_whole_record(engine: FakeEngine) -> None:
    import json

    assert _generate(engine).exit_code == 0
    document = json.loads(run("session", "show", "1", "--json").output)
    assert document["session"]["request"] == "Build a file upload service"
    assert document["versions"][0]["files"][0]["path"] == "app.py"
    assert document["versions"][0]["reviews"][0]["findings"]


def test_an_unknown_project_fails_before_a_model_is_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(db: sqlite_utils.Database, role: str) -> ModelChoice:
        raise AssertionError("a model was loaded")

    monkeypatch.setattr("app.cli.generate._open_model", refuse)
    result = CliRunner().invoke(main, ["generate", "--project", "nope", "an upload form"])
    assert result.exit_code == 2
    assert "airlock: error: no project named 'nope'" in result.output


def test_answers_and_interactive_together_are_refused() -> None:
    result = CliRunner().invoke(
        main, ["generate", "--project", "demo", "x", "--answers", "a.yaml", "--interactive"]
    )
    assert result.exit_code == 2 and "either --answers or --interactive" in result.output
