"""The session view end to end: questions, generation, review, findings, fix, cancel, crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.errors import EngineCrashed
from app.core.projects import get_project
from app.store.db import open_database
from app.ui.main_window import HISTORY_TAB, MainWindow
from app.ui.questions_form import SKIP
from tests.ui.conftest import FIXED_REPLY, UPLOAD_REPLY, FakeEngines, HangingEngine

REQUEST = "A Flask endpoint that accepts profile picture uploads"
LONG = 60_000  # a generous ceiling for a worker on a busy 2-core machine, never a timing goal


def ask(window: MainWindow, qtbot: QtBot, request: str = REQUEST) -> None:
    """Type the request and press Ctrl+Enter; wait for the open questions."""
    window.session.request.setPlainText(request)
    window.session.suggest_box.setChecked(False)
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        qtbot.keyClick(
            window.session.request, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
        )
    assert window.session.left_stack.currentWidget() is window.session.questions
    qtbot.waitUntil(lambda: not window.session.questions.populating)


def generate(window: MainWindow, qtbot: QtBot) -> None:
    """Submit the questions form and wait until the code is generated and reviewed."""
    with qtbot.waitSignal(window.controller.finished, timeout=LONG) as done:
        qtbot.mouseClick(window.session.questions.generate_button, Qt.MouseButton.LeftButton)
    assert done.args == ["generate"]


def test_generation_asks_the_open_questions_saves_the_answers_and_reviews_the_code(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    ask(window, qtbot)
    form = window.session.questions
    form.row("upload.max_size").set_answer("5 MB")
    form.row("csrf.protection").set_mode(SKIP)
    streamed: list[str] = []
    window.controller.runner.changed.connect(
        lambda: [t.streamed.connect(streamed.append) for t in window.runner.running("generate")]
    )
    generate(window, qtbot)
    workspace = window.session.workspace
    assert workspace.kind == "session" and workspace.latest is not None
    assert [f.path for f in workspace.latest.files] == ["app.py"]
    assert "picture.save" in window.session.code.editor.toPlainText()
    titles = {f.finding.title for f in window.session.findings.findings()}
    assert titles == {"Debug mode on", "Client file name used as a path"}
    db = open_database()
    policies = get_project(db, project).threat_model.policies
    db.close()
    assert policies is not None and policies.file_upload is not None
    assert policies.file_upload.max_bytes == 5 * 1024 * 1024
    system_prompt = fake_engines.generator.requests[-1].messages[0].content
    assert "CSRF" not in system_prompt  # skipped: no requirement
    assert "5 MiB" in system_prompt


def test_an_answer_that_does_not_read_is_shown_in_place_and_nothing_starts(
    window: MainWindow, project: str, qtbot: QtBot
) -> None:
    ask(window, qtbot)
    row = window.session.questions.row("upload.max_size")
    row.set_answer("quite large")
    qtbot.mouseClick(window.session.questions.generate_button, Qt.MouseButton.LeftButton)
    assert not row.error.isHidden()
    assert "is not a size" in row.error.text()
    assert not window.controller.busy


def test_selecting_a_finding_scrolls_the_editor_to_its_line(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    ask(window, qtbot)
    generate(window, qtbot)
    panel = window.session.findings
    findings = {f.finding.title: f for f in panel.findings()}
    debug = findings["Debug mode on"]
    row = panel.row_of(debug.id)
    assert row is not None
    panel.select_row(row)
    editor = window.session.code.editor
    assert editor.current_line() == debug.finding.start_line
    assert "debug=True" in editor.textCursor().block().text()
    assert "Debug mode on" in panel.detail.toPlainText()
    assert "do not: debug mode on" in panel.detail.toPlainText()
    assert editor.markers_at(debug.finding.start_line or 0)


def test_review_shortcut_reviews_the_shown_version_again(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    ask(window, qtbot)
    generate(window, qtbot)
    first = window.session.current_version()
    assert first is not None and first.review is not None
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    again = window.session.current_version()
    assert again is not None and again.review is not None
    assert again.review.review_id != first.review.review_id
    assert len(again.review.findings) == len(first.review.findings)


def test_fixing_the_selected_finding_adds_a_version_with_a_diff_and_a_comparison(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY).enqueue(FIXED_REPLY)
    ask(window, qtbot)
    generate(window, qtbot)
    panel = window.session.findings
    debug = next(f for f in panel.findings() if f.finding.title == "Debug mode on")
    panel.select_row(panel.row_of(debug.id) or 0)
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        qtbot.keyClick(
            window,
            Qt.Key.Key_F,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    versions = [v.number for v in window.session.workspace.versions]
    assert versions == [1, 2]
    assert "1 fixed" in window.banner.text.text()
    titles = {f.finding.title for f in panel.findings()}
    assert titles == {"Client file name used as a path"}
    window.session.code.diff_button.setChecked(True)
    diff = window.session.code.editor.toPlainText()
    assert "-    app.run(debug=True)" in diff and "+    app.run(debug=False)" in diff
    window.session.code.version_box.setCurrentIndex(0)
    window.session.code.diff_button.setChecked(False)
    assert "debug=True" in window.session.code.editor.toPlainText()


def test_escape_cancels_a_long_generation_and_the_window_stays_usable(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator = HangingEngine(model_id="slow-coder")
    ask(window, qtbot)
    qtbot.mouseClick(window.session.questions.generate_button, Qt.MouseButton.LeftButton)
    editor = window.session.code.editor
    qtbot.waitUntil(lambda: "import os" in editor.toPlainText(), timeout=LONG)
    assert window.controller.busy
    with qtbot.waitSignal(window.controller.finished, timeout=LONG) as done:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert done.args == ["generate"]
    assert not window.controller.busy
    assert "cancelled" in window.banner.text.text()
    assert window.actions_by_name["generate"].isEnabled()
    assert "import os" in editor.toPlainText()  # what was streamed stays visible


def test_an_engine_crash_while_generating_shows_a_banner_with_try_again(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue_error(EngineCrashed("the engine host exited (signal 9)"))
    ask(window, qtbot)
    generate_clicked = window.session.questions.generate_button
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        qtbot.mouseClick(generate_clicked, Qt.MouseButton.LeftButton)
    banner = window.banner
    assert banner.isVisible() and banner.level == "error"
    assert "engine host exited" in banner.text.text()
    assert banner.action_button.text() == "Try again"
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        qtbot.mouseClick(banner.action_button, Qt.MouseButton.LeftButton)
    assert window.session.workspace.kind == "session"


def test_an_engine_crash_during_the_review_keeps_the_other_stages_findings(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    fake_engines.reviewer.enqueue_error(EngineCrashed("the engine host exited (signal 11)"))
    ask(window, qtbot)
    generate(window, qtbot)
    titles = {f.finding.title for f in window.session.findings.findings()}
    assert "Debug mode on" in titles
    assert "model review stopped" in window.session.findings.summary.text()
    assert window.actions_by_name["review"].isEnabled()


def test_pasted_code_is_reviewed_against_the_project(
    window: MainWindow, project: str, qtbot: QtBot
) -> None:
    window.session.code.editor.setPlainText("app.run(debug=True)\n")
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        window.actions_by_name["review"].trigger()
    assert window.session.workspace.kind == "scratch"
    assert [f.finding.start_line for f in window.session.findings.findings()] == [1]


def test_history_lists_the_session_and_opens_it_again(
    window: MainWindow, project: str, fake_engines: FakeEngines, qtbot: QtBot
) -> None:
    fake_engines.generator.enqueue(UPLOAD_REPLY)
    ask(window, qtbot)
    generate(window, qtbot)
    session_id = window.session.workspace.session_id
    window.controller.new_session()
    window.tabs.setCurrentIndex(HISTORY_TAB)
    qtbot.waitUntil(lambda: len(window.history.entries) >= 2, timeout=LONG)
    window.history.search.setText("profile picture")
    visible = window.history.visible_entries()
    assert [(e.kind, e.id) for e in visible] == [("session", session_id)]
    window.history.table.selectRow(0)
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        window.history.open_selected()
    assert window.session.workspace.session_id == session_id
    assert window.session.findings.findings()


@pytest.mark.usefixtures("fake_engines")
def test_a_folder_is_reviewed_with_the_real_scanners(qtbot: QtBot, tmp_path: Path) -> None:
    engines = FakeEngines()
    window = MainWindow(engines=engines)
    qtbot.addWidget(window)
    window.show()
    (tmp_path / "app.py").write_text(
        "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)\n"
    )
    with qtbot.waitSignal(window.controller.finished, timeout=LONG):
        window.review_paths([tmp_path])
    sources = {s for f in window.session.findings.findings() for s in f.finding.sources}
    assert "bandit" in sources
