"""The main window: project switcher, toolbar and shortcuts, the views as tabs, status bar.

It wires widgets to the session controller and the workers; it holds no logic of its own.
Closing it cancels and joins every worker and stops the engine hosts.
"""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core.errors import AirlockError, ModelError
from app.core.projects import Project, get_project
from app.core.resources import resource_path
from app.llm.engine import Progress
from app.store.db import open_database
from app.ui import jobs, project_jobs
from app.ui.banner import Banner
from app.ui.engines import EngineSource, LocalEngineSource
from app.ui.highlighter import warm_lexers
from app.ui.history_view import HistoryView
from app.ui.interpreter import (
    hold_collection,
    prepare_interpreter,
    settle_after_start_up,
)
from app.ui.model_jobs import ModelsSnapshot
from app.ui.model_manager import ModelManager
from app.ui.project_bar import ProjectBar
from app.ui.session_controller import SessionController
from app.ui.session_view import SessionView
from app.ui.state import UiState
from app.ui.status_bar import StatusBar
from app.ui.threat_model_editor import ThreatModelEditor
from app.ui.workers import Outcome, Task, TaskRunner

log = logging.getLogger(__name__)

SESSION_TAB, THREAT_MODEL_TAB, HISTORY_TAB, MODELS_TAB = range(4)


