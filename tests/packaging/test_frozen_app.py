"""What the frozen (PyInstaller) app needs from Airlock: an engine host it can start itself."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.llm.local import FROZEN_HOST_FLAG, host_command
from tests.packaging.conftest import REPO


def test_the_engine_host_runs_as_a_module_of_this_interpreter() -> None:
    assert host_command() == [sys.executable, "-m", "app.llm.host"]


def test_a_frozen_app_starts_its_own_executable_as_the_engine_host(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/airlock-app/airlock-gui")
    assert host_command() == ["/opt/airlock-app/airlock-gui", FROZEN_HOST_FLAG]


def run_launcher(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "packaging" / "launcher.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_launcher_serves_as_engine_host_when_given_the_flag(tmp_path: Path) -> None:
    load = {"op": "load", "model_path": str(tmp_path / "missing.gguf"), "settings": {}}
    result = run_launcher(FROZEN_HOST_FLAG, stdin=json.dumps(load) + "\n")
    reply = json.loads(result.stdout.splitlines()[0])
    assert reply["type"] == "load_error"
    assert "missing.gguf" in reply["message"]


def test_the_launcher_is_the_cli_under_any_name_but_airlock_gui() -> None:
    result = run_launcher("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("airlock, version")
