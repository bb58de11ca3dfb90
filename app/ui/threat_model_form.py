"""The structured part of the threat-model editor: general fields, the lists, the policies.

The widgets are built from the threat-model dataclasses' fields, so a field added to the
format shows up here. The form reads and writes the plain document (a dict, as in YAML);
keys it does not show (assumptions, notes) pass through unchanged. Validation is the core's.
"""

from __future__ import annotations

import typing
from dataclasses import fields
from types import NoneType, UnionType
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.threat_model import (
    CLASSIFICATIONS,
    EXPOSURES,
    SECRET_SOURCES,
    TRUST_LEVELS,
    Actor,
    Asset,
    DataFlow,
    Policies,
    TrustZone,
)

Document = dict[str, Any]
LISTS: tuple[tuple[str, str, type], ...] = (
    ("assets", "Assets", Asset),
    ("actors", "Actors", Actor),
    ("trust_zones", "Trust zones", TrustZone),
    ("data_flows", "Data flows", DataFlow),
)
CHOICES = {
    "classification": CLASSIFICATIONS,
    "trust": TRUST_LEVELS,
    "exposure": EXPOSURES,
    "source": SECRET_SOURCES,
}
MANAGED = (
    "name",
    "description",
    "exposure",
    "compliance",
    *(key for key, _, _ in LISTS),
    "policies",
)
NOT_SET = "(not set)"


def field_kind(owner: type, name: str) -> str:
    """'bool', 'int', 'list' or 'text': how a field's value is typed in."""
    hint = typing.get_type_hints(owner)[name]
    args = (
        [a for a in typing.get_args(hint) if a is not NoneType]
        if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union
        else [hint]
    )
    base = args[0] if args else hint
    if base is bool:
        return "bool"
    if base is int:
        return "int"
    if typing.get_origin(base) is tuple:
        return "list"
    return "text"


def label_of(name: str) -> str:
    if name == "pii":
        return "PII"
    return name.replace("_", " ").capitalize()


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def from_text(text: str, kind: str) -> Any:
    """The document value for typed text; None leaves the key out. Bad ints stay text, so
    that validation names the field."""
    text = text.strip()
    if not text or text == NOT_SET:
        return None
    if kind == "bool":
        return {"yes": True, "no": False}.get(text, text)
    if kind == "int":
        return int(text) if text.isdigit() else text
    if kind == "list":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


class ValueField:
    """One scalar field as a widget: a combo for yes/no and fixed choices, else a line edit."""

    def __init__(self, name: str, kind: str, on_change: Any) -> None:
        self.name, self.kind = name, kind
        choices = ("yes", "no") if kind == "bool" else CHOICES.get(name)
        self.widget: QComboBox | QLineEdit
        if choices:
            box = QComboBox()
            box.addItems([NOT_SET, *choices])
            box.currentIndexChanged.connect(on_change)
            self.widget = box
        else:
            edit = QLineEdit()
            if kind == "list":
                edit.setPlaceholderText("comma-separated")
            edit.textEdited.connect(on_change)
            self.widget = edit
        self.widget.setAccessibleName(label_of(name))

    def set(self, value: Any) -> None:
        text = to_text(value)
        if isinstance(self.widget, QComboBox):
            index = self.widget.findText(text) if text else 0
            self.widget.setCurrentIndex(max(index, 0))
        else:
            self.widget.setText(text)
            self.widget.setCursorPosition(0)  # show the start of a long value, not its end

    def get(self) -> Any:
        text = (
            self.widget.currentText() if isinstance(self.widget, QComboBox) else self.widget.text()
        )
        return from_text(text, self.kind)


class RecordTable(QWidget):
    """A list of records (assets, actors, ...) as an editable table with add and remove."""

    def __init__(self, title: str, record_type: type, on_change: Any) -> None:
        super().__init__()
        self.names = [f.name for f in fields(record_type)]
        self.kinds = [field_kind(record_type, n) for n in self.names]
        self.table = QTableWidget(0, len(self.names))
        self.table.setAccessibleName(title)
        self.table.setHorizontalHeaderLabels([label_of(n) for n in self.names])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(on_change)
        add = QPushButton("Add")
        add.setAccessibleName(f"Add to {title.lower()}")
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove from {title.lower()}")
        add.clicked.connect(self.add_row)
        remove.clicked.connect(self.remove_selected)
        add.clicked.connect(on_change)
        remove.clicked.connect(on_change)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_records(self, records: Any) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for record in records if isinstance(records, list) else []:
            row = self.add_row()
            for column, name in enumerate(self.names):
                value = record.get(name) if isinstance(record, dict) else None
                self.table.setItem(row, column, QTableWidgetItem(to_text(value)))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self.fit_height()

    def fit_height(self) -> None:
        """Show every row (up to ten) so that the form scrolls, not each table."""
        rows = min(max(self.table.rowCount(), 2), 10)
        height = self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
        height += rows * self.table.verticalHeader().defaultSectionSize()
        self.table.setFixedHeight(height + 2)

    def add_row(self) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.fit_height()
        return row

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.fit_height()

    def records(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.table.rowCount()):
            record = {}
            for column, (name, kind) in enumerate(zip(self.names, self.kinds, strict=True)):
                item = self.table.item(row, column)
                value = from_text(item.text(), kind) if item is not None else None
                if value is not None:
                    record[name] = value
            if record:
                result.append(record)
        return result


