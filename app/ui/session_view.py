"""The session view: the request and the code on the left, the review on the right.

Both halves are always visible (a splitter). The left half shows either the code (file and
version selectors, a diff toggle) or, before generating, the open security questions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.compare import unified_diff
from app.store.reviews import StoredFinding
from app.ui.code_editor import CodeEditor
from app.ui.findings_panel import FindingsPanel
from app.ui.questions_form import QuestionsForm
from app.ui.workspace import CodeVersion, Workspace

CODE_PAGE, QUESTIONS_PAGE = 0, 1
SCRATCH_PATH = "pasted.py"


class CodeArea(QWidget):
    """File and version selectors over the editor; the diff toggle compares with the previous."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file_box = QComboBox()
        self.file_box.setAccessibleName("File")
        self.file_box.setMinimumContentsLength(18)
        self.version_box = QComboBox()
        self.version_box.setAccessibleName("Code version")
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.diff_button = QPushButton("Diff with previous")
        self.diff_button.setCheckable(True)
        self.diff_button.setAccessibleName("Show the difference to the previous version")
        self.caption = QLabel()
        self.caption.setAccessibleName("Code caption")
        self.editor = CodeEditor(read_only=False)
        self.editor.setAccessibleName("Code")
        self.editor.setPlaceholderText(
            "Generated code appears here. You can also paste code "
            "and review it (Ctrl+R), or drop files here."
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("File"))
        bar.addWidget(self.file_box, 1)
        bar.addWidget(QLabel("Version"))
        bar.addWidget(self.version_box)
        bar.addWidget(self.diff_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.caption)
        layout.addWidget(self.editor, 1)


