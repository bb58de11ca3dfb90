"""The findings panel: filter box, grouping, the sortable table and the detail pane.

It also carries the triage actions (the Triage… button opens app.ui.triage_dialog) and the
review's audit record (app.ui.audit_view). Database work runs on the window's TaskRunner,
given with `set_runner`; without one (a panel on its own) triage is unavailable. When a
review is shown, acceptances whose date has passed are reopened in the background and the
table updates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from html import escape

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.coverage import NOT_COVERED, counted_files, uncovered_files
from app.core.findings import Finding, FindingKind, ReviewWarning
from app.core.triage import Decision
from app.store.reviews import StoredFinding
from app.ui import triage_dialog
from app.ui.audit_view import AuditDialog
from app.ui.findings_delegate import FindingsDelegate
from app.ui.findings_model import (
    CONFIDENCE,
    CWE,
    GROUPINGS,
    LOCATION,
    SEVERITY,
    SOURCES,
    STATUS,
    STATUS_LABELS,
    TITLE,
    FindingsTableModel,
    cwe_text,
    location,
    source_family,
    status_text,
)
from app.ui.theme import SEVERITY_LABELS, severity_color
from app.ui.triage_dialog import TriageDialog
from app.ui.workers import Outcome, TaskRunner
from app.ui.workspace import ReviewView

_GROUP_LABELS = {
    "none": "No grouping",
    "severity": "Severity",
    "file": "File",
    "cwe": "CWE",
    "source": "Found by",
    "status": "Status",
}


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # StoredFinding
    selection_changed = Signal()
    triaged = Signal(object)  # list[StoredFinding]: their new states are stored and shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner: TaskRunner | None = None
        self.review: ReviewView | None = None
        self.triage_dialog: TriageDialog | None = None
        self.audit_dialog: AuditDialog | None = None
        # Triage decided here outlives the ReviewView the session keeps: shown again on reopen.
        self._decided: dict[int, StoredFinding] = {}
        self.model = FindingsTableModel()
        self.summary = QLabel("No review yet")
        self.summary.setAccessibleName("Review summary")
        self.summary.setWordWrap(True)
        self.filter_box = QLineEdit(placeholderText="Filter findings (title, file, CWE, source)…")
        self.filter_box.setAccessibleName("Filter findings")
        self.filter_box.setClearButtonEnabled(True)
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Group findings by")
        for key in GROUPINGS:
            self.group_box.addItem(_GROUP_LABELS[key], key)
        self.table = self._make_table()
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Finding detail")
        self.detail.setOpenLinks(False)
        self.triage_button = QPushButton("Triage…")
        self.triage_button.setAccessibleName("Triage the selected findings")
        self.triage_button.setToolTip(
            "Mark the selected findings open, fixed, accepted risk or false positive"
        )
        self.audit_button = QPushButton("Audit record…")
        self.audit_button.setAccessibleName("Show the review's audit record")
        self.audit_button.setToolTip("Model and prompt hashes, settings, versions and times")
        self._layout()
        self.triage_button.clicked.connect(self.ask_triage)
        self.audit_button.clicked.connect(self.show_audit)
        self.filter_box.textChanged.connect(self.model.set_filter_text)
        self.group_box.currentIndexChanged.connect(self._on_grouping)
        self.model.modelReset.connect(self._apply_spans)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.show_review(None)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName("Findings")
        table.setModel(self.model)
        table.setItemDelegate(FindingsDelegate(self.model, table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        table.sortByColumn(SEVERITY, Qt.SortOrder.DescendingOrder)
        table.verticalHeader().hide()
        table.setShowGrid(False)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (SEVERITY, 84),
            (LOCATION, 84),
            (CWE, 72),
            (SOURCES, 100),
            (CONFIDENCE, 76),
            (STATUS, 96),
        ):
            header.resizeSection(column, width)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        return table

    def _layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.filter_box, 1)
        tools.addWidget(QLabel("Group by"))
        tools.addWidget(self.group_box)
        tools.addWidget(self.triage_button)
        heading = QHBoxLayout()
        heading.addWidget(self.summary, 1)
        heading.addWidget(self.audit_button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(heading)
        top_layout.addLayout(tools)
        top_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("findings-splitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- content --------------------------------------------------------------------------

    def set_runner(self, runner: TaskRunner) -> None:
        """The window's task runner: triage and expiry then run off the GUI thread."""
        self.runner = runner
        self._update_buttons()

    def show_review(self, review: ReviewView | None) -> None:
        if review is not None and self._decided:
            shown = tuple(self._decided.get(f.id, f) for f in review.findings)
            review = ReviewView(review.review_id, shown, review.warnings, review.record)
        self.review = review
        findings = review.findings if review is not None else ()
        self.model.set_findings(findings)
        self.summary.setText(summary_html(review))
        self.detail.setHtml(_placeholder(review))
        self._update_buttons()
        self._reopen_expired(findings)

    def findings(self) -> list[StoredFinding]:
        return self.model.findings()

    def selected(self) -> list[StoredFinding]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [f for f in map(self.model.finding_at, rows) if f is not None]

    def select_row(self, row: int) -> None:
        """Select a finding by its row in the table as shown (headings count as rows)."""
        self.table.selectRow(row)

    def row_of(self, finding_id: int) -> int | None:
        return self.model.row_of(finding_id)

    # -- reactions ------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # severity colours follow light/dark
            self.model.set_findings(self.model.findings())
            self._apply_spans()

    def _on_grouping(self, _index: int) -> None:
        self.model.set_grouping(str(self.group_box.currentData()))

    def _apply_spans(self) -> None:
        self.table.clearSpans()
        columns = self.model.columnCount()
        for row in range(self.model.rowCount()):
            if self.model.is_header(row):
                self.table.setSpan(row, 0, 1, columns)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self.selection_changed.emit()
        current = self.table.selectionModel().currentIndex()
        item = self.model.finding_at(current.row()) if current.isValid() else None
        chosen = self.selected()
        if not isinstance(item, StoredFinding) or item not in chosen:
            item = chosen[0] if chosen else None
        if item is not None:
            self.detail.setHtml(finding_html(item.finding) + triage_html(item))
            self.finding_selected.emit(item)

    def current_index(self) -> QModelIndex:
        return self.table.selectionModel().currentIndex()

    # -- triage and audit -----------------------------------------------------------------

    def _stored(self) -> bool:
        return self.review is not None and self.review.review_id is not None

    def _update_buttons(self) -> None:
        can_triage = self.runner is not None and self._stored() and bool(self.selected())
        self.triage_button.setEnabled(can_triage)
        has_record = self.review is not None and self.review.record is not None
        self.audit_button.setEnabled(has_record)

    def ask_triage(self) -> TriageDialog | None:
        """Open the triage dialog for the selected findings (non-modal: the window stays live)."""
        chosen = self.selected()
        if not chosen or self.runner is None or not self._stored():
            return None
        dialog = TriageDialog(chosen, self.window())
        dialog.decided.connect(lambda decision: self._save_triage(dialog, decision))
        self.triage_dialog = dialog
        if len(chosen) == 1:
            task = self.runner.start(
                "triage-history", partial(triage_dialog.load_history, chosen[0].id)
            )
            task.when_finished(lambda outcome: _show_history(dialog, outcome))
        dialog.open()
        return dialog

    def _save_triage(self, dialog: TriageDialog, decision: Decision) -> None:
        assert self.runner is not None
        ids = [f.id for f in dialog.findings]
        task = self.runner.start("triage", partial(triage_dialog.apply_decision, ids, decision))
        task.when_finished(lambda outcome: self._on_triaged(dialog, outcome))

    def _on_triaged(self, dialog: TriageDialog, outcome: Outcome) -> None:
        if not outcome.ok:
            dialog.show_error(outcome.error or RuntimeError("the triage did not finish"))
            return
        self.show_changed(outcome.value)
        dialog.done_saving()
        self.triaged.emit(outcome.value)

    def show_changed(self, changed: Sequence[StoredFinding]) -> None:
        """Show findings whose triage state changed (kept for when the review is shown again)."""
        if not changed:
            return
        self._decided.update({item.id: item for item in changed})
        self.model.update_findings(changed)
        if self.review is not None:
            shown = tuple(self._decided.get(f.id, f) for f in self.review.findings)
            self.review = ReviewView(
                self.review.review_id, shown, self.review.warnings, self.review.record
            )
            self.summary.setText(summary_html(self.review))
        chosen = self.selected()
        if chosen:
            self.detail.setHtml(finding_html(chosen[0].finding) + triage_html(chosen[0]))

    def _reopen_expired(self, findings: Sequence[StoredFinding]) -> None:
        today = date.today().isoformat()
        due = [
            f.id
            for f in findings
            if f.status == "accepted" and f.status_until is not None and f.status_until < today
        ]
        if due and self.runner is not None:
            task = self.runner.start(
                "expire-acceptances", partial(triage_dialog.reopen_expired, due)
            )
            task.finished.connect(self._on_reopened)

    def _on_reopened(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.show_changed(outcome.value)

    def show_audit(self) -> AuditDialog | None:
        if self.review is None or self.review.record is None:
            return None
        dialog = AuditDialog(self.review.record, self.window())
        self.audit_dialog = dialog
        dialog.open()
        return dialog


def _show_history(dialog: TriageDialog, outcome: Outcome) -> None:
    if outcome.ok:
        dialog.show_history(outcome.value)


# --- HTML -----------------------------------------------------------------------------------


def summary_html(review: ReviewView | None) -> str:
    if review is None:
        return "No review yet. Generate code (Ctrl+Enter) or open files to review (Ctrl+O)."
    findings = [f.finding for f in review.findings if f.finding.is_finding]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in SEVERITY_LABELS}
    total = len(findings)
    parts = [f"<b>{total} finding{'s' if total != 1 else ''}</b>"]
    for severity, label in SEVERITY_LABELS.items():
        if counts[severity]:
            color = severity_color(severity).name()
            parts.append(f"<span style='color:{color}'>●</span> {counts[severity]} {label.lower()}")
    text = " &nbsp; ".join(parts)
    text += _apart_summary(review)
    text += triage_summary(review)
    # "0 findings" must not hide files no rule read: they get a line of their own.
    uncovered = uncovered_files(review.warnings)
    others = [w for w in review.warnings if w.kind != NOT_COVERED]
    if uncovered:
        count, shown = counted_files(uncovered, limit=4)
        text += (
            f"<br>⚠ <b>{count} not covered by rules</b> (read only by the secrets scan or "
            f"the model): {escape(shown)}"
        )
    if others:
        text += "<br>" + warnings_html(others)
    return text


