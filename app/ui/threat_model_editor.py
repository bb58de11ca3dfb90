"""The threat-model editor: a form, the raw YAML with inline validation, and version history."""

from __future__ import annotations

import re
from typing import Any

import yaml
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import AirlockError, ThreatModelError
from app.core.findings import Confidence, Finding, Severity
from app.core.projects import Project, diff_threat_model_versions, threat_model_history
from app.core.threat_model import dump_threat_model, parse_threat_model, threat_model_to_dict
from app.store.db import open_database
from app.ui import project_jobs
from app.ui.code_editor import CodeEditor
from app.ui.threat_model_form import ThreatModelForm
from app.ui.workers import Outcome, TaskRunner

FORM, YAML_TAB, HISTORY = range(3)
_LINE = re.compile(r"\bline (\d+)")


class ThreatModelEditor(QWidget):
    saved = Signal(object)  # Project
    failed = Signal(object)  # BaseException

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Threat-model editor")
        self._runner = runner
        self.project: Project | None = None
        self._shown_tab = FORM
        self.title = QLabel()
        self.form = ThreatModelForm()
        self.yaml = CodeEditor(read_only=False)
        self.yaml.setAccessibleName("Threat model as YAML")
        self.validation = QLabel()
        self.validation.setAccessibleName("Validation")
        self.validation.setWordWrap(True)
        self.history = _History(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form, "Form")
        self.tabs.addTab(self._yaml_page(), "YAML")
        self.tabs.addTab(self.history, "History")
        self.comment = QLineEdit(placeholderText="What changed (saved with the version)")
        self.comment.setAccessibleName("Change comment")
        self.save_button = QPushButton("Save new version")
        self.save_button.setAccessibleName("Save the threat model")
        self.revert_button = QPushButton("Revert")
        self._check_timer = QTimer(self, singleShot=True, interval=250)
        self._layout()
        self._connect()

    def _yaml_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.yaml, 1)
        return page

    def _layout(self) -> None:
        actions = QHBoxLayout()
        actions.addWidget(self.comment, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.validation)
        layout.addLayout(actions)

    def _connect(self) -> None:
        self.form.changed.connect(self._check_timer.start)
        self.yaml.textChanged.connect(self._check_timer.start)
        self._check_timer.timeout.connect(self.validate)
        self.tabs.currentChanged.connect(self._on_tab)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self.save,
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

    # -- content --------------------------------------------------------------------------

    def set_project(self, project: Project | None) -> None:
        self.project = project
        enabled = project is not None
        for widget in (self.tabs, self.save_button, self.revert_button, self.comment):
            widget.setEnabled(enabled)
        if project is None:
            self.title.setText("<h3>No project</h3>Create a project to edit its threat model.")
            return
        self.title.setText(f"<h3>{project.name}: threat model v{project.version}</h3>")
        document = threat_model_to_dict(project.threat_model)
        self.form.set_document(document)
        self.yaml.set_code(dump_threat_model(project.threat_model), "yaml")
        self.history.clear()
        if self.tabs.currentIndex() == HISTORY:
            self.history.load(project.name)
        self.validate()

    def revert(self) -> None:
        self.set_project(self.project)

    def document(self) -> dict[str, Any]:
        """The document being edited, from whichever of form and YAML was edited last."""
        if self._shown_tab == YAML_TAB:
            model = parse_threat_model(self.yaml.toPlainText(), source="YAML")
            return threat_model_to_dict(model)
        return self.form.document()

    # -- validation and switching views ---------------------------------------------------

    def validate(self) -> bool:
        try:
            self.document() if self._shown_tab == YAML_TAB else _validated(self.form.document())
        except ThreatModelError as exc:
            self._show_problem(str(exc))
            return False
        self.yaml.set_findings([])
        self.validation.setText("<span style='color:#2f9e44'>✓</span> Valid threat model")
        return True

    def _show_problem(self, message: str) -> None:
        self.validation.setText(f"<span style='color:#c92a2a'>✖ {_escape(message)}</span>")
        match = _LINE.search(message)
        if self._shown_tab == YAML_TAB and match:
            self.yaml.set_findings([_problem_marker(int(match.group(1)), message)])

    def _on_tab(self, index: int) -> None:
        if index == HISTORY:
            if self.project is not None:
                self.history.load(self.project.name)
            return
        previous, self._shown_tab = self._shown_tab, index
        if index == YAML_TAB and previous == FORM:
            self.yaml.set_code(_as_yaml(self.form.document()), "yaml")
        elif index == FORM and previous == YAML_TAB and not self._form_from_yaml():
            return
        self.validate()

    def _form_from_yaml(self) -> bool:
        """Load the YAML into the form; if it does not parse, go back to the YAML tab."""
        try:
            model = parse_threat_model(self.yaml.toPlainText(), source="YAML")
        except ThreatModelError as exc:
            self._shown_tab = YAML_TAB
            self.tabs.setCurrentIndex(YAML_TAB)  # stay until the YAML is valid
            self._show_problem(f"{exc} (fix it here before switching to the form)")
            return False
        self.form.set_document(threat_model_to_dict(model))
        return True

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> None:
        if self.project is None or self._runner.is_busy("save-threat-model"):
            return
        try:
            document = self.document()
        except ThreatModelError as exc:
            self._show_problem(str(exc))
            return
        name = self.project.name
        comment = self.comment.text().strip() or "edited in the desktop app"
        task = self._runner.start(
            "save-threat-model",
            lambda ctx: project_jobs.save_threat_model(ctx, name, document, comment),
        )
        task.finished.connect(self._on_saved)
        self.save_button.setEnabled(False)

    def _on_saved(self, outcome: Outcome) -> None:
        self.save_button.setEnabled(True)
        if outcome.ok:
            self.comment.clear()
            self.set_project(outcome.value)
            self.saved.emit(outcome.value)
        elif outcome.error is not None:
            if isinstance(outcome.error, ThreatModelError):
                self._show_problem(str(outcome.error))
            else:
                self.failed.emit(outcome.error)


