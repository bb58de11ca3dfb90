"""The threat-model editor: the form, the YAML with inline validation, saving, history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from app.core.projects import Project, create_project, get_project
from app.store.db import open_database
from app.ui.threat_model_editor import FORM, HISTORY, YAML_TAB, ThreatModelEditor
from app.ui.workers import TaskRunner


@pytest.fixture
def project() -> Project:
    db = open_database()
    created = create_project(db, "shop", template="web-api")
    db.close()
    return created


@pytest.fixture
def editor(qtbot: QtBot, project: Project) -> Iterator[ThreatModelEditor]:
    runner = TaskRunner()
    widget = ThreatModelEditor(runner)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    widget.set_project(project)
    yield widget
    assert runner.shutdown(5_000)


def stored() -> Project:
    db = open_database()
    try:
        return get_project(db, "shop")
    finally:
        db.close()


def save(editor: ThreatModelEditor, qtbot: QtBot) -> None:
    with qtbot.waitSignal(editor.saved, timeout=30_000):
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)


def test_the_form_shows_the_structured_parts(editor: ThreatModelEditor) -> None:
    assets = editor.form.tables["assets"].records()
    assert [a["name"] for a in assets][:2] == ["customer records", "user credentials"]
    groups = {g.name: g for g in editor.form.policies}
    assert groups["rate_limiting"].isChecked()
    assert groups["file_upload"].isChecked() is False
    assert "Valid threat model" in editor.validation.text()


def test_an_edit_in_the_form_is_saved_as_a_new_version_with_its_comment(
    editor: ThreatModelEditor, qtbot: QtBot
) -> None:
    table = editor.form.tables["actors"].table
    row = editor.form.tables["actors"].add_row()
    table.setItem(row, 0, QTableWidgetItem("support agent"))
    table.setItem(row, 1, QTableWidgetItem("privileged"))
    editor.comment.setText("support can read tickets")
    save(editor, qtbot)
    project = stored()
    assert project.version == 2
    assert project.threat_model.actors is not None
    assert project.threat_model.actors[-1].name == "support agent"
    assert project.threat_model.assumptions is not None  # keys the form does not show are kept
    assert "v2" in editor.title.text()


def test_invalid_yaml_is_explained_inline_and_marked_on_its_line(
    editor: ThreatModelEditor, qtbot: QtBot
) -> None:
    editor.tabs.setCurrentIndex(YAML_TAB)
    editor.yaml.setPlainText("airlock_threat_model: 1\nname: [shop\n")
    qtbot.waitUntil(lambda: "✖" in editor.validation.text())
    assert "invalid YAML at line 3" in editor.validation.text()
    assert editor.yaml.markers_at(3)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor._runner.running("save-threat-model")
    assert stored().version == 1


def test_a_wrong_value_names_the_field_and_what_is_allowed(
    editor: ThreatModelEditor, qtbot: QtBot
) -> None:
    editor.tabs.setCurrentIndex(YAML_TAB)
    text = editor.yaml.toPlainText().replace("exposure: internet", "exposure: outer space")
    editor.yaml.setPlainText(text)
    qtbot.waitUntil(lambda: "✖" in editor.validation.text())
    assert "exposure" in editor.validation.text()
    assert "internet, internal, local" in editor.validation.text()


def test_the_form_cannot_be_opened_over_broken_yaml(editor: ThreatModelEditor) -> None:
    editor.tabs.setCurrentIndex(YAML_TAB)
    editor.yaml.setPlainText("name: [")
    editor.tabs.setCurrentIndex(FORM)
    assert editor.tabs.currentIndex() == YAML_TAB
    assert "fix it here" in editor.validation.text()


def test_yaml_edits_reach_the_form_and_are_saved(editor: ThreatModelEditor, qtbot: QtBot) -> None:
    editor.tabs.setCurrentIndex(YAML_TAB)
    text = editor.yaml.toPlainText().replace("requests_per_minute: 120", "requests_per_minute: 30")
    editor.yaml.setPlainText(text)
    editor.tabs.setCurrentIndex(FORM)
    limits = next(g for g in editor.form.policies if g.name == "rate_limiting")
    assert limits.policy() == {"required": True, "requests_per_minute": 30}
    save(editor, qtbot)
    policies = stored().threat_model.policies
    assert policies is not None and policies.rate_limiting is not None
    assert policies.rate_limiting.requests_per_minute == 30


def test_history_shows_each_version_and_what_it_changed(
    editor: ThreatModelEditor, qtbot: QtBot
) -> None:
    editor.form.general[0].widget.setText("Shop API")  # type: ignore[union-attr]
    save(editor, qtbot)
    editor.tabs.setCurrentIndex(HISTORY)
    history = editor.history
    assert history.table.rowCount() == 2
    history.select_versions(2)
    diff = history.diff.toPlainText()
    assert "-name: Web API" in diff and "+name: Shop API" in diff
    history.select_versions(1, 2)
    assert "+name: Shop API" in history.diff.toPlainText()
