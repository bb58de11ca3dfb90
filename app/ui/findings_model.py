"""The Qt model of a review's findings: one table that filters, sorts and groups itself.

Sorting, filtering and grouping happen here, in Python, once per change, over rows whose
texts are computed once. A chain of proxy models would do the same with a Python call per
comparison and several per painted cell, and while a review runs in a worker every such
call waits for the interpreter lock: the window would stutter. With grouping on, a heading
row ("High (3)") comes before each group; it has no finding.

Questions for the reviewer (claims only the model made, in classes where its claims are not
trusted as findings) and notes (info) are not findings: they come after the findings, each
kind under its own heading row ("Questions for the reviewer (2)", "Notes (5)"), whatever the
grouping; filtering and sorting apply inside each part.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from app.core.findings import Finding, FindingKind, Severity
from app.store.reviews import StoredFinding
from app.ui.theme import SEVERITY_LABELS, severity_color

FINDING_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
IS_HEADER_ROLE = Qt.ItemDataRole.UserRole + 4

COLUMNS = ("Severity", "Finding", "Location", "CWE", "Found by", "Confidence", "Status")
SEVERITY, TITLE, LOCATION, CWE, SOURCES, CONFIDENCE, STATUS = range(len(COLUMNS))
GROUPINGS = ("none", "severity", "file", "cwe", "source", "status")

STATUS_LABELS = {
    "open": "Open",
    "fixed": "Fixed",
    "accepted": "Accepted risk",
    "false_positive": "False positive",
}
# Triage order for sorting and grouping: what still needs a decision first.
_STATUS_ORDER = ("open", "accepted", "false_positive", "fixed")
# Items that are not findings, shown after them under these headings, in this order.
KIND_HEADINGS = {
    FindingKind.QUESTION: "Questions for the reviewer",
    FindingKind.NOTE: "Notes",
}

AnyIndex = QModelIndex | QPersistentModelIndex


def location(finding: Finding) -> str:
    if finding.start_line is None:
        return finding.file
    if finding.end_line and finding.end_line != finding.start_line:
        return f"{finding.file}:{finding.start_line}-{finding.end_line}"
    return f"{finding.file}:{finding.start_line}"


def source_family(source: str) -> str:
    """'bandit' -> 'scanner', 'policy:file_upload' -> 'threat-model policy', 'model:x' -> ..."""
    if source.startswith("policy"):
        return "threat-model policy"
    if source.startswith("model"):
        return "model"
    if source == "taint":
        return "data-flow analysis"
    return "scanner"


def sources_text(finding: Finding) -> str:
    return ", ".join(finding.sources)


def cwe_text(finding: Finding) -> str:
    return ", ".join(f"CWE-{n}" for n in finding.cwe)


def status_text(stored: StoredFinding) -> str:
    """The status as the table shows it: "Accepted risk until 2027-03-31", "Open (new)"."""
    text = STATUS_LABELS.get(stored.status, stored.status)
    if stored.status == "accepted" and stored.status_until:
        text += f" until {stored.status_until}"
    if stored.baseline_state == "new" and stored.status == "open":
        text += " (new)"
    return text


def status_rank(status: str) -> int:
    return _STATUS_ORDER.index(status) if status in _STATUS_ORDER else len(_STATUS_ORDER)


def group_key(finding: Finding, grouping: str, status: str = "open") -> tuple[Any, str]:
    """(sort key, heading) of the finding's group."""
    if grouping == "status":
        return (status_rank(status), STATUS_LABELS.get(status, status))
    if grouping == "severity":
        return (-finding.severity.rank, SEVERITY_LABELS[finding.severity])
    if grouping == "file":
        return (finding.file, finding.file)
    if grouping == "cwe":
        first = finding.cwe[0] if finding.cwe else 10**9
        return (first, f"CWE-{first}" if finding.cwe else "No CWE")
    if grouping == "source":
        family = source_family(finding.sources[0]) if finding.sources else "unknown"
        return (family, family.capitalize())
    return (0, "")


class Row:
    """Everything the table shows of one finding, computed once (views ask very often)."""

    __slots__ = ("display", "search", "sort", "stored", "tooltip")

    def __init__(self, stored: StoredFinding) -> None:
        finding = stored.finding
        self.stored = stored
        self.display = (
            SEVERITY_LABELS[finding.severity],
            finding.title,
            location(finding),
            cwe_text(finding),
            sources_text(finding),
            finding.confidence.value,
            status_text(stored),
        )
        line = finding.start_line or 0
        self.sort: tuple[Any, ...] = (
            finding.severity.rank * 1_000_000 - stored.id,
            finding.title.casefold(),
            (finding.file, line),
            finding.cwe[0] if finding.cwe else 10**9,
            self.display[SOURCES],
            finding.confidence.rank,
            (status_rank(stored.status), stored.status_until or ""),
        )
        self.search = " ".join((*self.display, finding.rule_id, finding.message)).casefold()
        self.tooltip = finding.message or finding.title
        if stored.status_reason:
            self.tooltip += f"\n{self.display[STATUS]}: {stored.status_reason}"

    @property
    def severity(self) -> Severity:
        return self.stored.finding.severity

    @property
    def kind(self) -> FindingKind:
        return self.stored.finding.kind


