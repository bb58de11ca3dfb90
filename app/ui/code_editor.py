"""The code editor: line numbers, severity markers in the gutter, hover shows the finding.

Read-only for reviewed code, editable for pasted code. Text streamed from the model is
appended in batches without moving the reader's scroll position unless they follow the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from app.core.findings import Finding, Severity
from app.ui.highlighter import PygmentsHighlighter
from app.ui.theme import SEVERITY_LABELS, code_font, severity_color, tinted

MARKER_WIDTH = 12


@dataclass(frozen=True)
class Marker:
    """A finding as the editor marks it: lines, worst severity, a one-line description."""

    start_line: int
    end_line: int
    severity: Severity
    text: str

    @classmethod
    def of(cls, finding: Finding) -> Marker | None:
        if finding.start_line is None:
            return None
        end = max(finding.end_line or finding.start_line, finding.start_line)
        label = SEVERITY_LABELS[finding.severity]
        cwe = ", ".join(f"CWE-{n}" for n in finding.cwe)
        summary = " ".join((finding.message or finding.title).split())
        text = f"<b>{label}: {_escape(finding.title)}</b>" + (f" <i>{cwe}</i>" if cwe else "")
        text += f"<br>{_escape(summary[:300])}"
        return cls(finding.start_line, end, finding.severity, text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Gutter(QWidget):
    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self.setAccessibleName("Line numbers and finding markers")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._editor.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        self._editor.paint_gutter(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._editor.show_marker_tooltip(event.pos().y(), event.globalPos())
            return True
        return super().event(event)


class CodeEditor(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None, *, read_only: bool = True) -> None:
        super().__init__(parent)
        self.setFont(code_font())
        self.setReadOnly(read_only)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.highlighter = PygmentsHighlighter(self.document())
        self._gutter = _Gutter(self)
        self._markers: dict[int, list[Marker]] = {}
        self._focus: tuple[int, int] | None = None
        self.language = "text"
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self._update_gutter_width()

    # -- content --------------------------------------------------------------------------

    def set_code(self, text: str, language: str) -> None:
        self.language = language
        self.setPlainText(text)
        self.highlighter.set_language(language)

    def append_stream(self, text: str) -> None:
        """Append streamed text; keeps following the end only if the reader was there."""
        bar = self.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 2
        cursor = QTextCursor(self.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if following:
            bar.setValue(bar.maximum())

    # -- findings -------------------------------------------------------------------------

    def set_findings(self, findings: Sequence[Finding]) -> None:
        self._markers = {}
        for finding in findings:
            marker = Marker.of(finding)
            if marker is None:
                continue
            for line in range(marker.start_line, marker.end_line + 1):
                self._markers.setdefault(line, []).append(marker)
        self._focus = None
        self._refresh_selections()
        self._gutter.update()

    def markers_at(self, line: int) -> list[Marker]:
        return list(self._markers.get(line, ()))

    def go_to_lines(self, start: int, end: int | None = None) -> None:
        """Select the finding's lines and scroll them to the middle of the view."""
        end = max(end or start, start)
        self._focus = (start, end)
        block = self.document().findBlockByNumber(start - 1)
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self._refresh_selections()

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    def _worst(self, line: int) -> Severity | None:
        markers = self._markers.get(line)
        return max((m.severity for m in markers), key=lambda s: s.rank) if markers else None

    def _refresh_selections(self) -> None:
        selections = []
        for line in sorted(self._markers):
            severity = self._worst(line)
            if severity is not None:
                selections.append(self._line_selection(line, tinted(severity_color(severity), 28)))
        if self._focus is not None:
            highlight = tinted(self.palette().color(QPalette.ColorRole.Highlight), 70)
            for line in range(self._focus[0], self._focus[1] + 1):
                selections.append(self._line_selection(line, highlight))
        self.setExtraSelections(selections)

    def _line_selection(self, line: int, color: QColor) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(color)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(self.document().findBlockByNumber(line - 1))
        return selection

    # -- palette, drops, hover -------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # light/dark followed the system
            self.highlighter.restyle()
            self._refresh_selections()
            self._gutter.update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.ignore()  # files dropped here are for the window: it reviews them
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.ignore()
            return
        super().dragMoveEvent(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self.show_marker_tooltip(event.pos().y(), event.globalPos())
            return True
        return super().viewportEvent(event)

    def show_marker_tooltip(self, y: int, global_pos: QPoint) -> None:
        line = self._line_at(y)
        markers = self._markers.get(line) if line else None
        if markers:
            QToolTip.showText(global_pos, "<hr>".join(m.text for m in markers), self)
        else:
            QToolTip.hideText()

    def tooltip_for_line(self, line: int) -> str:
        return "<hr>".join(m.text for m in self._markers.get(line, ()))

    def _line_at(self, y: int) -> int | None:
        cursor = self.cursorForPosition(QPoint(0, y))
        return cursor.blockNumber() + 1 if not cursor.isNull() else None

    # -- gutter ---------------------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return MARKER_WIDTH + 8 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_gutter_width(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._update_gutter_width()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.color(QPalette.ColorRole.AlternateBase))
        painter.setFont(self.font())
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        current = self.textCursor().blockNumber()
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        width = self._gutter.width()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                number = block.blockNumber()
                self._paint_marker(painter, number + 1, top, height)
                painter.setPen(
                    palette.color(QPalette.ColorRole.Text) if number == current else muted
                )
                painter.drawText(
                    MARKER_WIDTH,
                    top,
                    width - MARKER_WIDTH - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(number + 1),
                )
            block = block.next()
            top = bottom
        painter.end()

    def _paint_marker(self, painter: QPainter, line: int, top: int, height: int) -> None:
        severity = self._worst(line)
        if severity is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(severity_color(severity))
        size = min(height - 4, MARKER_WIDTH - 4)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.drawRoundedRect(4, top + (height - size) // 2, size, size, 2, 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
