"""An inline banner for errors and notices, with the action to take (no modal dialogs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.core.errors import (
    AirlockError,
    EngineCrashed,
    EngineError,
    InputTooLarge,
    ModelError,
    ModelNotInstalled,
    StorageError,
    ThreatModelError,
)
from app.ui.theme import is_dark

Level = Literal["error", "warning", "info"]
_COLORS = {  # (light background, dark background)
    "error": ("#fdecea", "#4a1f1f"),
    "warning": ("#fff4d6", "#4a3b12"),
    "info": ("#e7f1fb", "#1d3349"),
}
_ICONS = {"error": "✖", "warning": "⚠", "info": "ℹ"}


def advice_for(error: BaseException) -> str:
    """What the user can do about an error, in one sentence."""
    if isinstance(error, ModelNotInstalled):
        return "Install a model in the model manager (Ctrl+M)."
    if isinstance(error, EngineCrashed):
        return "The model process stopped; the app is fine. Try again, or lower the context size."
    if isinstance(error, EngineError):
        return "Try again; if it persists, check the engine settings in the model manager."
    if isinstance(error, ModelError):
        return "Open the model manager (Ctrl+M) to verify or reinstall the model."
    if isinstance(error, ThreatModelError):
        return "Fix the threat model in the Threat model tab."
    if isinstance(error, InputTooLarge):
        return "Shorten the input and try again."
    if isinstance(error, StorageError):
        return "Check free disk space and that no other program locks the database."
    if isinstance(error, AirlockError):
        return ""
    return "This is a bug in Airlock; the log has the details (run with --debug)."


class Banner(QFrame):
    """Hidden until shown; one message at a time, with an optional action button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setAccessibleName("Message")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton()
        self.action_button.hide()
        close = QToolButton()
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(close)
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.level: Level = "info"
        self.hide()

    def show_message(
        self,
        text: str,
        *,
        level: Level = "info",
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        self.level = level
        self.icon.setText(_ICONS[level])
        self.text.setText(text)
        self._style(level)
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        self.show()

    def show_error(
        self, error: BaseException, *, action: tuple[str, Callable[[], None]] | None = None
    ) -> None:
        message = (
            str(error)
            if isinstance(error, AirlockError)
            else (f"Unexpected error: {type(error).__name__}: {error}")
        )
        advice = advice_for(error)
        self.show_message(
            f"{message}. {advice}" if advice else message, level="error", action=action
        )

    def _style(self, level: Level) -> None:
        light, dark = _COLORS[level]
        background = dark if is_dark(self.palette()) else light
        text = self.palette().color(QPalette.ColorRole.WindowText).name()
        self.setStyleSheet(
            f"QFrame#banner {{ background: {background}; border-radius: 4px; }}"
            f" QFrame#banner QLabel {{ color: {text}; }}"
        )

    def _run_action(self) -> None:
        action = self._action
        self.hide()
        if action is not None:
            action()
