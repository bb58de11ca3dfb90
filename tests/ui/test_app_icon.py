"""The window icon and desktop entry name the app sets are shipped with it."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app.core.resources import resource_path


def test_the_window_icon_is_a_readable_image(qapp: QApplication) -> None:
    icon = QIcon(str(resource_path("icons") / "airlock.png"))
    assert not icon.isNull()
    assert icon.availableSizes()


def test_the_desktop_entry_uses_the_name_the_app_reports() -> None:
    entry = (resource_path("desktop") / "airlock.desktop").read_text(encoding="utf-8")
    assert "Name=Airlock" in entry
