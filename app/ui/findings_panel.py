"""The findings panel: filter box, grouping, the sortable table and the detail pane."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Finding, ReviewWarning
from app.store.reviews import StoredFinding
from app.ui.findings_delegate import FindingsDelegate
from app.ui.findings_model import (
    CONFIDENCE,
    CWE,
    GROUPINGS,
    LOCATION,
    SEVERITY,
    SOURCES,
    TITLE,
    FindingsTableModel,
    cwe_text,
    location,
    source_family,
)
from app.ui.theme import SEVERITY_LABELS, severity_color
from app.ui.workspace import ReviewView

_GROUP_LABELS = {
    "none": "No grouping",
    "severity": "Severity",
    "file": "File",
    "cwe": "CWE",
    "source": "Found by",
}


class FindingsPanel(QWidget):
    finding_selected = Signal(object)  # StoredFinding
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self._layout()
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
            (SEVERITY, 90),
            (LOCATION, 90),
            (CWE, 80),
            (SOURCES, 110),
            (CONFIDENCE, 86),
        ):
            header.resizeSection(column, width)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        return table

    def _layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(self.filter_box, 1)
        tools.addWidget(QLabel("Group by"))
        tools.addWidget(self.group_box)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.summary)
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

    def show_review(self, review: ReviewView | None) -> None:
        findings = review.findings if review is not None else ()
        self.model.set_findings(findings)
        self.summary.setText(summary_html(review))
        self.detail.setHtml(_placeholder(review))

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
        self.selection_changed.emit()
        current = self.table.selectionModel().currentIndex()
        item = self.model.finding_at(current.row()) if current.isValid() else None
        chosen = self.selected()
        if not isinstance(item, StoredFinding) or item not in chosen:
            item = chosen[0] if chosen else None
        if item is not None:
            self.detail.setHtml(finding_html(item.finding))
            self.finding_selected.emit(item)

    def current_index(self) -> QModelIndex:
        return self.table.selectionModel().currentIndex()


# --- HTML -----------------------------------------------------------------------------------


def summary_html(review: ReviewView | None) -> str:
    if review is None:
        return "No review yet. Generate code (Ctrl+Enter) or open files to review (Ctrl+O)."
    counts = review.counts()
    total = sum(counts.values())
    parts = [f"<b>{total} finding{'s' if total != 1 else ''}</b>"]
    for severity, label in SEVERITY_LABELS.items():
        if counts.get(severity.value):
            color = severity_color(severity).name()
            parts.append(
                f"<span style='color:{color}'>●</span> {counts[severity.value]} {label.lower()}"
            )
    text = " &nbsp; ".join(parts)
    if review.warnings:
        text += "<br>" + warnings_html(review.warnings)
    return text


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


def _section(title: str, text: str) -> list[str]:
    if not text.strip():
        return []
    body = "<br>".join(escape(line) for line in text.strip().splitlines())
    return [f"<h4>{title}</h4><p>{body}</p>"]
