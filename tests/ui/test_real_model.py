"""The desktop app with the real default model through the real engine host (slow: -m model)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.generate import GenerateSettings
from app.core.model_review import ModelReviewSettings
from app.core.review import ReviewOptions
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from app.ui.main_window import MainWindow
from tests.llm.conftest import TEST_SETTINGS, default_model, default_model_in_home

__all__ = ["default_model", "default_model_in_home"]  # fixtures shared with tests/llm

MINUTES = 60_000


@pytest.mark.model
def test_the_real_model_loads_in_the_background_generates_and_the_code_is_reviewed(
    qtbot: QtBot, default_model_in_home: Path
) -> None:
    db = open_database()
    ModelRegistry(db).set_engine_settings(
        threads=TEST_SETTINGS.threads, context_size=TEST_SETTINGS.context_size
    )
    db.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible()  # usable before the model has loaded
    qtbot.waitUntil(lambda: not window.runner.is_busy("warm-up"), timeout=10 * MINUTES)
    assert "not ready" not in window.status.models.text()
    window.create_project("files", "internal-cli-tool")
    qtbot.waitUntil(lambda: window.projects.current() == "files")
    quick_review = ReviewOptions(
        model=ModelReviewSettings(max_questions=1, ask_open_question=False)
    )
    window.controller.settings = GenerateSettings(max_tokens=200, review_options=quick_review)
    window.session.suggest_box.setChecked(False)
    window.session.request.setPlainText(
        "A Python function that returns the text of a file whose name the user gives"
    )
    with qtbot.waitSignal(window.controller.finished, timeout=10 * MINUTES):
        qtbot.keyClick(window.session.request, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)  # fmt: skip
    if window.session.left_stack.currentWidget() is window.session.questions:
        with qtbot.waitSignal(window.controller.finished, timeout=10 * MINUTES):
            window.session.questions.submit()
    assert not (window.banner.isVisible() and window.banner.level == "error"), (
        window.banner.text.text()
    )
    version = window.session.current_version()
    assert version is not None and version.files
    assert version.review is not None and version.review.review_id is not None
    assert "tok/s" in window.status.timing.text()
    window.close()
    assert not window.runner.running()