class MainWindow(QMainWindow):
    def __init__(self, *, engines: EngineSource | None = None, warm_up: bool = True) -> None:
        super().__init__()
        self.setWindowTitle(f"Airlock {__version__}")
        self.setAcceptDrops(True)
        self.ui_state = UiState()
        self.runner = TaskRunner(self)
        self.engines = engines or LocalEngineSource()
        self.banner = Banner()
        self.session = SessionView()
        self.session.findings.set_runner(self.runner)  # triage runs off the GUI thread
        self.controller = SessionController(self.session, self.runner, self.engines, parent=self)
        self.threat_model = ThreatModelEditor(self.runner)
        self.history = HistoryView(self.runner)
        self.models = ModelManager(self.runner)
        self.tabs = self._make_tabs()
        self.projects = ProjectBar()
        self.status = StatusBar()
        self.setStatusBar(self.status)
        self._make_central()
        self.actions_by_name = self._make_actions()
        self._make_toolbar()
        self._connect()
        self._restore()
        self._warmed = not warm_up
        self._closed = False

    # -- building -------------------------------------------------------------------------

    def _make_tabs(self) -> QTabWidget:
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self.session, "Session")
        tabs.addTab(self.threat_model, "Threat model")
        tabs.addTab(self.history, "History")
        tabs.addTab(self.models, "Models")
        return tabs

    def _make_central(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 4, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _make_actions(self) -> dict[str, QAction]:
        style = self.style()
        pixmaps = QStyle.StandardPixmap
        specs = {
            "generate": (
                "Generate",
                ["Ctrl+Return", "Ctrl+Enter"],
                pixmaps.SP_MediaPlay,
                self.generate,
            ),
            "review": (
                "Review",
                ["Ctrl+R"],
                pixmaps.SP_FileDialogContentsView,
                self.controller.review,
            ),
            "fix": (
                "Fix selected",
                ["Ctrl+Shift+F"],
                pixmaps.SP_DialogApplyButton,
                self.controller.fix,
            ),
            "cancel": ("Cancel", ["Esc"], pixmaps.SP_BrowserStop, self.controller.cancel),
            "open": ("Open files…", ["Ctrl+O"], pixmaps.SP_FileDialogStart, self.choose_files),
            "open_folder": (
                "Open folder…",
                ["Ctrl+Shift+O"],
                pixmaps.SP_DirOpenIcon,
                self.choose_folder,
            ),
            "new": ("New session", ["Ctrl+N"], pixmaps.SP_FileIcon, self.new_session),
        }
        actions = {}
        for name, (text, keys, pixmap, slot) in specs.items():
            action = QAction(style.standardIcon(pixmap), text, self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setToolTip(f"{text} ({keys[0].replace('Return', 'Enter')})")
            action.triggered.connect(slot)
            self.addAction(action)
            actions[name] = action
        for number, (name, key) in enumerate(
            (
                ("session", "Ctrl+1"),
                ("threat_model", "Ctrl+T"),
                ("history", "Ctrl+H"),
                ("models", "Ctrl+M"),
            )
        ):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(key))
            action.triggered.connect(lambda _=False, n=number: self.tabs.setCurrentIndex(n))
            self.addAction(action)
            actions[f"show_{name}"] = action
        return actions

    def _make_toolbar(self) -> None:
        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(toolbar.toolButtonStyle().ToolButtonTextBesideIcon)
        toolbar.addWidget(self.projects)
        toolbar.addSeparator()
        for name in ("new", "generate", "review", "fix", "cancel"):
            toolbar.addAction(self.actions_by_name[name])
        toolbar.addSeparator()
        toolbar.addAction(self.actions_by_name["open"])
        toolbar.addAction(self.actions_by_name["open_folder"])
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        controller = self.controller
        controller.busy_changed.connect(self._on_busy)
        controller.failed.connect(self.show_error)
        controller.notice.connect(lambda text: self.banner.show_message(text, level="info"))
        controller.progressed.connect(self.status.show_progress)
        controller.activity.connect(
            lambda text: self.status.show_activity(text, busy=controller.busy)
        )
        controller.timing.connect(self.status.set_timing)
        controller.activity.connect(lambda _text: self._update_actions())
        controller.finished.connect(lambda _name: self.history.refresh())
        self.session.findings.selection_changed.connect(self._update_actions)
        self.projects.project_changed.connect(self._on_project)
        self.projects.create_requested.connect(self.create_project)
        self.threat_model.saved.connect(self._on_threat_model_saved)
        self.threat_model.failed.connect(self.show_error)
        self.history.open_requested.connect(self._open_entry)
        self.models.changed.connect(self._on_models)
        self.models.network.connect(self.status.set_online)
        self.tabs.currentChanged.connect(self._on_tab)
        self.runner.changed.connect(self._update_actions)

    def _restore(self) -> None:
        if not self.ui_state.restore_window(self):
            self.resize(1280, 800)
        self.ui_state.restore_splitter(self.session.splitter)
        self.ui_state.restore_splitter(self.session.findings.splitter)
        self.projects.reload(self.ui_state.text("last/project") or None)
        self._update_actions()

    # -- starting up ----------------------------------------------------------------------

    def showEvent(self, event: object) -> None:  # noqa: N802
        super().showEvent(event)  # type: ignore[arg-type]
        if not self._warmed:
            self._warmed = True
            QTimer.singleShot(0, self.warm_up)

    def warm_up(self) -> None:
        """Load the model, the scanners and the lexers in the background, once the window is
        usable; then keep what they loaded out of later garbage collections."""
        if self._closed:
            return
        engines = self.engines
        hold_collection()
        warming = [
            self.runner.start("warm-lexers", lambda _ctx: warm_lexers()),
            self.runner.start("warm-review", jobs.warm_review),
            self.runner.start("warm-up", lambda ctx: engines.warm(
                "generate", progress=ctx.progress, should_cancel=ctx.should_cancel)),
        ]  # fmt: skip
        warming[-1].progressed.connect(self._on_warm_progress)
        warming[-1].finished.connect(self._on_warm)
        for task in warming:
            task.when_finished(partial(self._warmed_one, warming, task))
        self.models.refresh()

    def _warmed_one(self, warming: list[Task], task: Task, _outcome: Outcome) -> None:
        warming.remove(task)
        if not warming:
            settle_after_start_up()

    def _on_warm_progress(self, progress: Progress) -> None:
        if not self.controller.busy:
            self.status.show_progress(progress)

    def _on_warm(self, outcome: Outcome) -> None:
        if not self.controller.busy:
            self.status.idle("Ready" if outcome.ok else "Ready (no model loaded)")
        if outcome.ok:
            self.status.models.setToolTip(f"Loaded: {outcome.value.model_id}")
        elif outcome.error is not None and not outcome.cancelled:
            self.status.models.setToolTip(outcome.message)
            self.status.models.setText(f"Model: not ready ({_short(outcome.message)})")

    # -- actions --------------------------------------------------------------------------

    def generate(self) -> None:
        self.tabs.setCurrentIndex(SESSION_TAB)
        if self.session.left_stack.currentWidget() is self.session.questions:
            self.session.questions.submit()
        else:
            self.controller.generate()

    def new_session(self) -> None:
        self.tabs.setCurrentIndex(SESSION_TAB)
        self.controller.new_session()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Open files to review")
        if names:
            self.review_paths([Path(name) for name in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder to review")
        if folder:
            self.review_paths([Path(folder)])

    def review_paths(self, paths: list[Path]) -> None:
        self.tabs.setCurrentIndex(SESSION_TAB)
        self.controller.review_paths(paths)

    def create_project(self, name: str, template: str | None) -> None:
        task = self.runner.start(
            "create-project", lambda ctx: project_jobs.create_project(ctx, name, template)
        )
        task.finished.connect(self._on_project_created)

    def _on_project_created(self, outcome: Outcome) -> None:
        if outcome.ok:
            project: Project = outcome.value
            self.projects.reload(select=project.name)
            self.banner.show_message(
                f"Created project {project.name} (threat model v{project.version}).", level="info"
            )
        elif outcome.error is not None:
            self.show_error(outcome.error, None)

    def show_error(self, error: BaseException, action: object = None) -> None:
        if isinstance(error, ModelError):
            action = ("Open the model manager", lambda: self.tabs.setCurrentIndex(MODELS_TAB))
        self.banner.show_error(error, action=action if isinstance(action, tuple) else None)

    # -- reactions ------------------------------------------------------------------------

    def _on_project(self, name: str | None) -> None:
        self.controller.project = name
        self.setWindowTitle(f"{name} – Airlock" if name else f"Airlock {__version__}")
        project = None
        if name:
            db = open_database()
            try:
                project = get_project(db, name)
            except AirlockError as exc:
                self.show_error(exc)
            finally:
                db.close()
            self.ui_state.set_text("last/project", name)
        self.threat_model.set_project(project)
        self._update_actions()

    def _on_threat_model_saved(self, project: Project) -> None:
        self.banner.show_message(
            f"Saved {project.name}'s threat model as version {project.version}.", level="info"
        )

    def _open_entry(self, kind: str, entry_id: int) -> None:
        self.tabs.setCurrentIndex(SESSION_TAB)
        self.controller.open_entry(kind, entry_id)

    def _on_models(self, snapshot: ModelsSnapshot) -> None:
        self.status.set_models(snapshot.roles)

    def _on_tab(self, index: int) -> None:
        if index == HISTORY_TAB:
            self.history.refresh()
        elif index == MODELS_TAB:
            self.models.refresh()

    def _on_busy(self, busy: bool) -> None:
        if not busy:
            self.status.progress.hide()
        self._update_actions()

    def _update_actions(self) -> None:
        busy = self.controller.busy
        has_project = self.projects.current() is not None
        actions = self.actions_by_name
        actions["generate"].setEnabled(not busy and has_project)
        actions["review"].setEnabled(not busy)
        actions["fix"].setEnabled(not busy and self.session.workspace.kind == "session")
        actions["cancel"].setEnabled(busy or self.session.left_stack.currentIndex() != 0)
        actions["open"].setEnabled(not busy)
        actions["open_folder"].setEnabled(not busy)
        actions["new"].setEnabled(not busy)
        self.session.generate_button.setEnabled(not busy and has_project)

    # -- drag and drop, closing -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.review_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self._closed:
            self._closed = True
            self.ui_state.save_window(self)
            self.ui_state.save_splitter(self.session.splitter)
            self.ui_state.save_splitter(self.session.findings.splitter)
            self.ui_state.sync()
            self.hide()
            settle_after_start_up()  # in case the window closes during the warm-up
            if not self.runner.shutdown():
                log.warning("a worker did not stop in time")
            self.engines.close()
        super().closeEvent(event)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def save_screenshot(window: QWidget, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise AirlockError(f"could not save screenshot to {path}")


def run_app(*, screenshot: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    prepare_interpreter()
    app.setApplicationName("Airlock")
    app.setApplicationDisplayName("Airlock")
    app.setDesktopFileName("airlock")  # matches resources/desktop/airlock.desktop
    app.setWindowIcon(QIcon(str(resource_path("icons") / "airlock.png")))
    if screenshot is not None and (screenshot.is_dir() or not screenshot.suffix):
        from app.ui.screenshots import run_screenshots

        return run_screenshots(app, screenshot)
    window = MainWindow(warm_up=screenshot is None)
    window.show()
    if screenshot is not None:
        QTimer.singleShot(0, lambda: _screenshot_and_quit(window, screenshot))
    return int(app.exec())


def _screenshot_and_quit(window: MainWindow, path: Path) -> None:
    try:
        save_screenshot(window, path)
    except AirlockError as exc:
        print(f"airlock-gui: error: {exc}", file=sys.stderr)
        window.close()
        QApplication.exit(1)
        return
    print(f"saved {path}", file=sys.stderr)
    window.close()
    QApplication.exit(0)
