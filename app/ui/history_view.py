"""History: recent sessions and reviews, and full-text search over everything stored.

With the search box and the filters empty, the view lists the newest sessions and reviews.
Typing narrows that list at once; a moment later (or on Enter) the full-text search runs on a
worker thread, through the same call as `airlock history search`
(app.core.history.search_history), and its ranked matches replace the list: findings,
sessions, code and review targets, with the matched words in bold. A search that is still
running when the text changes again is followed by one for the newest text, never by a
stale result.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.findings import Severity
from app.core.history import STATUSES, SearchRequest, recent_history, search_history
from app.core.projects import list_projects
from app.store.search import MARK_END, MARK_START, HistoryRow, SearchHit
from app.ui.jobs import Context, database
from app.ui.workers import Outcome, TaskRunner

LIMIT = 200
SEARCH_LIMIT = 100
SEARCH_DELAY_MS = 250  # typing pauses this long before the search runs
MATCH_ROLE = Qt.ItemDataRole.UserRole + 1
LIST_HEADERS = ["Entry", "When", "Project", "Result", "Request or target"]
SEARCH_HEADERS = ["Entry", "When", "Project", "Result", "Match"]
KIND_CHOICES = (("Everything", ""), ("Findings", "finding"), ("Sessions", "session"),
                ("Code", "code"), ("Reviews", "review"))  # fmt: skip


@dataclass(frozen=True)
class HistoryEntry:
    kind: str  # "session" or "review" in the list; also "finding" or "code" in results
    id: int
    when: str
    project: str
    title: str
    detail: str
    snippet: str = ""  # matched text, terms between MARK_START and MARK_END
    location: str = ""  # a finding's file:line
    opens: tuple[str, int] | None = None  # what Open shows: ("session" | "review", id)

    @property
    def text(self) -> str:
        return " ".join((self.kind, str(self.id), self.project, self.title, self.detail)).casefold()

    @property
    def label(self) -> str:
        return f"{self.kind.capitalize()} {self.id}"


def load_history(_: Context | None = None) -> list[HistoryEntry]:
    """The first page of the list: sessions and reviews, newest first."""
    with database() as db:
        rows = recent_history(db, limit=LIMIT)
    return [_entry_from_row(row) for row in rows]


def _entry_from_row(row: HistoryRow) -> HistoryEntry:
    detail = row.status if row.kind == "session" else f"{row.findings} findings"
    return HistoryEntry(
        row.kind, row.id, row.when, row.project, _clip(row.title), detail, opens=(row.kind, row.id)
    )


def load_page(_: Context | None = None) -> tuple[list[HistoryEntry], list[str]]:
    """The list and the project names for the project filter."""
    with database() as db:
        names = [row.name for row in list_projects(db)]
    return load_history(), names


def search_entries(request: SearchRequest) -> list[HistoryEntry]:
    with database() as db:
        hits = search_history(db, request)
    return [_entry_from_hit(hit) for hit in hits]


def _entry_from_hit(hit: SearchHit) -> HistoryEntry:
    parts = [hit.severity or "", hit.status or "", ", ".join(f"CWE-{n}" for n in hit.cwe)]
    detail = " · ".join(p for p in parts if p)
    return HistoryEntry(
        hit.kind, hit.id, hit.when, hit.project, _clip(hit.title), detail,
        snippet=" ".join(hit.snippet.split()), location=hit.location, opens=hit.opens(),
    )  # fmt: skip


def _clip(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def match_html(entry: HistoryEntry) -> str:
    """The title, then the snippet with its matched words in bold, as safe HTML."""
    snippet = html.escape(entry.snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
    where = f" <span class='dim'>{html.escape(entry.location)}</span>" * bool(entry.location)
    if _unmarked(entry.snippet) == entry.title:
        return snippet + where  # the match is in the title itself: once is enough
    return f"{html.escape(entry.title)} <span class='dim'>—</span> {snippet}{where}"


def _unmarked(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


_TEXT = QPalette.ColorRole.Text


def _between(one: QColor, other: QColor) -> QColor:
    """Halfway between two colours: secondary text that follows a light or dark theme."""
    return QColor(
        (one.red() + other.red()) // 2,
        (one.green() + other.green()) // 2,
        (one.blue() + other.blue()) // 2,
    )


class _MatchDelegate(QStyledItemDelegate):
    """Paints a result's match as rich text, so the matched words show in bold."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        markup = index.data(MATCH_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, item, item.widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        text = item.palette.color(QPalette.ColorRole.HighlightedText if selected else _TEXT)
        dim = text if selected else _between(text, item.palette.color(QPalette.ColorRole.Base))
        document = QTextDocument()
        document.setDefaultFont(item.font)
        document.setDocumentMargin(1)
        document.setDefaultStyleSheet(f".dim {{ color: {dim.name()}; }}")
        document.setHtml(markup)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(_TEXT, text)
        painter.save()
        top = max(0.0, (rect.height() - document.size().height()) / 2)  # centred like the rest
        painter.translate(rect.left(), rect.top() + top)
        painter.setClipRect(rect.translated(-rect.left(), -rect.top()))
        document.documentLayout().draw(painter, context)
        painter.restore()


