"""The desktop app on a full disk: a banner says what happened and what to do, the window
stays usable, and "Try again" works once there is space."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.store.db import open_database
from app.store.reviews import list_reviews
from app.ui.main_window import MainWindow
from tests.hardening.test_disk_full import full_disk

# Many findings, so that saving the review needs new pages in the database file.
CODE = "".join(f"app.run(debug=True)  # {n}\n" for n in range(80))


def _review_count() -> int:
    db = open_database()
    try:
        return len(list_reviews(db))
    finally:
        db.close()


def test_a_review_on_a_full_disk_shows_a_banner_and_try_again_works_after(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "service"
    folder.mkdir()
    (folder / "app.py").write_text(CODE)
    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.review_paths([folder])  # an earlier review, saved while there was space
    assert _review_count() == 1

    with full_disk(monkeypatch):
        with qtbot.waitSignal(window.controller.finished, timeout=60_000):
            window.review_paths([folder])
        assert window.banner.isVisible()
        assert window.banner.level == "error"
        text = window.banner.text.text()
        assert text.startswith("disk full, nothing was saved")
        assert "free space and retry" in text
        assert window.banner.action_button.text() == "Try again"
        qtbot.waitUntil(lambda: not window.runner.running())  # the window is free again
        assert _review_count() == 1

    with qtbot.waitSignal(window.controller.finished, timeout=60_000):
        window.banner.action_button.click()  # the user freed space and tries again
    assert _review_count() == 2
    titles = {f.finding.title for f in window.session.findings.findings()}
    assert titles == {"Debug mode on"}
