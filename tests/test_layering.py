"""The Qt-free core stays Qt-free."""

from __future__ import annotations

import subprocess
import sys


def _modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


def test_importing_the_cli_does_not_load_pyside6() -> None:
    loaded = _modules_after_import("app.cli")
    assert "app.cli" in loaded
    assert not {name for name in loaded if name.startswith(("PySide6", "shiboken6"))}


def test_importing_the_gui_entry_point_does_not_load_qt_before_it_is_needed() -> None:
    # `airlock-gui` must be able to say "no display" without importing Qt at all.
    loaded = _modules_after_import("app.ui.app")
    assert not {name for name in loaded if name.startswith("PySide6")}
