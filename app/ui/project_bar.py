"""The project switcher in the toolbar, and the small form that creates a project."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.core.errors import AirlockError
from app.core.projects import list_projects, validate_project_name
from app.core.threat_model import list_templates
from app.store.db import open_database

EMPTY_TEMPLATE = "(empty threat model)"


def project_names() -> list[str]:
    """The projects in the database (one small query, fine on the GUI thread)."""
    db = open_database()
    try:
        return [row.name for row in list_projects(db)]
    finally:
        db.close()


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New project")
        self.name = QLineEdit(placeholderText="e.g. billing-api")
        self.name.setAccessibleName("Project name")
        self.template = QComboBox()
        self.template.setAccessibleName("Threat-model template")
        self.template.addItems([*list_templates(), EMPTY_TEMPLATE])
        self.template.setCurrentText("web-api")
        self.error = QLabel()
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Create")
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("Threat model from", self.template)
        form.addRow(self.error)
        form.addRow(buttons)

    def chosen_template(self) -> str | None:
        text = self.template.currentText()
        return None if text == EMPTY_TEMPLATE else text

    def _check_and_accept(self) -> None:
        try:
            validate_project_name(self.name.text().strip())
        except AirlockError as exc:
            self.error.setText(str(exc))
            return
        self.accept()


class ProjectBar(QWidget):
    project_changed = Signal(object)  # str or None
    create_requested = Signal(str, object)  # name, template or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName("Project")
        self.combo.setMinimumContentsLength(16)
        self.combo.setToolTip("The project whose threat model applies")
        self.new_button = QPushButton("New project…")
        self.new_button.setAccessibleName("New project")
        self.dialog: NewProjectDialog | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(QLabel("Project"))
        layout.addWidget(self.combo)
        layout.addWidget(self.new_button)
        self.combo.currentIndexChanged.connect(self._on_index)
        self.new_button.clicked.connect(self.ask_new)

    def names(self) -> list[str]:
        return [self.combo.itemText(i) for i in range(self.combo.count())]

    def current(self) -> str | None:
        return self.combo.currentText() or None

    def reload(self, select: str | None = None) -> None:
        wanted = select or self.current()
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(project_names())
        index = self.combo.findText(wanted) if wanted else -1
        self.combo.setCurrentIndex(index if index >= 0 else (0 if self.combo.count() else -1))
        self.combo.blockSignals(False)
        self.project_changed.emit(self.current())

    def ask_new(self) -> NewProjectDialog:
        dialog = NewProjectDialog(self.window())
        dialog.accepted.connect(
            lambda: self.create_requested.emit(dialog.name.text().strip(), dialog.chosen_template())
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def _on_index(self, _index: int) -> None:
        self.project_changed.emit(self.current())
