"""History: recent generation sessions and reviews, with a simple search; opens either one.

Full-text search arrives with the history issue; until then the box filters the listed
entries by their text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.sessions import list_sessions
from app.store.reviews import list_reviews, review_findings
from app.ui.jobs import Context, database
from app.ui.workers import Outcome, TaskRunner

LIMIT = 200


@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # "session" or "review"
    id: int
    when: str
    project: str
    title: str
    detail: str

    @property
    def text(self) -> str:
        return " ".join((self.kind, str(self.id), self.project, self.title, self.detail)).casefold()


def load_history(_: Context | None = None) -> list[HistoryEntry]:
    """Sessions and reviews, newest first (reviews of sessions are listed with them)."""
    with database() as db:
        entries = [
            HistoryEntry("session", row.id, row.created_at, project, _clip(row.request), row.status)
            for row, project in list_sessions(db, limit=LIMIT)
        ]
        names = {s.id: s.project for s in entries}
        for record in list_reviews(db, limit=LIMIT):
            if record.id is None:
                continue
            count = len(review_findings(db, record.id))
            project = names.get(record.session_id or -1, "")
            entries.append(
                HistoryEntry(
                    "review",
                    record.id,
                    record.started_at,
                    project,
                    _clip(record.target),
                    f"{count} findings",
                )
            )
    return sorted(entries, key=lambda e: e.when, reverse=True)


def _clip(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HistoryView(QWidget):
    open_requested = Signal(str, int)  # kind, id

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self._runner = runner
        self.entries: list[HistoryEntry] = []
        self.search = QLineEdit(placeholderText="Search sessions and reviews…")
        self.search.setAccessibleName("Search history")
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, 5)
        self.table.setAccessibleName("Sessions and reviews")
        self.table.setHorizontalHeaderLabels(
            ["Entry", "When", "Project", "Result", "Request or target"]
        )
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        open_button = QPushButton("Open")
        open_button.setAccessibleName("Open the selected entry")
        refresh = QPushButton("Refresh")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(refresh)
        top.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>History</h3>"))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self._filter)
        refresh.clicked.connect(self.refresh)
        open_button.clicked.connect(self.open_selected)
        self.table.itemActivated.connect(lambda _item: self.open_selected())

    def refresh(self) -> None:
        if not self._runner.is_busy("history"):
            task = self._runner.start("history", load_history)
            task.finished.connect(self._on_loaded)

    def _on_loaded(self, outcome: Outcome) -> None:
        if outcome.ok:
            self.show_entries(outcome.value)

    def show_entries(self, entries: list[HistoryEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(0)
        for entry in entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            label = f"Session {entry.id}" if entry.kind == "session" else f"Review {entry.id}"
            values = (
                label,
                entry.when.replace("T", " ")[:16],
                entry.project,
                entry.detail,
                entry.title,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (entry.kind, entry.id))
                self.table.setItem(row, column, item)
        self._filter(self.search.text())

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row, entry in enumerate(self.entries):
            self.table.setRowHidden(row, not all(w in entry.text for w in words))

    def visible_entries(self) -> list[HistoryEntry]:
        return [e for row, e in enumerate(self.entries) if not self.table.isRowHidden(row)]

    def open_selected(self) -> None:
        items = self.table.selectedItems()
        if items:
            kind, entry_id = items[0].data(Qt.ItemDataRole.UserRole)
            self.open_requested.emit(kind, entry_id)
