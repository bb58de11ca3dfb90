"""The code editor: highlighting in slices, gutter markers, hover text, landing on lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QColor, QHelpEvent, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from app.core.findings import Confidence, Finding, Severity
from app.ui.code_editor import CodeEditor
from app.ui.theme import code_style_name

CODE = '''import os


def handler(name):
    """A docstring
    over two lines."""
    return open(os.path.join("/srv", name)).read()
'''


def finding(line: int, severity: Severity, title: str = "Path traversal") -> Finding:
    return Finding(
        "rule",
        title,
        (22,),
        severity,
        Confidence.HIGH,
        ("taint",),
        "app.py",
        start_line=line,
        end_line=line,
        message=f"{title} on line {line}",
    )


def editor(qtbot: QtBot, text: str = CODE, language: str = "python") -> CodeEditor:
    widget = CodeEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    widget.set_code(text, language)
    qtbot.waitUntil(lambda: not widget.highlighter.busy)
    return widget


def formats_of(widget: CodeEditor, line: int) -> list[tuple[int, int]]:
    block = widget.document().findBlockByNumber(line - 1)
    return [(r.start, r.length) for r in block.layout().formats()]


def test_keywords_are_highlighted_once_lexing_has_caught_up(qtbot: QtBot) -> None:
    widget = editor(qtbot)
    assert formats_of(widget, 1)  # "import" and "os"
    assert formats_of(widget, 6)  # the second line of the docstring is still a string


def test_a_large_paste_is_highlighted_in_slices_and_completely(qtbot: QtBot) -> None:
    text = "def f(x):\n    return x + 1  # comment\n" * 3000
    widget = editor(qtbot, text)
    assert formats_of(widget, 5999)


def test_lines_with_findings_get_the_worst_severity_marker_and_a_tooltip(qtbot: QtBot) -> None:
    widget = editor(qtbot)
    widget.set_findings([finding(7, Severity.MEDIUM, "Weak check"), finding(7, Severity.HIGH)])
    markers = widget.markers_at(7)
    assert {m.severity for m in markers} == {Severity.HIGH, Severity.MEDIUM}
    assert "Path traversal" in widget.tooltip_for_line(7)
    assert "Weak check" in widget.tooltip_for_line(7)
    assert widget.markers_at(1) == []


def test_going_to_a_finding_puts_the_cursor_on_its_line(qtbot: QtBot) -> None:
    text = "x = 1\n" * 400 + "eval(input())\n"
    widget = editor(qtbot, text)
    widget.go_to_lines(401)
    assert widget.current_line() == 401
    assert widget.firstVisibleBlock().blockNumber() > 300  # scrolled down to it


def test_streamed_text_is_appended_at_the_end(qtbot: QtBot) -> None:
    widget = editor(qtbot, "", "markdown")
    for piece in ("```python\n", "print(", "'hi')\n", "```\n"):
        widget.append_stream(piece)
    assert widget.toPlainText() == "```python\nprint('hi')\n```\n"


def test_new_lines_that_repeat_old_ones_are_highlighted_too(qtbot: QtBot) -> None:
    widget = editor(qtbot, "x = 1\n" * 3, "python")
    widget.set_code("y = 2\n" + "x = 1\n" * 3, "python")
    qtbot.waitUntil(lambda: not widget.highlighter.busy)
    assert all(formats_of(widget, line) for line in range(1, 5))
    cursor = widget.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.insertText("import os\n")
    qtbot.waitUntil(lambda: not widget.highlighter.busy)
    assert all(formats_of(widget, line) for line in range(1, 6))


def test_hovering_a_marked_line_shows_its_findings(qtbot: QtBot) -> None:
    widget = editor(qtbot)
    widget.set_findings([finding(7, Severity.HIGH)])
    block = widget.document().findBlockByNumber(6)
    y = int(widget.blockBoundingGeometry(block).translated(widget.contentOffset()).center().y())
    point = QPoint(40, y)
    event = QHelpEvent(QEvent.Type.ToolTip, point, widget.viewport().mapToGlobal(point))
    QApplication.sendEvent(widget.viewport(), event)
    assert "Path traversal on line 7" in QToolTip.text()


def test_the_code_colours_follow_a_dark_palette(qtbot: QtBot) -> None:
    widget = editor(qtbot)

    def colours() -> set[str]:
        block = widget.document().findBlockByNumber(0)
        return {r.format.foreground().color().name() for r in block.layout().formats()}

    light = colours()
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#17181a"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    try:
        app.setPalette(dark)
        qtbot.waitUntil(lambda: bool(colours()) and colours() != light)
        assert code_style_name() == "github-dark"
    finally:
        app.setPalette(original)
