"""The history view: the list, full-text search on a worker thread, filters, opening a hit."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.core.history import SearchRequest
from app.store.db import open_database
from app.ui import history_view
from app.ui.history_view import HistoryEntry, HistoryView, match_html
from app.ui.workers import TaskRunner
from tests.store.test_search import History, seed_history

WAIT_MS = 10_000


@pytest.fixture
def seeded() -> History:
    db = open_database()
    try:
        return seed_history(db)
    finally:
        db.close()


@pytest.fixture
def view(qtbot: QtBot, seeded: History) -> Iterator[HistoryView]:
    runner = TaskRunner()
    widget = HistoryView(runner)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: len(widget.entries) == 4, timeout=WAIT_MS)
    yield widget
    assert runner.shutdown(5_000)


def idle(view: HistoryView, qtbot: QtBot) -> None:
    """Wait until the debounce has fired and no search is running."""
    qtbot.waitUntil(
        lambda: not view._timer.isActive() and not view._runner.is_busy(), timeout=WAIT_MS
    )


def search_for(view: HistoryView, qtbot: QtBot, text: str) -> list[HistoryEntry]:
    view.search.setText(text)
    view.run_search()  # as Enter does; typing alone waits SEARCH_DELAY_MS first
    idle(view, qtbot)
    return view.entries


def test_with_an_empty_box_the_list_shows_sessions_and_reviews(
    view: HistoryView, seeded: History
) -> None:
    assert not view.showing_results
    assert [(e.kind, e.id) for e in view.entries] == [
        ("review", seeded.path_review),
        ("review", seeded.blog_review),
        ("review", seeded.shop_review),
        ("session", seeded.session),
    ]
    assert view.table.item(1, 3).text() == "2 findings"
    projects = [view.project_filter.itemText(i) for i in range(view.project_filter.count())]
    assert projects == ["All projects", "blog", "shop"]


def test_typing_narrows_the_list_at_once_then_searches_on_a_worker_thread(
    view: HistoryView, qtbot: QtBot, seeded: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real = history_view.search_entries

    def recording(request: SearchRequest) -> list[HistoryEntry]:
        threads.append(threading.current_thread())
        return real(request)

    monkeypatch.setattr(history_view, "search_entries", recording)
    view.search.setText("legacy")
    assert [(e.kind, e.id) for e in view.visible_entries()] == [("review", seeded.path_review)]
    assert not view.showing_results  # the full-text search waits for a pause in typing
    qtbot.waitUntil(lambda: view.showing_results, timeout=WAIT_MS)
    idle(view, qtbot)
    assert threads and threads[0] is not threading.main_thread()
    assert view.message.text() == "1 match"


def test_results_cover_findings_sessions_and_code_with_matched_words(
    view: HistoryView, qtbot: QtBot, seeded: History
) -> None:
    entries = search_for(view, qtbot, "picture*")
    assert view.showing_results
    assert {(e.kind, e.opens) for e in entries} >= {
        ("session", ("session", seeded.session)),
        ("code", ("session", seeded.session)),
    }
    code = next(e for e in entries if e.kind == "code")
    assert "<b>picture</b>" in match_html(code)
    assert view.table.horizontalHeaderItem(4).text() == "Match"


def test_filters_combine_with_the_words(view: HistoryView, qtbot: QtBot) -> None:
    view.severity_filter.setCurrentIndex(view.severity_filter.findData("high"))
    entries = search_for(view, qtbot, "injection")
    assert {(e.kind, e.title) for e in entries} == {("finding", "SQL injection")}
    view.project_filter.setCurrentIndex(view.project_filter.findData("blog"))
    view.run_search()
    idle(view, qtbot)
    assert [e.project for e in view.entries] == ["blog"]
    assert "high" in view.entries[0].detail and "CWE-89" in view.entries[0].detail


def test_filters_alone_search_without_words(view: HistoryView, qtbot: QtBot) -> None:
    view.cwe_filter.setText("CWE-798")
    view.run_search()
    idle(view, qtbot)
    assert [e.title for e in view.entries] == ["Hard-coded secret"]


def test_clearing_the_search_brings_the_list_back(view: HistoryView, qtbot: QtBot) -> None:
    search_for(view, qtbot, "sql")
    assert view.showing_results
    view.search.clear()
    view.run_search()
    assert not view.showing_results
    assert len(view.visible_entries()) == 4
    assert view.table.horizontalHeaderItem(4).text() == "Request or target"


def test_a_bad_filter_is_shown_inline_and_nothing_crashes(view: HistoryView, qtbot: QtBot) -> None:
    view.since_filter.setText("last week")
    view.run_search()
    idle(view, qtbot)
    assert "is not a date" in view.message.text()
    assert not view.showing_results


def test_a_search_typed_while_another_runs_ends_with_the_newest_results(
    view: HistoryView, qtbot: QtBot
) -> None:
    view.search.setText("sql")
    view.run_search()
    view.search.setText("legacy")
    view.run_search()  # the first is still running: this one follows it
    qtbot.waitUntil(lambda: [e.kind for e in view.entries] == ["review"], timeout=WAIT_MS)
    idle(view, qtbot)
    assert [e.title for e in view.entries] == ["/srv/legacy-billing"]


def test_opening_a_finding_opens_its_review(
    view: HistoryView, qtbot: QtBot, seeded: History
) -> None:
    view.cwe_filter.setText("798")
    view.run_search()
    idle(view, qtbot)
    view.table.selectRow(0)
    with qtbot.waitSignal(view.open_requested) as opened:
        view.open_selected()
    assert opened.args == ["review", seeded.blog_review]


def test_match_html_escapes_stored_text() -> None:
    entry = HistoryEntry("finding", 1, "2026-01-01", "p", "<script>", "", snippet="a \x02<b>\x03 c")
    markup = match_html(entry)
    assert "<script>" not in markup
    assert "&lt;script&gt;" in markup
    assert "<b>&lt;b&gt;</b>" in markup


def test_a_search_due_after_the_runner_shut_down_is_dropped(
    view: HistoryView, qtbot: QtBot
) -> None:
    view.search.setText("sql")  # the debounce timer is running
    assert view._runner.shutdown(5_000)
    qtbot.wait(history_view.SEARCH_DELAY_MS * 2)
    assert not view.showing_results
    assert view._runner.running() == []
