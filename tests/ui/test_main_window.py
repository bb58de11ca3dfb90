"""The desktop entry point, driven for real offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.projects import create_project
from app.store.db import open_database
from app.ui.app import NO_DISPLAY_MESSAGE
from app.ui.main_window import MainWindow, save_screenshot


def test_main_window_lists_the_projects_in_the_database(qtbot: QtBot) -> None:
    create_project(open_database(), "demo", template="web-api")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert "demo" in window.status_label.text()
    assert "Offline" in window.statusBar().currentMessage()


def test_save_screenshot_writes_a_png(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    target = tmp_path / "shots" / "main.png"
    save_screenshot(window, target)
    assert target.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


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
