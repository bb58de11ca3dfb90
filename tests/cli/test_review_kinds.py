"""`airlock review` with the model (a scripted engine): questions for the reviewer and notes are
shown apart, are not SARIF results and never fail `--fail-on`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from app.cli import main
from app.cli.output import render_text
from app.cli.review import Reported, failing
from app.core.findings import Confidence, Severity
from app.core.review_service import ModelChoice
from app.llm.fake import FakeEngine
from tests.pattern_stage import PatternStage
from tests.sample_findings import sample_finding

# The deterministic part: a note on the import and, when asked for, a low finding on `debug`.
NOTE = (r"^import subprocess", "test.import", "Import subprocess", 78, Severity.INFO)
LOW = (r"debug = True", "test.debug", "Debug mode on", 489, Severity.LOW)

CODE = """\
import sqlite3
import subprocess
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args["name"]
    cur = sqlite3.connect("db").cursor()
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    return "ok"
"""
SQL_LINE = """cur.execute("SELECT * FROM users WHERE name = '" + name + "'")"""  # line 12


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "app.py"
    path.write_text(CODE, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def scripted(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model claims SQL injection on line 12 whatever it is asked; no real scanners."""

    def model(_db: object, _model_id: str | None) -> ModelChoice:
        reply = f"FINDING | {SQL_LINE} | the name is concatenated into the query"
        return ModelChoice(FakeEngine(default_reply=reply), "fake", None)

    monkeypatch.setattr("app.cli.review._open_model", model)
    monkeypatch.setattr(
        "app.core.review.deterministic_stages", lambda _groups: [PatternStage([NOTE, LOW])]
    )


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["review", *args, "-q", "--no-save"])


def test_the_models_own_claim_is_a_question_in_json_not_a_finding(source: Path) -> None:
    result = run(str(source), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["findings"] == []
    questions = document["questions"]
    assert [(q["rule_id"], q["start_line"], q["kind"]) for q in questions] == [
        ("airlock.model.sql-injection", 12, "question")
    ]
    assert questions[0]["severity"] == "medium"
    notes = document["notes"]
    assert "test.import" in {n["rule_id"] for n in notes}
    assert {n["kind"] for n in notes} == {"note"}


def test_fail_on_counts_findings_only(source: Path) -> None:
    # The question is medium and the note is info: neither fails any threshold.
    for threshold in ("info", "low", "medium"):
        assert run(str(source), "--fail-on", threshold).exit_code == 0, threshold
    source.write_text(CODE + "debug = True\n", encoding="utf-8")
    assert run(str(source), "--fail-on", "info").exit_code == 1
    assert run(str(source), "--fail-on", "low").exit_code == 1
    assert run(str(source), "--fail-on", "medium").exit_code == 0


def test_sarif_has_no_result_for_questions_or_notes(source: Path) -> None:
    result = run(str(source), "--format", "sarif")
    assert result.exit_code == 0, result.output
    (sarif_run,) = json.loads(result.stdout)["runs"]
    assert sarif_run["results"] == []
    assert sarif_run["properties"]["questionsForReviewer"] == 1
    assert sarif_run["properties"]["notes"] >= 1


def test_text_lists_questions_for_the_reviewer_after_the_findings(source: Path) -> None:
    source.write_text(CODE + "debug = True\n", encoding="utf-8")
    result = run(str(source))
    assert result.exit_code == 0, result.output
    out = result.stdout
    finding = out.index("Debug mode on")
    questions = out.index("Questions for the reviewer (1:")
    notes = out.index("Notes (")
    assert finding < questions < out.index("SQL injection") < notes < out.index("Import subprocess")
    assert "1 findings in 1 files reviewed: 1 low; 1 questions for the reviewer" in out


def test_render_text_and_failing_on_plain_findings() -> None:
    finding = sample_finding()
    question = sample_finding(
        rule_id="airlock.model.sql-injection",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        start_line=30,
        question=True,
    )
    note = sample_finding(severity=Severity.INFO, start_line=1)
    text = render_text([note, question, finding], [], files=1, color=False)
    assert text.index("  12  HIGH") < text.index("Questions for the reviewer") < text.index("  30")
    assert text.rstrip().endswith(
        "1 findings in 1 files reviewed: 1 high; 1 questions for the reviewer; 1 notes"
    )
    reported = [Reported(item, "new", None) for item in (note, question, finding)]
    assert [r.finding for r in failing(reported, "info")] == [finding]
    assert failing(reported, "critical") == [] and failing(reported, "none") == []
