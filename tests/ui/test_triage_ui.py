"""Triage in the findings panel, expiry on load, carry-over on review, and the audit record."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from app.core.findings import Confidence, Finding, Severity
from app.core.triage import triage
from app.store.db import open_database, transaction
from app.store.reviews import ReviewRecord, StoredFinding, get_finding, insert_review
from app.ui.findings_model import STATUS, FindingsTableModel
from app.ui.findings_panel import FindingsPanel
from app.ui.main_window import MainWindow

LONG = 60_000  # a generous ceiling for a worker on a busy 2-core machine, never a timing goal
CODE = "from flask import Flask\n\napp = Flask(__name__)\napp.run(debug=True)\n"
UNTIL = date.today() + timedelta(days=45)


def review_file(window: MainWindow, qtbot: QtBot, path: Path) -> None:
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        window.review_paths([path])


def select(panel: FindingsPanel, title: str) -> StoredFinding:
    (item,) = [f for f in panel.findings() if f.finding.title == title]
    row = panel.row_of(item.id)
    assert row is not None
    panel.select_row(row)
    return item


def status_shown(panel: FindingsPanel, finding_id: int) -> str:
    row = panel.row_of(finding_id)
    assert row is not None
    return str(panel.model.data(panel.model.index(row, STATUS)))


def events(finding_id: int) -> list[tuple[object, ...]]:
    db = open_database()
    try:
        rows = db.execute(
            "SELECT actor, old_status, new_status, reason, until FROM finding_events"
            " WHERE finding_id = ? ORDER BY id",
            [finding_id],
        ).fetchall()
        return [tuple(r) for r in rows]
    finally:
        db.close()


def test_a_finding_is_accepted_in_the_dialog_and_stays_accepted_on_the_next_review(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "app.py"
    source.write_text(CODE, encoding="utf-8")
    review_file(window, qtbot, source)
    panel = window.session.findings
    assert not panel.triage_button.isEnabled()  # nothing selected yet
    debug = select(panel, "Debug mode on")
    assert panel.triage_button.isEnabled()
    dialog = panel.ask_triage()
    assert dialog is not None
    qtbot.waitUntil(lambda: "No decisions yet" in dialog.history.toPlainText(), timeout=LONG)
    dialog.status.setCurrentIndex(dialog.status.findData("accepted"))
    dialog.reason.setPlainText("local development only")
    dialog.until.setDate(QDate(UNTIL.year, UNTIL.month, UNTIL.day))
    dialog.actor.setText("dana")
    with qtbot.waitSignal(panel.triaged, timeout=LONG):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    db = open_database()
    stored = get_finding(db, debug.id)
    db.close()
    assert (stored.status, stored.status_until) == ("accepted", UNTIL.isoformat())
    assert events(debug.id) == [
        ("dana", "open", "accepted", "local development only", UNTIL.isoformat())
    ]
    assert status_shown(panel, debug.id) == f"Accepted risk until {UNTIL.isoformat()}"
    assert "local development only" in panel.detail.toPlainText()
    assert "1 accepted risk" in panel.summary.text()

    # Move the line down and review again: the decision follows the finding.
    source.write_text("# a comment\n\n" + CODE, encoding="utf-8")
    review_file(window, qtbot, source)
    (carried,) = [f for f in panel.findings() if f.finding.title == "Debug mode on"]
    assert carried.id != debug.id and carried.finding.start_line == debug.finding.start_line + 2
    assert status_shown(panel, carried.id) == f"Accepted risk until {UNTIL.isoformat()}"
    assert "0 new since review" in panel.summary.text()


def test_the_dialog_refuses_a_false_positive_without_a_reason_and_stores_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "app.py"
    source.write_text(CODE, encoding="utf-8")
    review_file(window, qtbot, source)
    panel = window.session.findings
    debug = select(panel, "Debug mode on")
    dialog = panel.ask_triage()
    assert dialog is not None
    dialog.status.setCurrentIndex(dialog.status.findData("false_positive"))
    assert not dialog.until.isEnabled()  # only an acceptance has a date
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "a false positive needs a reason" in dialog.error.text()
    assert not window.runner.running("triage")
    assert events(debug.id) == []
    dialog.reject()
    qtbot.waitUntil(lambda: not window.runner.running(), timeout=LONG)


def stored_review(**record: object) -> tuple[int, int]:
    """A review with one finding, stored as the app stores it: (review id, finding id)."""
    finding = Finding(
        "test.debug", "Debug mode on", (489,), Severity.MEDIUM, Confidence.HIGH,
        ("test-patterns",), "gone.py", start_line=4, end_line=4, snippet="app.run(debug=True)",
    ).with_fingerprint()  # fmt: skip
    fields: dict[str, object] = {
        "target": "/nowhere/gone.py",
        "app_version": "0.1.0",
        "started_at": "2026-03-01T09:00:00+00:00",
        "finished_at": "2026-03-01T09:00:07+00:00",
    }
    fields.update(record)
    db = open_database()
    try:
        with transaction(db):
            review_id = insert_review(db, ReviewRecord(**fields), [finding])  # type: ignore[arg-type]
        finding_id = int(db.execute("SELECT MAX(id) FROM findings").fetchone()[0])
        return review_id, finding_id
    finally:
        db.close()


def open_review(window: MainWindow, qtbot: QtBot, review_id: int) -> None:
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        window.controller.open_entry("review", review_id)


def test_an_expired_acceptance_reopens_when_its_review_is_shown(
    window: MainWindow, qtbot: QtBot
) -> None:
    review_id, finding_id = stored_review()
    db = open_database()
    triage(db, finding_id, "accepted", "legacy", "2021-01-31", actor="erin", today=date(2020, 1, 1))
    db.close()
    open_review(window, qtbot, review_id)
    panel = window.session.findings
    qtbot.waitUntil(lambda: panel.findings()[0].status == "open", timeout=LONG)
    assert status_shown(panel, finding_id) == "Open"
    assert events(finding_id)[-1] == (
        "airlock",
        "accepted",
        "open",
        "acceptance expired on 2021-01-31",
        "2021-01-31",
    )
    qtbot.waitUntil(lambda: not window.runner.running(), timeout=LONG)


def test_the_audit_record_shows_what_produced_the_review(window: MainWindow, qtbot: QtBot) -> None:
    model_sha = "1d96" * 16
    prompt_sha = "ab" * 32
    review_id, _ = stored_review(
        model_id="qwen2.5-coder-0.5b",
        model_sha256=model_sha,
        prompt_hashes={"review.system.v1": prompt_sha},
        settings={"stages": ["model", "scanners"], "model": {"temperature": 0.1}},
    )
    open_review(window, qtbot, review_id)
    panel = window.session.findings
    assert panel.audit_button.isEnabled()
    qtbot.mouseClick(panel.audit_button, Qt.MouseButton.LeftButton)
    dialog = panel.audit_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    for expected in (
        model_sha,
        prompt_sha,
        "review.system.v1",
        "qwen2.5-coder-0.5b",
        '{"temperature": 0.1}',
        "0.1.0",
        "2026-03-01T09:00:00+00:00",
        "7 s",
    ):
        assert expected in text
    dialog.reject()


def stored(number: int, status: str, until: str | None = None) -> StoredFinding:
    finding = Finding(
        f"rule.{number}", f"Finding {number}", (22,), Severity.HIGH, Confidence.HIGH,
        ("taint",), "a.py", start_line=number,
    )  # fmt: skip
    return StoredFinding(number, 1, finding, status, "why" if status != "open" else None, until)


def test_the_status_column_groups_and_updates_in_place(qtbot: QtBot) -> None:
    model = FindingsTableModel()
    model.set_findings(
        [stored(1, "fixed"), stored(2, "open"), stored(3, "accepted", "2030-01-01"),
         stored(4, "false_positive")]
    )  # fmt: skip
    model.set_grouping("status")
    headings = [
        str(model.data(model.index(r, 0))) for r in range(model.rowCount()) if model.is_header(r)
    ]
    assert headings == ["Open  (1)", "Accepted risk  (1)", "False positive  (1)", "Fixed  (1)"]
    model.set_grouping("none")
    kept = QPersistentModelIndex(model.index(model.row_of(2) or 0, STATUS))
    model.update_findings([stored(2, "accepted", "2031-05-05")])
    assert model.finding_at(kept.row()) == stored(2, "accepted", "2031-05-05")
    assert model.data(model.index(kept.row(), STATUS)) == "Accepted risk until 2031-05-05"
