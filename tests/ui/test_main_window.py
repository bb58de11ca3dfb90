"""The desktop app, driven for real offscreen: entry point, projects, state, drag and drop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from app.core.projects import create_project
from app.store.db import open_database
from app.ui.app import NO_DISPLAY_MESSAGE
from app.ui.main_window import MODELS_TAB, SESSION_TAB, MainWindow, save_screenshot
from tests.ui.conftest import FakeEngines


def test_main_window_lists_the_projects_in_the_database(
    qtbot: QtBot, fake_engines: FakeEngines
) -> None:
    db = open_database()
    create_project(db, "demo", template="web-api")
    db.close()
    window = MainWindow(engines=fake_engines)
    qtbot.addWidget(window)
    window.show()
    assert "demo" in window.projects.names()
    assert window.projects.current() == "demo"
    assert "Offline" in window.status.network.text()


def test_the_offline_indicator_says_what_would_go_online(window: MainWindow) -> None:
    assert "model download" in window.status.network.toolTip()


def test_save_screenshot_writes_a_png(window: MainWindow, tmp_path: Path) -> None:
    target = tmp_path / "shots" / "main.png"
    save_screenshot(window, target)
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_project_is_created_from_the_new_project_form(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.projects.ask_new()
    dialog.name.setText("billing-api")
    dialog.template.setCurrentText("data-store")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.projects.current() == "billing-api")
    assert window.threat_model.project is not None
    assert window.threat_model.project.name == "billing-api"
    assert "Created project billing-api" in window.banner.text.text()


def test_an_invalid_project_name_is_refused_in_the_form(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.projects.ask_new()
    dialog.name.setText("no spaces please")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "invalid project name" in dialog.error.text()
    dialog.reject()


def test_shortcuts_open_the_model_manager_and_come_back(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == MODELS_TAB
    qtbot.waitUntil(lambda: window.models.table.rowCount() > 0)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == SESSION_TAB


def test_window_state_and_last_project_are_restored_on_start(
    qtbot: QtBot, fake_engines: FakeEngines
) -> None:
    db = open_database()
    for name in ("alpha", "beta"):
        create_project(db, name)
    db.close()
    first = MainWindow(engines=fake_engines)
    qtbot.addWidget(first)
    first.resize(760, 560)  # inside the offscreen screen, so geometry comes back unclamped
    first.show()
    first.projects.combo.setCurrentText("beta")
    first.session.splitter.setSizes([250, 500])
    sizes = first.session.splitter.sizes()
    first.close()
    second = MainWindow(engines=FakeEngines())
    qtbot.addWidget(second)
    second.show()
    assert second.projects.current() == "beta"
    assert second.size() == first.size()
    assert second.session.splitter.sizes() == sizes


def test_closing_the_window_joins_its_workers_and_stops_the_engines(
    qtbot: QtBot, fake_engines: FakeEngines
) -> None:
    window = MainWindow(engines=fake_engines)
    qtbot.addWidget(window)
    window.show()
    window.close()
    assert not window.runner.running()
    assert fake_engines.closed


def test_dropping_a_folder_on_the_window_reviews_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "service"
    folder.mkdir()
    (folder / "main.py").write_text("import flask\napp.run(debug=True)\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    event = QDropEvent(
        QPointF(QPoint(50, 50)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.dropEvent(event)
    assert window.session.workspace.kind == "files"
    titles = [f.finding.title for f in window.session.findings.findings()]
    assert "Debug mode on" in titles


def _gui(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.ui.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_screenshot_flag_starts_offscreen_saves_and_quits(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    target = tmp_path / "main.png"
    result = _gui(["--screenshot", str(target)], env)
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(sys.platform != "linux", reason="display detection differs off Linux")
def test_without_a_display_the_gui_says_so_in_one_line() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env.pop("QT_QPA_PLATFORM", None)
    result = _gui([], env)
    assert result.returncode == 0
    assert result.stderr.strip() == NO_DISPLAY_MESSAGE
