"""A large folder: the review streams its progress, can be cancelled at any point (and then
saves nothing and leaves no process behind), and a stage process that dies cannot hang it.

300 files here; bench/review_memory.py reviews 2,000 and measures peak memory and the time
to stop (docs/SECURITY.md states the bound). No timing is asserted here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.core.errors import OperationCancelled
from app.core.findings import StageResult
from app.core.review import DETERMINISTIC, ReviewOptions
from app.core.review_service import ThreatModelRef, review_paths
from app.core.sources import SourceFile
from app.core.threat_model import load_template
from app.llm.engine import Progress
from app.scan import offload
from app.scan.base import StageContext
from app.scan.offload import ChildStage, ChildStageFailed
from app.store.db import open_database
from app.store.reviews import get_review, list_reviews
from tests.hardening.big_folder import make_folder

CI_FILES = 300
OPTIONS = ReviewOptions(stages=DETERMINISTIC)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_folder(tmp_path_factory.mktemp("big"), CI_FILES)


def _review(project: Path, progress: list[Progress], cancel_after: int | None = None) -> int:
    db = open_database()
    try:
        saved = review_paths(
            db,
            [project],
            ThreatModelRef(load_template("web-api")),
            options=OPTIONS,
            progress=progress.append,
            should_cancel=lambda: cancel_after is not None and len(progress) > cancel_after,
        )
        assert saved.review_id is not None
        return saved.review_id
    finally:
        db.close()


def test_a_large_folder_is_reviewed_with_progress_for_every_stage(project: Path) -> None:
    events: list[Progress] = []
    review_id = _review(project, events)

    stages = [e for e in events if e.part is None]  # a slow machine adds file events
    assert [e.done for e in stages] == list(range(len(stages)))  # in order, none skipped
    assert {e.total for e in stages} == {len(stages) - 1}
    assert stages[-1].message == "done"
    assert len(stages) >= 5  # hostile input, scanners, rules, data flow and policy
    db = open_database()
    assert len(get_review(db, review_id).settings["files"]) == CI_FILES
    db.close()


ONE_ENGINE_RUN = {"zizmor", "semgrep"}


def test_every_stage_counts_its_files_as_it_goes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unthrottled, so that each file is an event (normally a few a second at most).
    monkeypatch.setattr("app.core.review.FILE_PROGRESS_INTERVAL_S", 0.0)
    monkeypatch.setattr("app.scan.offload.PROGRESS_SECONDS", 1e-9)
    events: list[Progress] = []
    _review(project, events)

    fractions = [e.fraction or 0.0 for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0  # the bar only moves on
    by_stage: dict[str, list[Progress]] = {}
    for event in events:
        if event.part is not None:
            by_stage.setdefault(event.message.split(":")[0], []).append(event)
    # bandit ran in its own process (300 Python files) and still reported its files.
    assert {"hostile-input", "bandit", "detect-secrets", "taint+policy"} <= set(by_stage)
    for name, files in by_stage.items():
        parts = [e.part or 0.0 for e in files]
        assert parts == sorted(parts) and all(0 <= p < 1 for p in parts), name
        counted, of = files[-1].message.split(": ")[1].split(" ")[0].split("/")
        if name in ONE_ENGINE_RUN:
            # One run of an outside engine reads every file: it says so once, at the start.
            assert int(of) > 0 and int(counted) == 0, name
            continue
        assert int(of) > 0 and int(counted) == int(of) - 1, name  # up to the last file


# After each progress event: during each stage, while waiting for the bandit process, and
# (the last one) after every stage, just before the review would be saved.
@pytest.mark.parametrize("point", range(6))
def test_a_review_cancelled_at_any_point_saves_nothing_and_leaves_no_process(
    project: Path, point: int
) -> None:
    events: list[Progress] = []
    with pytest.raises(OperationCancelled):
        _review(project, events, cancel_after=point)

    assert len(events) <= point + 2  # it stopped at the next check, not at the end
    db = open_database()
    assert list_reviews(db) == []
    db.close()
    assert multiprocessing.active_children() == []  # the bandit process was stopped too


# --- a stage process that dies while it starts -------------------------------------------


class _ExitWhenUnpickled:
    """Unpickling this ends the process at once: a child that dies while it starts."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (3,))


class DyingStage:
    name = "dying"
    runs_in_child = True

    def __init__(self) -> None:
        self.poison = _ExitWhenUnpickled()

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        return StageResult()


def test_a_stage_process_that_dies_while_starting_fails_the_stage_instead_of_hanging() -> None:
    # Far more text than a pipe holds: the parent must not wait to write it to a dead child.
    files = [SourceFile(f"f{n}.py", "python", "x = 1\n" * 2000) for n in range(40)]
    assert offload.worth_offloading(DyingStage(), files) or os.cpu_count() == 1
    outcome: list[BaseException | StageResult] = []

    def run() -> None:
        try:
            outcome.append(ChildStage(DyingStage(), files, StageContext()).result(lambda: False))
        except ChildStageFailed as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=120)  # a guard against hanging the suite, not a timing goal

    assert not worker.is_alive(), "the review hung on a stage process that died"
    assert isinstance(outcome[0], ChildStageFailed)
    assert "ended without a result" in str(outcome[0])