def _apart_summary(review: ReviewView) -> str:
    """Items listed apart, not counted as findings: "· 2 questions for the reviewer · 5 notes"."""
    kinds = [f.finding.kind for f in review.findings]
    parts = []
    questions, notes = kinds.count(FindingKind.QUESTION), kinds.count(FindingKind.NOTE)
    if questions:
        parts.append(f"{questions} question{'s' if questions != 1 else ''} for the reviewer")
    if notes:
        parts.append(f"{notes} note{'s' if notes != 1 else ''}")
    return "".join(f" &nbsp;·&nbsp; {part}" for part in parts)


def triage_summary(review: ReviewView) -> str:
    """What was decided and what is new, e.g. "· 2 accepted risk · 3 new since review 4"."""
    parts = []
    for status in ("accepted", "false_positive", "fixed"):
        count = sum(1 for f in review.findings if f.status == status)
        if count:
            parts.append(f"{count} {STATUS_LABELS[status].lower()}")
    baseline = review.record.baseline_review_id if review.record is not None else None
    if baseline is not None:
        new = sum(1 for f in review.findings if f.baseline_state == "new")
        parts.append(f"{new} new since review {baseline}")
    return "".join(f" &nbsp;·&nbsp; {part}" for part in parts)


def triage_html(stored: StoredFinding) -> str:
    """The finding's triage state, under its explanation in the detail pane."""
    html = [f"<h4>Status</h4><p><b>{escape(status_text(stored))}</b>"]
    if stored.status_reason:
        html.append(f"<br>{escape(stored.status_reason)}")
    html.append("</p>")
    if stored.baseline_state is not None:
        html.append(f"<p style='color:gray'>Since the previous review: {stored.baseline_state}</p>")
    return "".join(html)


