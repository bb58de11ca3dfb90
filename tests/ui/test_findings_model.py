"""The findings model: checked by qtmodeltester, then sorting, filtering and grouping; questions
for the reviewer and notes apart from the findings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from app.core.findings import Confidence, Finding, ReviewWarning, Severity
from app.store.reviews import StoredFinding
from app.ui.findings_model import (
    CWE,
    FINDING_ROLE,
    LOCATION,
    SEVERITY,
    FindingsTableModel,
)
from app.ui.findings_panel import finding_html, summary_html
from app.ui.workspace import ReviewView


def stored(number: int, severity: Severity, file: str, cwe: int, source: str) -> StoredFinding:
    finding = Finding(
        rule_id=f"rule.{number}",
        title=f"Finding {number}",
        cwe=(cwe,),
        severity=severity,
        confidence=Confidence.HIGH,
        sources=(source,),
        file=file,
        start_line=number,
        end_line=number,
        message=f"message {number}",
    )
    return StoredFinding(number, 1, finding, "open")


FINDINGS = [
    stored(1, Severity.LOW, "b.py", 330, "bandit"),
    stored(2, Severity.HIGH, "a.py", 22, "taint"),
    stored(3, Severity.MEDIUM, "a.py", 89, "policy:file_upload"),
    stored(4, Severity.HIGH, "c.py", 78, "model:fake"),
]


def model_with(findings: list[StoredFinding] = FINDINGS) -> FindingsTableModel:
    model = FindingsTableModel()
    model.set_findings(findings)
    return model


def shown(model: FindingsTableModel) -> list[str]:
    """Each row as shown: a heading's text, or a finding's title."""
    return [
        str(model.data(model.index(row, 0)))
        if model.is_header(row)
        else str(model.data(model.index(row, 1)))
        for row in range(model.rowCount())
    ]


@pytest.mark.parametrize("grouping", ["none", "severity", "file", "cwe", "source"])
def test_the_model_passes_qtmodeltester_in_every_grouping(
    qtmodeltester: ModelTester, grouping: str
) -> None:
    model = model_with()
    model.set_grouping(grouping)
    qtmodeltester.check(model, force_py=True)
    model.sort(CWE, Qt.SortOrder.AscendingOrder)  # the tester watches these changes too
    model.set_filter_text("a.py")
    model.set_findings(FINDINGS[1:])


def test_findings_sort_worst_first_by_default_and_by_any_column() -> None:
    model = model_with()
    assert shown(model) == ["Finding 2", "Finding 4", "Finding 3", "Finding 1"]  # ties: by id
    model.sort(LOCATION, Qt.SortOrder.AscendingOrder)
    assert shown(model) == ["Finding 2", "Finding 3", "Finding 1", "Finding 4"]
    model.sort(CWE, Qt.SortOrder.DescendingOrder)
    assert shown(model) == ["Finding 1", "Finding 3", "Finding 4", "Finding 2"]


def test_the_filter_keeps_rows_that_contain_every_word() -> None:
    model = model_with()
    model.set_filter_text("a.py cwe-89")
    assert shown(model) == ["Finding 3"]
    model.set_filter_text("")
    assert model.rowCount() == 4
    assert len(model.findings()) == 4  # filtered-out findings still belong to the review


def test_grouping_by_file_puts_a_heading_before_each_file() -> None:
    model = model_with()
    model.set_grouping("file")
    assert shown(model) == [
        "a.py  (2)",
        "Finding 2",
        "Finding 3",
        "b.py  (1)",
        "Finding 1",
        "c.py  (1)",
        "Finding 4",
    ]
    assert model.is_header(0) and not model.is_header(1)
    assert model.data(model.index(0, 0), FINDING_ROLE) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable


def test_grouping_by_severity_orders_the_groups_worst_first() -> None:
    model = model_with()
    model.set_grouping("severity")
    headings = [text for row, text in enumerate(shown(model)) if model.is_header(row)]
    assert headings == ["High  (2)", "Medium  (1)", "Low  (1)"]


def test_sorting_keeps_the_selected_finding_selected() -> None:
    model = model_with()
    from PySide6.QtCore import QPersistentModelIndex

    kept = QPersistentModelIndex(model.index(model.row_of(3) or 0, SEVERITY))
    model.sort(LOCATION, Qt.SortOrder.DescendingOrder)
    assert model.finding_at(kept.row()) == FINDINGS[2]


def test_questions_for_the_reviewer_and_notes_come_after_the_findings_under_headings(
    qtmodeltester: ModelTester,
) -> None:
    question = stored(5, Severity.MEDIUM, "a.py", 89, "model:fake")
    question = StoredFinding(5, 1, replace(question.finding, question=True), "open")
    note = stored(6, Severity.INFO, "a.py", 78, "bandit")
    model = model_with([note, question, *FINDINGS])
    qtmodeltester.check(model, force_py=True)
    assert shown(model) == [
        "Finding 2",
        "Finding 4",  # high, but reported by a model only without the question mark: a finding
        "Finding 3",
        "Finding 1",
        "Questions for the reviewer  (1)",
        "Finding 5",
        "Notes  (1)",
        "Finding 6",
    ]
    model.set_grouping("severity")
    headings = [text for row, text in enumerate(shown(model)) if model.is_header(row)]
    assert headings == [
        "High  (2)", "Medium  (1)", "Low  (1)", "Questions for the reviewer  (1)", "Notes  (1)",
    ]  # fmt: skip
    model.set_filter_text("cwe-89")
    assert shown(model) == [
        "Medium  (1)",
        "Finding 3",
        "Questions for the reviewer  (1)",
        "Finding 5",
    ]


def test_the_summary_counts_findings_and_lists_questions_and_notes_apart() -> None:
    question = stored(5, Severity.MEDIUM, "a.py", 89, "model:fake")
    question = StoredFinding(5, 1, replace(question.finding, question=True), "open")
    note = stored(6, Severity.INFO, "a.py", 78, "bandit")
    review = ReviewView(1, (*FINDINGS, question, note), ())
    text = summary_html(review)
    assert text.startswith("<b>4 findings</b>")
    assert "1 question for the reviewer" in text and "1 note" in text
    assert "info" not in text
    assert "Question for the reviewer" in finding_html(question.finding)
    assert "Note:" in finding_html(note.finding)
    assert "Question for the reviewer" not in finding_html(FINDINGS[0].finding)


def test_the_summary_names_files_no_rule_read_even_without_findings() -> None:
    warnings = (
        ReviewWarning("not_covered", "not covered by rules: ... Kotlin", file="app/Main.kt"),
        ReviewWarning("parse_error", "could not parse", file="broken.py", stage="bandit"),
    )
    text = summary_html(ReviewView(1, (), warnings))
    assert text.startswith("<b>0 findings</b>")
    assert "1 file not covered by rules" in text and "app/Main.kt" in text
    assert "broken.py: could not parse" in text