class _History(QWidget):
    """The project's threat-model versions; select one to see what it changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setAccessibleName("Threat-model versions")
        self.table.setHorizontalHeaderLabels(["Version", "Saved", "Comment"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.diff = CodeEditor()
        self.diff.setAccessibleName("Differences between versions")
        self.note = QLabel("Select a version to see what it changed; select two to compare.")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.diff)
        splitter.setSizes([160, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(splitter, 1)
        self._name = ""
        self.table.itemSelectionChanged.connect(self.show_diff)

    def clear(self) -> None:
        self.table.setRowCount(0)
        self.diff.set_code("", "diff")

    def load(self, name: str) -> None:
        self._name = name
        db = open_database()
        try:
            versions = threat_model_history(db, name)
        finally:
            db.close()
        self.table.setRowCount(0)
        for version in reversed(versions):
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate(
                (f"v{version.version}", version.created_at, version.comment)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, version.version)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def select_versions(self, *versions: int) -> None:
        self.table.clearSelection()
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) in versions:
                self._add_row(row)

    def _add_row(self, row: int) -> None:
        model = self.table.selectionModel()
        index = self.table.model().index(row, 0)
        model.select(index, model.SelectionFlag.Select | model.SelectionFlag.Rows)

    def selected_versions(self) -> list[int]:
        rows = {i.row() for i in self.table.selectedIndexes()}
        items = [self.table.item(r, 0) for r in rows]
        return sorted(int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i is not None)

    def show_diff(self) -> None:
        numbers = self.selected_versions()
        if not numbers or not self._name:
            return
        old, new = (numbers[0], numbers[-1]) if len(numbers) > 1 else (numbers[0] - 1, numbers[0])
        if old < 1:
            self.diff.set_code("(the first version: nothing to compare with)", "text")
            return
        db = open_database()
        try:
            text = diff_threat_model_versions(db, self._name, old, new)
        except AirlockError as exc:
            text = str(exc)
        finally:
            db.close()
        self.diff.set_code(text or "(no differences)", "diff")


def _validated(document: dict[str, Any]) -> None:
    from app.core.threat_model import threat_model_from_dict

    threat_model_from_dict(document, source="form")


def _as_yaml(document: dict[str, Any]) -> str:
    """The form's document as YAML: the canonical dump when valid, a plain one when not."""
    try:
        from app.core.threat_model import threat_model_from_dict

        return dump_threat_model(threat_model_from_dict(document))
    except ThreatModelError:
        return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def _problem_marker(line: int, message: str) -> Finding:
    return Finding(
        "yaml",
        "Invalid threat model",
        (),
        Severity.HIGH,
        Confidence.HIGH,
        (),
        "YAML",
        start_line=line,
        end_line=line,
        message=message,
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