def warnings_html(warnings: Sequence[ReviewWarning], limit: int = 3) -> str:
    lines = [escape(f"{w.file}: {w.message}" if w.file else w.message) for w in warnings[:limit]]
    more = f" (and {len(warnings) - limit} more)" if len(warnings) > limit else ""
    return "⚠ " + "; ".join(lines) + more


def _placeholder(review: ReviewView | None) -> str:
    if review is None:
        return "<p style='color:gray'>The selected finding is explained here.</p>"
    if not review.findings:
        return "<p>No findings. The review's warnings, if any, are listed above.</p>"
    return "<p style='color:gray'>Select a finding to see why it matters and how to fix it.</p>"


def finding_html(finding: Finding) -> str:
    color = severity_color(finding.severity).name()
    label = SEVERITY_LABELS[finding.severity]
    meta = " · ".join(
        p for p in (escape(location(finding)), cwe_text(finding), escape(finding.rule_id)) if p
    )
    html = [
        f"<h3 style='margin-bottom:2px'><span style='color:{color}'>■</span> "
        f"{escape(finding.title)}</h3>",
        f"<p style='margin-top:0'><b style='color:{color}'>{label}</b> · {meta}</p>",
    ]
    if finding.kind in _KIND_NOTICES:
        html.append(f"<p style='color:gray'><i>{_KIND_NOTICES[finding.kind]}</i></p>")
    if finding.snippet:
        html.append(f"<pre>{escape(finding.snippet)}</pre>")
    html += _section("What is wrong", finding.message)
    html += _section("Why it matters for this threat model", finding.why)
    html += _section("How to fix it", finding.fix)
    if finding.patch:
        html.append(f"<pre>{escape(finding.patch)}</pre>")
    html.append("<h4>Found by</h4><ul>")
    for source in finding.sources:
        html.append(
            f"<li>{escape(source)} <span style='color:gray'>({source_family(source)})</span></li>"
        )
    html.append(f"</ul><p>Confidence: <b>{finding.confidence.value}</b></p>")
    return "".join(html)


_KIND_NOTICES = {
    FindingKind.QUESTION: (
        "Question for the reviewer: only the model reports this, in a class where its claims "
        "are not trusted as findings. Check it yourself; it is not exported to SARIF and "
        "does not fail a build."
    ),
    FindingKind.NOTE: (
        "Note: kept for the record, claiming no weakness. Not exported to SARIF and does not "
        "fail a build."
    ),
}


def _section(title: str, text: str) -> list[str]:
    if not text.strip():
        return []
    body = "<br>".join(escape(line) for line in text.strip().splitlines())
    return [f"<h4>{title}</h4><p>{body}</p>"]
