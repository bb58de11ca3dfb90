"""The main window. A placeholder until the desktop issue fills in the views."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from app import __version__
from app.core.errors import AirlockError
from app.core.projects import list_projects
from app.store.db import open_database

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Shows the projects in the local database; the full UI arrives with the desktop issue."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"Airlock {__version__}")
        self.resize(900, 600)
        self.status_label = QLabel(self._summary())
        self.status_label.setAccessibleName("Project summary")
        central = QWidget()
        layout = QVBoxLayout(central)
        title = QLabel("<h2>Airlock</h2><p>Local, offline secure code generation and review.</p>")
        layout.addWidget(title)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Offline: nothing leaves this machine")

    def _summary(self) -> str:
        try:
            names = [row.name for row in list_projects(open_database())]
        except AirlockError as exc:
            return f"Database unavailable: {exc}"
        if not names:
            return (
                "No projects yet. Create one with: airlock project create NAME --template web-api"
            )
        return "Projects: " + ", ".join(names)


def save_screenshot(window: QMainWindow, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path), "PNG"):
        raise AirlockError(f"could not save screenshot to {path}")


def run_app(*, screenshot: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow()
    window.show()
    if screenshot is not None:
        QTimer.singleShot(0, lambda: _screenshot_and_quit(window, screenshot))
    return int(app.exec())


def _screenshot_and_quit(window: MainWindow, path: Path) -> None:
    try:
        save_screenshot(window, path)
    except AirlockError as exc:
        print(f"airlock-gui: error: {exc}", file=sys.stderr)
        QApplication.exit(1)
        return
    print(f"saved {path}", file=sys.stderr)
    QApplication.exit(0)
