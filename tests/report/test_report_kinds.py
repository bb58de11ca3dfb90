"""Findings, questions for the reviewer and notes in reports: each kind in its own section,
the summary counting findings, SARIF holding findings only."""

from __future__ import annotations

from pathlib import Path

from app.core.findings import Confidence, FindingKind, Severity
from app.core.report import Report, contents_text, review_report
from app.core.report_html import report_to_html
from app.core.report_markdown import report_to_markdown
from app.core.report_sarif import report_to_sarif
from tests.report.builders import NOW, add_review, make, open_db
from tests.sarif.test_sarif import assert_valid


def _report(tmp_path: Path) -> Report:
    db = open_db(tmp_path)
    finding = make()
    question = make(
        rule_id="airlock.model.open-redirect",
        title="Open redirect",
        cwe=(601,),
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        file="app/login.py",
        start_line=20,
        end_line=20,
        snippet="return redirect(next_url)",
        message="The model reports: next_url comes from the query string",
        question=True,
    )
    note = make(
        rule_id="bandit.B404",
        title="Import subprocess",
        cwe=(78,),
        severity=Severity.INFO,
        confidence=Confidence.LOW,
        sources=("bandit",),
        start_line=1,
        end_line=1,
        snippet="import subprocess",
        message="An import is a pointer, not a weakness.",
    )
    review_id = add_review(db, [note, question, finding])
    return review_report(db, review_id, now=NOW)


def test_items_come_in_sections_findings_then_questions_then_notes(tmp_path: Path) -> None:
    report = _report(tmp_path)
    assert [item.kind for item in report.items] == [
        FindingKind.FINDING,
        FindingKind.QUESTION,
        FindingKind.NOTE,
    ]
    sections = report.sections()
    assert [(kind, [n for n, _ in numbered]) for kind, numbered in sections] == [
        (FindingKind.FINDING, [1]),
        (FindingKind.QUESTION, [2]),
        (FindingKind.NOTE, [3]),
    ]
    summary = report.summary()
    assert (summary.total, summary.questions, summary.notes) == (1, 1, 1)
    assert summary.counts[Severity.MEDIUM]["open"] == 0  # the question is not counted
    assert contents_text(report) == "1 finding, 1 question for the reviewer, 1 note"


def test_markdown_shows_questions_for_the_reviewer_apart(tmp_path: Path) -> None:
    markdown = report_to_markdown(_report(tmp_path))
    findings = markdown.index("## Findings (1)")
    questions = markdown.index("## Questions for the reviewer (1)")
    notes = markdown.index("## Notes (1)")
    assert findings < markdown.index("1. HIGH: SQL query built from request data") < questions
    assert questions < markdown.index("2. MEDIUM: Open redirect") < notes
    assert notes < markdown.index("3. INFO: Import subprocess")
    assert "Only the model reports these" in markdown
    assert "not counted as findings: 1 question for the reviewer, 1 note." in markdown
    assert "| Info |" not in markdown  # the severity table counts findings; info never is one


def test_html_shows_questions_for_the_reviewer_apart(tmp_path: Path) -> None:
    page = report_to_html(_report(tmp_path))
    assert page.index('id="findings"') < page.index('id="questions"') < page.index('id="notes"')
    assert "<h2>Questions for the reviewer (1)</h2>" in page
    assert "<h3>Questions for the reviewer</h3>" in page  # in the contents
    assert 'id="finding-2"' in page and 'href="#finding-2"' in page
    assert "questions for the reviewer</span>" in page  # the summary card


def test_sarif_holds_the_finding_only(tmp_path: Path) -> None:
    doc = report_to_sarif(_report(tmp_path))
    assert_valid(doc)
    (run,) = doc["runs"]
    assert [result["ruleId"] for result in run["results"]] == ["airlock.sql-injection"]
    assert run["properties"] == {"notes": 1, "questionsForReviewer": 1}
