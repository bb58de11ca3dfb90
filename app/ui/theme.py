"""Colours that follow the system palette: severity colours and the code style, light or dark."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette

from app.core.findings import Severity

_LIGHT = {
    Severity.CRITICAL: "#b02a37",
    Severity.HIGH: "#d9480f",
    Severity.MEDIUM: "#c98a00",
    Severity.LOW: "#1c7ed6",
    Severity.INFO: "#7b838a",
}
_DARK = {
    Severity.CRITICAL: "#ff6b6b",
    Severity.HIGH: "#ff922b",
    Severity.MEDIUM: "#ffd43b",
    Severity.LOW: "#74c0fc",
    Severity.INFO: "#adb5bd",
}


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def severity_color(severity: Severity, palette: QPalette | None = None) -> QColor:
    table = _DARK if is_dark(palette) else _LIGHT
    return QColor(table[severity])


def tinted(color: QColor, alpha: int) -> QColor:
    result = QColor(color)
    result.setAlpha(alpha)
    return result


def code_style_name(palette: QPalette | None = None) -> str:
    """A pygments style that reads well on the palette's base colour."""
    return "github-dark" if is_dark(palette) else "default"


def code_font() -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    return font


SEVERITY_LABELS = {
    Severity.CRITICAL: "Critical",
    Severity.HIGH: "High",
    Severity.MEDIUM: "Medium",
    Severity.LOW: "Low",
    Severity.INFO: "Info",
}