class Header:
    __slots__ = ("count", "text")

    def __init__(self, text: str, count: int) -> None:
        self.text, self.count = text, count

    @property
    def label(self) -> str:
        return f"{self.text}  ({self.count})"


_DISPLAY = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class FindingsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[Row] = []
        self._shown: list[Row | Header] = []
        self._words: list[str] = []
        self._grouping = "none"
        self._sort = (SEVERITY, Qt.SortOrder.DescendingOrder)
        self._colors: dict[Severity, QColor] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # -- content and view settings --------------------------------------------------------

    def set_findings(self, findings: Sequence[StoredFinding]) -> None:
        self.beginResetModel()
        self._colors = {s: severity_color(s) for s in Severity}  # the palette may have changed
        self._all = [Row(stored) for stored in findings]
        self._arrange()
        self.endResetModel()

    def update_findings(self, changed: Sequence[StoredFinding]) -> None:
        """Show new states of some findings (after a triage), keeping order and selection."""
        by_id = {item.id: item for item in changed}
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        was = [(self._shown[i.row()], i.column()) for i in before]
        rows = {id(row): row for row in self._all}
        for number, row in enumerate(self._all):
            if row.stored.id in by_id:
                self._all[number] = Row(by_id[row.stored.id])
        renamed = {id(old): new for old, new in zip(rows.values(), self._all, strict=True)}
        self._arrange()
        place = {id(item): n for n, item in enumerate(self._shown)}
        after = [
            self.index(place[id(renamed.get(id(item), item))], column)
            if id(renamed.get(id(item), item)) in place
            else QModelIndex()
            for item, column in was
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def set_filter_text(self, text: str) -> None:
        self.beginResetModel()
        self._words = text.casefold().split()
        self._arrange()
        self.endResetModel()

    def set_grouping(self, grouping: str) -> None:
        if grouping not in GROUPINGS:
            raise ValueError(f"unknown grouping {grouping!r}")
        self.beginResetModel()
        self._grouping = grouping
        self._arrange()
        self.endResetModel()

    @property
    def grouping(self) -> str:
        return self._grouping

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (inside each group), keeping the selection on the same findings."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        was = [(self._shown[i.row()], i.column()) for i in before]
        self._sort = (column, order)
        self._arrange()
        place = {id(item): row for row, item in enumerate(self._shown)}
        after = [
            self.index(place[id(item)], column) if id(item) in place else QModelIndex()
            for item, column in was
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _arrange(self) -> None:
        rows = [r for r in self._all if all(word in r.search for word in self._words)]
        column, order = self._sort
        rows.sort(key=lambda r: r.sort[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._shown = self._grouped([r for r in rows if r.kind is FindingKind.FINDING])
        for kind, heading in KIND_HEADINGS.items():
            apart = [r for r in rows if r.kind is kind]
            if apart:
                self._shown.append(Header(heading, len(apart)))
                self._shown.extend(apart)

    def _grouped(self, rows: list[Row]) -> list[Row | Header]:
        if self._grouping == "none":
            return list(rows)
        groups: dict[tuple[Any, str], list[Row]] = {}
        for row in rows:
            key = group_key(row.stored.finding, self._grouping, row.stored.status)
            groups.setdefault(key, []).append(row)
        shown: list[Row | Header] = []
        for key in sorted(groups, key=lambda k: k[0]):
            shown.append(Header(key[1], len(groups[key])))
            shown.extend(groups[key])
        return shown

    # -- reading --------------------------------------------------------------------------

    def findings(self) -> list[StoredFinding]:
        """Every finding of the review, shown or filtered out."""
        return [row.stored for row in self._all]

    def item(self, row: int) -> Row | Header | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def finding_at(self, row: int) -> StoredFinding | None:
        item = self.item(row)
        return item.stored if isinstance(item, Row) else None

    def is_header(self, row: int) -> bool:
        return isinstance(self.item(row), Header)

    def row_of(self, finding_id: int) -> int | None:
        for number, item in enumerate(self._shown):
            if isinstance(item, Row) and item.stored.id == finding_id:
                return number
        return None

    def severity_icon_color(self, severity: Severity) -> QColor:
        return self._colors.get(severity) or severity_color(severity)

    # -- the model interface --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._shown):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item(index.row()) if index.isValid() else None
        column = index.column()
        if item is None or not 0 <= column < len(COLUMNS):
            return None
        if isinstance(item, Header):
            return self._header_data(item, column, role)
        if role in _DISPLAY:
            return item.display[column]
        if role == FINDING_ROLE:
            return item.stored
        if role == SORT_ROLE:
            return item.sort[column]
        if role == Qt.ItemDataRole.DecorationRole and column == SEVERITY:
            return self.severity_icon_color(item.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.tooltip
        if role == IS_HEADER_ROLE:
            return False
        return None

    def _header_data(self, header: Header, column: int, role: int) -> Any:
        if role == IS_HEADER_ROLE:
            return True
        if role in _DISPLAY:
            return header.label if column == 0 else ""
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        return None
