"""`airlock-gui --screenshot FOLDER` saves the main views with a demo project (for the docs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.ui.screenshots import SHOTS


def test_a_screenshot_folder_gets_a_png_of_every_main_view(tmp_path: Path) -> None:
    folder = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "app.ui.app", "--screenshot", f"{folder}/"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for name in SHOTS:
        assert (folder / f"{name}.png").read_bytes().startswith(b"\x89PNG"), name
    assert not (tmp_path / "airlock-home").exists()  # the demo lives in a temporary home