class SessionView(QWidget):
    generate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = Workspace()
        self._version: CodeVersion | None = None
        self.request = QPlainTextEdit()
        self.request.setAccessibleName("Request")
        self.request.setPlaceholderText(
            "Describe the code to write, e.g. “A Flask endpoint that accepts profile picture "
            "uploads and stores them for the signed-in user”. Ctrl+Enter generates."
        )
        self.request.setMaximumHeight(self.request.fontMetrics().lineSpacing() * 5 + 14)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setAccessibleName("Generate code")
        self.generate_button.setToolTip("Generate code for the request (Ctrl+Enter)")
        self.suggest_box = QCheckBox("Let the model suggest extra security questions")
        self.suggest_box.setChecked(True)
        self.code = CodeArea()
        self.questions = QuestionsForm()
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.code)
        self.left_stack.addWidget(self.questions)
        self.findings = FindingsPanel()
        self.review_caption = QLabel("<b>Review</b>")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("session-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._left())
        self.splitter.addWidget(self._right())
        self.splitter.setSizes([620, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.generate_button.clicked.connect(self.generate_requested.emit)
        self.code.file_box.currentIndexChanged.connect(self._show_current_file)
        self.code.version_box.currentIndexChanged.connect(self._on_version)
        self.code.diff_button.toggled.connect(self._show_current_file)
        self.findings.finding_selected.connect(self.go_to_finding)

    def _left(self) -> QWidget:
        pane = QWidget()
        row = QHBoxLayout()
        row.addWidget(self.suggest_box, 1)
        row.addWidget(self.generate_button)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(6, 6, 3, 6)
        layout.addWidget(QLabel("<b>Request</b>"))
        layout.addWidget(self.request)
        layout.addLayout(row)
        layout.addWidget(self.left_stack, 1)
        return pane

    def _right(self) -> QWidget:
        pane = QWidget()
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(3, 6, 6, 6)
        layout.addWidget(self.review_caption)
        layout.addWidget(self.findings, 1)
        return pane

    # -- showing a workspace --------------------------------------------------------------

    def show_workspace(self, workspace: Workspace, version: int | None = None) -> None:
        self.workspace = workspace
        if workspace.request:
            self.request.setPlainText(workspace.request)
        self.left_stack.setCurrentIndex(CODE_PAGE)
        box = self.code.version_box
        box.blockSignals(True)
        box.clear()
        for item in workspace.versions:
            box.addItem(f"v{item.number} ({item.origin})", item.number)
        box.blockSignals(False)
        chosen = (
            version
            if version is not None
            else (workspace.latest.number if workspace.latest else None)
        )
        index = box.findData(chosen)
        box.setCurrentIndex(max(index, 0))
        self._on_version(box.currentIndex())

    def current_version(self) -> CodeVersion | None:
        return self._version

    def _on_version(self, _index: int) -> None:
        number = self.code.version_box.currentData()
        self._version = self.workspace.version(number) if number is not None else None
        self.code.diff_button.setEnabled(bool(self._version and self._previous(self._version)))
        files = self.code.file_box
        current = files.currentText()
        files.blockSignals(True)
        files.clear()
        for item in self._version.files if self._version else ():
            files.addItem(item.path)
        files.setCurrentIndex(max(files.findText(current), 0))
        files.blockSignals(False)
        self.findings.show_review(self._version.review if self._version else None)
        self._update_caption()
        self._show_current_file()

    def _previous(self, version: CodeVersion) -> CodeVersion | None:
        earlier = [v for v in self.workspace.versions if v.number < version.number]
        return earlier[-1] if earlier else None

    def _show_current_file(self) -> None:
        version = self._version
        editor = self.code.editor
        if version is None:
            if self.workspace.kind == "empty":
                editor.set_code("", "text")
            return
        previous = self._previous(version)
        if self.code.diff_button.isChecked() and previous is not None:
            before = {f.path: f.text for f in previous.files}
            after = {f.path: f.text for f in version.files}
            editor.setReadOnly(True)
            editor.set_code(
                unified_diff(
                    before, after, old_label=f"v{previous.number}", new_label=f"v{version.number}"
                )
                or "(no changes)",
                "diff",
            )
            editor.set_findings([])
            return
        file = version.file(self.code.file_box.currentText())
        editor.setReadOnly(self.workspace.kind in ("session", "files"))
        editor.set_code(file.text if file else "", file.language if file else "text")
        review = version.review
        findings = [f.finding for f in review.findings] if review else []
        editor.set_findings([f for f in findings if file and f.file == file.path])

    def _update_caption(self) -> None:
        ws, version = self.workspace, self._version
        where = {
            "session": f"Session {ws.session_id}",
            "files": ws.target,
            "scratch": "Pasted code",
            "empty": "",
        }[ws.kind]
        if version is not None and ws.kind == "session":
            where += f", version {version.number} ({version.origin})"
        self.code.caption.setText(f"<span style='color:gray'>{where}</span>")
        review = version.review if version else None
        label = f"Review {review.review_id}" if review and review.review_id else "Review"
        self.review_caption.setText(f"<b>{label}</b>")

    # -- findings and streaming -----------------------------------------------------------

    def go_to_finding(self, stored: StoredFinding) -> None:
        finding = stored.finding
        if self.code.diff_button.isChecked():
            self.code.diff_button.setChecked(False)
        index = self.code.file_box.findText(finding.file)
        if index >= 0 and index != self.code.file_box.currentIndex():
            self.code.file_box.setCurrentIndex(index)
        if finding.start_line is not None:
            self.code.editor.go_to_lines(finding.start_line, finding.end_line)

    def begin_stream(self, caption: str) -> None:
        self.left_stack.setCurrentIndex(CODE_PAGE)
        self.code.caption.setText(f"<span style='color:gray'>{caption}</span>")
        self.code.editor.setReadOnly(True)
        self.code.editor.set_code("", "markdown")
        self.code.editor.set_findings([])

    def append_stream(self, text: str) -> None:
        self.code.editor.append_stream(text)

    def scratch_code(self) -> str:
        """Code typed or pasted into the editor when nothing generated is shown."""
        if self.workspace.kind in ("session", "files") or self.code.diff_button.isChecked():
            return ""
        return self.code.editor.toPlainText()

    def show_questions(self) -> None:
        self.left_stack.setCurrentIndex(QUESTIONS_PAGE)

    def show_code(self) -> None:
        self.left_stack.setCurrentIndex(CODE_PAGE)