class HistoryView(QWidget):
    open_requested = Signal(str, int)  # "session" or "review", id

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("History")
        self._runner = runner
        self.entries: list[HistoryEntry] = []
        self.showing_results = False
        self._recent: list[HistoryEntry] = []
        self._searching: SearchRequest | None = None
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search = QLineEdit(placeholderText='Search: words, "a phrase", prefix*')
        self.search.setAccessibleName("Search history")
        self.search.setClearButtonEnabled(True)
        self._build_filters()
        self.message = QLabel("")
        self.message.setAccessibleName("Search status")
        self.table = self._build_table()
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
        layout.addLayout(self._filter_row())
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self._on_text)
        self.search.returnPressed.connect(self.run_search)
        refresh.clicked.connect(self.refresh)
        open_button.clicked.connect(self.open_selected)
        self.table.itemActivated.connect(lambda _item: self.open_selected())

    def _build_filters(self) -> None:
        self.project_filter = _combo("Project", [("All projects", "")])
        self.kind_filter = _combo("Kind", list(KIND_CHOICES))
        self.severity_filter = _combo(
            "Severity", [("Any severity", ""), *((s.value, s.value) for s in Severity)]
        )
        self.status_filter = _combo(
            "Status", [("Any status", ""), *((s.replace("_", " "), s) for s in STATUSES)]
        )
        self.cwe_filter = _line("CWE", "CWE, e.g. 89")
        self.source_filter = _line("Found by", "Found by, e.g. bandit")
        self.since_filter = _line("Since", "Since YYYY-MM-DD")
        self.until_filter = _line("Until", "Until YYYY-MM-DD")
        for combo in self._combos():
            combo.currentIndexChanged.connect(lambda _i: self._schedule())
        for line in self._lines():
            line.textChanged.connect(lambda _t: self._schedule())
            line.returnPressed.connect(self.run_search)

    def _combos(self) -> tuple[QComboBox, ...]:
        return (self.project_filter, self.kind_filter, self.severity_filter, self.status_filter)

    def _lines(self) -> tuple[QLineEdit, ...]:
        return (self.cwe_filter, self.source_filter, self.since_filter, self.until_filter)

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in (*self._combos(), *self._lines()):
            row.addWidget(widget)
        return row

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, 5)
        table.setAccessibleName("Sessions and reviews")
        table.setHorizontalHeaderLabels(LIST_HEADERS)
        header = table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setItemDelegateForColumn(4, _MatchDelegate(table))
        return table

    # --- The list ---------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._runner.is_busy("history"):
            task = self._runner.start("history", load_page)
            task.finished.connect(self._on_loaded)

    def _on_loaded(self, outcome: Outcome) -> None:
        if not outcome.ok:
            self.message.setText(outcome.message)
            return
        self._recent, names = outcome.value
        self._set_projects(names)
        if self.current_request() is None:
            self.show_entries(self._recent)
        else:
            self.run_search()  # new rows may match

    def _set_projects(self, names: list[str]) -> None:
        chosen = self.project_filter.currentData()
        self.project_filter.blockSignals(True)
        self.project_filter.clear()
        self.project_filter.addItem("All projects", "")
        for name in names:
            self.project_filter.addItem(name, name)
        self.project_filter.setCurrentIndex(max(0, self.project_filter.findData(chosen)))
        self.project_filter.blockSignals(False)

    def show_entries(self, entries: list[HistoryEntry], *, results: bool = False) -> None:
        self.entries = entries
        self.showing_results = results
        self.table.setHorizontalHeaderLabels(SEARCH_HEADERS if results else LIST_HEADERS)
        self.table.setRowCount(0)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            self._fill_row(row, entry, results=results)
        if not results:
            self._filter(self.search.text())

    def _fill_row(self, row: int, entry: HistoryEntry, *, results: bool) -> None:
        values = (entry.label, entry.when.replace("T", " ")[:16], entry.project, entry.detail,
                  entry.title)  # fmt: skip
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.opens)
            if column == 4 and results:
                item.setData(MATCH_ROLE, match_html(entry))
                item.setToolTip(_unmarked(entry.snippet))
            self.table.setItem(row, column, item)

    def _filter(self, text: str) -> None:
        """Narrow the listed entries at once, while the full-text search is on its way."""
        words = text.casefold().split()
        for row, entry in enumerate(self.entries):
            self.table.setRowHidden(row, not all(w in entry.text for w in words))

    def visible_entries(self) -> list[HistoryEntry]:
        return [e for row, e in enumerate(self.entries) if not self.table.isRowHidden(row)]

    # --- Searching --------------------------------------------------------------------------

    def current_request(self) -> SearchRequest | None:
        """What the box and the filters ask for; None when they are all empty."""
        request = SearchRequest(
            text=self.search.text().strip(),
            project=self.project_filter.currentData() or None,
            kinds=_one(self.kind_filter.currentData()),
            severities=_one(self.severity_filter.currentData()),
            statuses=_one(self.status_filter.currentData()),
            cwes=_one(self.cwe_filter.text().strip()),
            sources=_one(self.source_filter.text().strip()),
            since=self.since_filter.text().strip() or None,
            until=self.until_filter.text().strip() or None,
            limit=SEARCH_LIMIT,
        )
        return None if request == SearchRequest(limit=SEARCH_LIMIT) else request

    def _on_text(self, text: str) -> None:
        if not self.showing_results:
            self._filter(text)
        self._schedule()

    def _schedule(self) -> None:
        self._timer.start()

    def run_search(self) -> None:
        """Search now for what the box and filters say (or show the list if they are empty)."""
        self._timer.stop()
        request = self.current_request()
        if request is None:
            self.message.setText("")
            self.show_entries(self._recent)
            return
        if self._runner.is_busy("history-search"):
            return  # _on_searched sees that the request changed and searches again
        try:
            task = self._runner.start("history-search", lambda _ctx: search_entries(request))
        except RuntimeError:  # the window is closing and its runner takes no more jobs
            return
        self._searching = request
        self.message.setText("Searching…")
        task.finished.connect(self._on_searched)

    def _on_searched(self, outcome: Outcome) -> None:
        if outcome.cancelled:  # the window is closing
            return
        if self._searching != self.current_request():
            self.run_search()  # the user changed the search meanwhile
            return
        if outcome.ok:
            self.show_entries(outcome.value, results=True)
            count = len(outcome.value)
            self.message.setText(f"{count} match{'es' if count != 1 else ''}")
        elif outcome.error is not None:
            error = html.escape(outcome.message)
            self.message.setText(f"<span style='color:#b3261e'>{error}</span>")

    # --- Opening ----------------------------------------------------------------------------

    def open_selected(self) -> None:
        items = self.table.selectedItems()
        if not items:
            return
        target = items[0].data(Qt.ItemDataRole.UserRole)
        if target is None:
            self.message.setText("This code is not part of a session; there is nothing to open.")
            return
        kind, entry_id = target
        self.open_requested.emit(kind, entry_id)


def _combo(name: str, choices: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(f"Filter: {name}")
    for label, value in choices:
        combo.addItem(label, value)
    return combo


def _line(name: str, placeholder: str) -> QLineEdit:
    line = QLineEdit(placeholderText=placeholder)
    line.setAccessibleName(f"Filter: {name}")
    line.setClearButtonEnabled(True)
    line.setMaximumWidth(160)
    return line


def _one(value: str | None) -> tuple[str, ...]:
    return (value,) if value else ()