class PolicyGroup(QGroupBox):
    """One policy (file upload, logging, ...): checkable; unchecked leaves it out."""

    def __init__(self, name: str, policy_type: type, on_change: Any) -> None:
        super().__init__(label_of(name))
        self.name = name
        self.setCheckable(True)
        self.setAccessibleName(f"{label_of(name)} policy")
        self.toggled.connect(on_change)
        self.fields = [
            ValueField(f.name, field_kind(policy_type, f.name), on_change)
            for f in fields(policy_type)
        ]
        layout = QFormLayout(self)
        for value_field in self.fields:
            layout.addRow(label_of(value_field.name), value_field.widget)

    def set_policy(self, policy: Any) -> None:
        self.setChecked(isinstance(policy, dict))
        for value_field in self.fields:
            value_field.set(policy.get(value_field.name) if isinstance(policy, dict) else None)

    def policy(self) -> dict[str, Any] | None:
        if not self.isChecked():
            return None
        values = {f.name: f.get() for f in self.fields}
        return {k: v for k, v in values.items() if v is not None}


class ThreatModelForm(QScrollArea):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._loading = False
        on_change = self._emit_changed
        self.general = [
            ValueField("name", "text", on_change),
            ValueField("description", "text", on_change),
            ValueField("exposure", "text", on_change),
            ValueField("compliance", "list", on_change),
        ]
        self.tables = {key: RecordTable(title, cls, on_change) for key, title, cls in LISTS}
        self.policies = [
            PolicyGroup(f.name, _policy_type(f.name), on_change) for f in fields(Policies)
        ]
        self._base: Document = {}
        self.setWidget(self._build())

    def _build(self) -> QWidget:
        """Two columns: the application and its lists on the left, the policies on the right."""
        left = QVBoxLayout()
        general = QGroupBox("Application")
        form = QFormLayout(general)
        for value_field in self.general:
            form.addRow(label_of(value_field.name), value_field.widget)
        left.addWidget(general)
        for key, title, _ in LISTS:
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(self.tables[key])
            left.addWidget(box)
        left.addStretch(1)
        policies = QGroupBox("Policies: the rules the code must keep (unchecked = not stated)")
        right = QVBoxLayout(policies)
        for group in self.policies:
            right.addWidget(group)
        right.addStretch(1)
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.addLayout(left, 3)
        columns.addWidget(policies, 2)
        return body

    def _emit_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()

    def set_document(self, document: Document) -> None:
        self._loading = True
        try:
            self._base = dict(document)
            for value_field in self.general:
                value_field.set(document.get(value_field.name))
            for key, table in self.tables.items():
                table.set_records(document.get(key))
            policies = document.get("policies")
            for group in self.policies:
                group.set_policy(policies.get(group.name) if isinstance(policies, dict) else None)
        finally:
            self._loading = False

    def document(self) -> Document:
        """The document as the form shows it; keys the form does not manage are kept."""
        result = {k: v for k, v in self._base.items() if k not in MANAGED}
        managed: Document = {f.name: f.get() for f in self.general}
        managed.update({key: table.records() or None for key, table in self.tables.items()})
        chosen = {g.name: g.policy() for g in self.policies if g.policy() is not None}
        managed["policies"] = chosen or None
        ordered = {k: managed[k] for k in MANAGED if managed.get(k) is not None}
        version = {k: v for k, v in result.items() if k == "airlock_threat_model"}
        rest = {k: v for k, v in result.items() if k != "airlock_threat_model"}
        return {**version, **ordered, **rest}


def _policy_type(name: str) -> type:
    hint = typing.get_type_hints(Policies)[name]
    found: type = next(a for a in typing.get_args(hint) if a is not NoneType)
    return found
