"""Window state kept between runs (geometry, splitters, last project, last tab).

Stored with QSettings in an INI file under AIRLOCK_HOME, so that tests, which each get
their own AIRLOCK_HOME, never share or touch the user's state.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from app.core.paths import airlock_home

FILE_NAME = "desktop.ini"


class UiState:
    def __init__(self) -> None:
        path = airlock_home() / FILE_NAME
        self.settings = QSettings(str(path), QSettings.Format.IniFormat)

    def restore_window(self, window: QMainWindow) -> bool:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        restored = isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            window.restoreState(state)
        return restored

    def save_window(self, window: QMainWindow) -> None:
        self.settings.setValue("window/geometry", window.saveGeometry())
        self.settings.setValue("window/state", window.saveState())

    def restore_splitter(self, splitter: QSplitter) -> None:
        value = self.settings.value(f"splitters/{splitter.objectName()}")
        if isinstance(value, QByteArray):
            splitter.restoreState(value)

    def save_splitter(self, splitter: QSplitter) -> None:
        self.settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())

    def text(self, key: str, default: str = "") -> str:
        value = self.settings.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        self.settings.setValue(key, value)

    def sync(self) -> None:
        self.settings.sync()
