"""The triage dialog: set the status of the selected findings, see who decided what before.

The dialog validates with the core's rules (app.core.triage.decide) before anything is
stored, and stays open with the error shown inline until the decision is valid and saved.
The database work runs in the jobs below, on a worker thread (the findings panel starts
them); the dialog only shows what they return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from app.core.errors import AirlockError
from app.core.triage import (
    STATUSES,
    Decision,
    FindingEvent,
    decide,
    default_actor,
    expire_acceptances,
    inherited_events,
    triage_many,
)
from app.store import triage as triage_repo
from app.store.reviews import StoredFinding, get_finding
from app.ui.findings_model import STATUS_LABELS
from app.ui.jobs import Context, database

# A new acceptance is proposed for this long; the person picks the real date.
DEFAULT_ACCEPTANCE_DAYS = 90


# --- jobs (worker thread, no Qt) ------------------------------------------------------------


@dataclass(frozen=True)
class History:
    finding_id: int
    events: tuple[FindingEvent, ...]
    inherited: tuple[FindingEvent, ...]


def load_history(finding_id: int, _ctx: Context | None = None) -> History:
    with database() as db:
        return History(
            finding_id,
            tuple(triage_repo.finding_events(db, finding_id)),
            tuple(inherited_events(db, finding_id)),
        )


def apply_decision(
    finding_ids: Sequence[int], decision: Decision, _ctx: Context | None = None
) -> list[StoredFinding]:
    with database() as db:
        return triage_many(db, list(finding_ids), decision)


def reopen_expired(finding_ids: Sequence[int], _ctx: Context | None = None) -> list[StoredFinding]:
    """Reopen expired acceptances, then read the shown findings again."""
    with database() as db:
        expire_acceptances(db)
        return [get_finding(db, finding_id) for finding_id in finding_ids]


# --- the dialog -----------------------------------------------------------------------------


class TriageDialog(QDialog):
    """Emits `decided(Decision)` on Save; the panel stores it and then calls `done_saving`
    (closes) or `show_error` (stays open)."""

    decided = Signal(object)  # Decision

    def __init__(self, findings: Sequence[StoredFinding], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings = list(findings)
        self.setWindowTitle("Triage")
        self.setMinimumWidth(520)
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for status in STATUSES:
            self.status.addItem(STATUS_LABELS[status], status)
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("Why? Required for an accepted risk or a false positive.")
        self.reason.setMaximumHeight(self.reason.fontMetrics().lineSpacing() * 4 + 12)
        self.until = QDateEdit()
        self.until.setAccessibleName("Accepted until")
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.until.setDate(_qdate(date.today() + timedelta(days=DEFAULT_ACCEPTANCE_DAYS)))
        self.actor = QLineEdit(default_actor())
        self.actor.setAccessibleName("Decided by")
        self.error = QLabel()
        self.error.setAccessibleName("Triage error")
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.setWordWrap(True)
        self.history = QTextBrowser()
        self.history.setAccessibleName("Triage history")
        self.history.setHtml("<p style='color:gray'>Loading the history…</p>")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(_heading(self.findings)))
        form.addRow("Status", self.status)
        form.addRow("Reason", self.reason)
        form.addRow("Accepted until", self.until)
        form.addRow("Decided by", self.actor)
        form.addRow(self.error)
        form.addRow("History", self.history)
        form.addRow(buttons)
        self.status.currentIndexChanged.connect(self._on_status)
        self._preset()

    def _preset(self) -> None:
        """Start from the current decision when one finding is chosen."""
        if len(self.findings) == 1:
            current = self.findings[0]
            self.status.setCurrentIndex(max(self.status.findData(current.status), 0))
            self.reason.setPlainText(current.status_reason or "")
            if current.status_until:
                self.until.setDate(QDate.fromString(current.status_until, "yyyy-MM-dd"))
        else:
            self.history.setHtml(
                f"<p style='color:gray'>{len(self.findings)} findings: "
                "select one to see its history.</p>"
            )
        self._on_status()

    def _on_status(self, _index: int = 0) -> None:
        self.until.setEnabled(self.chosen_status() == "accepted")

    def chosen_status(self) -> str:
        return str(self.status.currentData())

    def decision(self) -> Decision:
        """The decision as entered, checked by the core's rules (raises UserInputError)."""
        status = self.chosen_status()
        until = self.until.date().toString("yyyy-MM-dd") if status == "accepted" else None
        return decide(
            status,
            reason=self.reason.toPlainText(),
            until=until,
            actor=self.actor.text(),
        )

    def submit(self) -> None:
        try:
            chosen = self.decision()
        except AirlockError as exc:
            self.show_error(exc)
            return
        self.error.clear()
        self.save_button.setEnabled(False)
        self.decided.emit(chosen)

    def show_error(self, error: BaseException) -> None:
        self.error.setText(str(error))
        self.save_button.setEnabled(True)

    def done_saving(self) -> None:
        self.accept()

    def show_history(self, history: History) -> None:
        self.history.setHtml(history_html(history))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _heading(findings: Sequence[StoredFinding]) -> str:
    if len(findings) == 1:
        finding = findings[0].finding
        return f"<b>{escape(finding.title)}</b> · {escape(finding.file)}"
    return f"<b>{len(findings)} findings</b> get the same decision"


def history_html(history: History) -> str:
    rows = [_event_row(e, earlier=True) for e in history.inherited]
    rows += [_event_row(e, earlier=False) for e in history.events]
    if not rows:
        return "<p style='color:gray'>No decisions yet: the finding is open.</p>"
    return "<table cellspacing='4'>" + "".join(rows) + "</table>"


def _event_row(event: FindingEvent, *, earlier: bool) -> str:
    change = f"{_label(event.old_status)} → {_label(event.new_status)}"
    if event.until and event.new_status == "accepted":
        change += f" until {event.until}"
    where = f" <span style='color:gray'>(finding {event.finding_id})</span>" if earlier else ""
    reason = f"<br><i>{escape(event.reason)}</i>" if event.reason else ""
    return (
        f"<tr><td>{escape(event.at.replace('T', ' ')[:16])}</td>"
        f"<td>{escape(event.actor)}</td><td>{change}{where}{reason}</td></tr>"
    )


def _label(status: str | None) -> str:
    return STATUS_LABELS.get(status, status) if status else "–"
