"""Paints the findings table from the model's prepared rows, with one Python call per cell.

The stock delegate asks the model for seven roles per cell; with the review running in a
worker each of those calls waits for the interpreter lock. Filling the style option from the
row directly keeps painting smooth (see findings_model's docstring).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.core.findings import Severity
from app.ui.findings_model import SEVERITY, FindingsTableModel, Header

_FEATURES = QStyleOptionViewItem.ViewItemFeature
ICON_SIZE = 10


class FindingsDelegate(QStyledItemDelegate):
    def __init__(self, model: FindingsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._icons: dict[Severity, QIcon] = {}
        model.modelReset.connect(self._icons.clear)  # colours follow the palette

    def initStyleOption(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = self._model.item(index.row())
        if item is None:
            super().initStyleOption(option, index)
            return
        option.index = self._model.index(index.row(), index.column())
        option.features |= _FEATURES.HasDisplay
        option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        column = index.column()
        if isinstance(item, Header):
            option.text = item.label if column == 0 else ""
            font = QFont(option.font)
            font.setBold(True)
            option.font = font
            option.fontMetrics = QFontMetrics(font)
            return
        option.text = item.display[column]
        if column == SEVERITY:
            option.features |= _FEATURES.HasDecoration
            option.icon = self._icon(item.severity)
            option.decorationSize = QSize(ICON_SIZE, ICON_SIZE)

    def _icon(self, severity: Severity) -> QIcon:
        icon = self._icons.get(severity)
        if icon is None:
            pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
            pixmap.fill(self._model.severity_icon_color(severity))
            icon = self._icons[severity] = QIcon(pixmap)
        return icon
