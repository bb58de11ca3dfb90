"""How the pipeline schedules its deterministic stages, without changing what they find.

- taint and policy share one analysis per file (TaintAndPolicyStage): same findings,
  warnings and cleared places as the two stages run apart;
- bandit and detect-secrets run in one spawned child for reviews of many Python files, at
  the same time as the in-process stages; the child's stages not yet started when this
  process is done are taken back and run here; findings, warnings and their order are the
  same as in-process; cancel ends the child; a child that dies is reported, never silent.

No timing is asserted: processes wait for each other through files, with long time limits
that only keep a broken schedule from hanging the suite.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from app.core.coverage import NOT_COVERED
from app.core.errors import OperationCancelled
from app.core.findings import ReviewWarning, StageResult
from app.core.review import DETERMINISTIC, ReviewOptions, deterministic_stages, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import load_template
from app.scan.base import StageContext
from app.scan.offload import (
    MIN_PYTHON_FILES,
    ChildStage,
    ChildStageFailed,
    ChildStages,
    worth_offloading,
)
from app.scan.policy import PolicyStage
from app.scan.python_flow import TaintStage
from app.scan.shared_analysis import TaintAndPolicyStage

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "dev"


def corpus_python() -> list[SourceFile]:
    return [f for f in collect_sources([CORPUS / "python"]).files if f.language == "python"]


def keyed(result: StageResult) -> tuple[list[tuple[object, ...]], list[object], list[object]]:
    findings = sorted((f.rule_id, f.file, f.start_line, f.message) for f in result.findings)
    warnings = sorted((w.kind, w.file or "", w.stage or "") for w in result.warnings)
    cleared = sorted((c.file, c.line, c.kind, c.reason) for c in result.cleared)
    return findings, warnings, cleared  # type: ignore[return-value]


def test_shared_analysis_finds_exactly_what_the_two_stages_find_apart() -> None:
    files = corpus_python()
    context = StageContext(threat_model=load_template("web-api"))
    apart = StageResult()
    for stage in (TaintStage(), PolicyStage()):
        result = stage.run(files, context)
        apart.findings += result.findings
        apart.warnings += result.warnings
        apart.cleared += result.cleared
    together = TaintAndPolicyStage().run(files, context)
    assert keyed(together) == keyed(apart)
    assert together.findings  # the corpus has vulnerable files: the comparison means something


def test_shared_analysis_reports_cancel_for_both_stages() -> None:
    calls = iter(range(1000))
    context = StageContext(
        threat_model=load_template("web-api"), should_cancel=lambda: next(calls) >= 3
    )
    result = TaintAndPolicyStage().run(corpus_python(), context)
    assert {w.stage for w in result.warnings if w.kind == "skipped"} >= {"taint", "policy"}


def many_files(count: int = MIN_PYTHON_FILES) -> list[SourceFile]:
    files = corpus_python()
    assert len(files) >= count
    return files[:count]


def test_bandit_in_a_child_finds_the_same_as_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    files = many_files()
    options = ReviewOptions(stages=frozenset({"scanners"}))
    from app.scan.bandit_stage import BanditStage

    assert worth_offloading(BanditStage(), files) is True
    in_child = run_review(files, None, options=options)
    monkeypatch.setenv("AIRLOCK_NO_CHILD_STAGES", "1")
    assert worth_offloading(BanditStage(), files) is False
    in_process = run_review(files, None, options=options)

    def bandit(findings: list) -> list[tuple[object, ...]]:  # type: ignore[type-arg]
        return sorted((f.rule_id, f.file, f.start_line) for f in findings if "bandit" in f.sources)

    assert bandit(in_child.findings) == bandit(in_process.findings)
    assert bandit(in_child.findings)
    assert "bandit" in in_child.stage_seconds


def test_few_files_stay_in_process() -> None:
    from app.scan.bandit_stage import BanditStage

    assert worth_offloading(BanditStage(), many_files(MIN_PYTHON_FILES - 1)) is False


def test_cancel_ends_the_child() -> None:
    from app.scan.bandit_stage import BanditStage

    child = ChildStage(BanditStage(), many_files() * 20, StageContext())
    with pytest.raises(OperationCancelled):
        child.result(lambda: True)
    assert not child._process.is_alive()


class _Dies:
    """A stage whose process ends without reporting (as a crash of a native library would)."""

    name = "dies"
    runs_in_child = True

    def run(self, files: list[SourceFile], context: StageContext) -> StageResult:
        import os

        os._exit(3)


def test_a_child_that_dies_is_reported() -> None:
    child = ChildStage(_Dies(), many_files(1), StageContext())
    with pytest.raises(ChildStageFailed, match="without a result"):
        child.result(lambda: False)


class _Raises:
    name = "raises"
    runs_in_child = True

    def run(self, files: list[SourceFile], context: StageContext) -> StageResult:
        raise ValueError("broken on purpose")


def test_a_child_error_is_reported_with_its_message() -> None:
    child = ChildStage(_Raises(), many_files(1), StageContext())
    with pytest.raises(ChildStageFailed, match="broken on purpose"):
        child.result(lambda: False)


def test_children_are_spawned_not_forked() -> None:
    # A fork of the GUI process (threads, Qt) is unsafe; the context must be spawn.
    from app.scan.bandit_stage import BanditStage

    child = ChildStage(BanditStage(), many_files(1), StageContext())
    try:
        assert isinstance(child._process, multiprocessing.context.SpawnProcess)
        assert isinstance(child.result(lambda: False), StageResult)
    finally:
        child.stop()
    assert not child._process.is_alive()


# --- one child for the slow scanners, overlapping the in-process stages -------------------


def test_a_review_with_a_child_gives_exactly_what_it_gives_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = collect_sources([CORPUS]).files
    assert sum(1 for f in files if f.language == "python") >= MIN_PYTHON_FILES
    threat_model = load_template("web-api")
    options = ReviewOptions(stages=DETERMINISTIC)
    stages = deterministic_stages(DETERMINISTIC)
    assert {s.name for s in stages if worth_offloading(s, files)} == {"bandit", "detect-secrets"}
    with_child = run_review(files, threat_model, options=options)
    monkeypatch.setenv("AIRLOCK_NO_CHILD_STAGES", "1")
    in_process = run_review(files, threat_model, options=options)
    assert with_child.findings == in_process.findings  # the same, in the same order
    assert with_child.warnings == in_process.warnings
    assert with_child.findings
    assert set(with_child.stage_seconds) == set(in_process.stage_seconds)


def _wait_for(path: Path, seconds: float = 120.0) -> bool:
    """True once `path` exists; False after `seconds` (a guard, not a timing goal)."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


class _HereProbe:
    """In-process: waits until the child's stage has started, then lets it finish."""

    name = "here"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        saw = _wait_for(self.folder / "child-started")
        (self.folder / "here-saw-child").touch()
        return StageResult(warnings=[ReviewWarning("probe", f"here saw the child: {saw}")])


class _ChildProbe:
    """In the child: says it started, then waits for the in-process stage to have seen it."""

    name = "child"
    runs_in_child = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        (self.folder / "child-started").touch()
        saw = _wait_for(self.folder / "here-saw-child")
        return StageResult(warnings=[ReviewWarning("probe", f"the child saw here: {saw}")])


def test_the_child_stage_runs_while_the_in_process_stages_do(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Each stage waits for the other: run one after the other, neither would see the other.
    stages = [_HereProbe(tmp_path), _ChildProbe(tmp_path)]
    monkeypatch.setattr("app.core.review.deterministic_stages", lambda groups: stages)
    outcome = run_review(many_files(), None, options=ReviewOptions(stages=DETERMINISTIC))
    assert [w.message for w in outcome.warnings if w.kind != NOT_COVERED] == [
        "here saw the child: True",
        "the child saw here: True",
    ]
    assert list(outcome.stage_seconds) == ["here", "child"]


class _Gate:
    """In the child: holds it in its first stage until the test says go."""

    name = "gate"
    runs_in_child = True

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        (self.folder / "gate-started").touch()
        _wait_for(self.folder / "go")
        return StageResult(warnings=[ReviewWarning("probe", "gate")])


class _Marks:
    """Leaves a file named after the process that ran it."""

    runs_in_child = True

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        process = multiprocessing.current_process().name
        (self.folder / f"{self.name}-ran-in-{process}").touch()
        return StageResult(warnings=[ReviewWarning("probe", self.name)])


def test_stages_the_child_has_not_started_are_taken_back_and_run_once(tmp_path: Path) -> None:
    stages = [_Gate(tmp_path), _Marks(tmp_path, "second"), _Marks(tmp_path, "third")]
    child = ChildStages(stages, many_files(1), StageContext())
    try:
        assert _wait_for(tmp_path / "gate-started")
        assert child.claim(0) is False  # started: the child's
        assert child.claim(2) is True  # not started: ours now, never the child's
        (tmp_path / "go").touch()
        assert [w.message for w in child.result(0, lambda: False).warnings] == ["gate"]
        assert [w.message for w in child.result(1, lambda: False).warnings] == ["second"]
        assert child.claim(1) is False
    finally:
        child.stop()
    ran = sorted(path.name for path in tmp_path.iterdir() if "-ran-in-" in path.name)
    assert ran == ["second-ran-in-airlock-stages-gate+second+third"]  # third: not by the child


class _HereAfterGate:
    """In-process: done once the child is held in its first stage."""

    name = "here"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        _wait_for(self.folder / "gate-started")
        return StageResult(warnings=[ReviewWarning("probe", "here")])


class _MarksThenGo(_Marks):
    """Leaves its mark, then lets the gate go."""

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = super().run(files, context)
        (self.folder / "go").touch()
        return result


def test_a_review_takes_back_what_the_child_has_not_started(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The child is held in its first stage until this process has run its own stage and
    # the child's last one: that one runs here, once, and the results keep stage order.
    stages = [_Gate(tmp_path), _HereAfterGate(tmp_path), _MarksThenGo(tmp_path, "last")]
    monkeypatch.setattr("app.core.review.deterministic_stages", lambda groups: stages)
    outcome = run_review(many_files(), None, options=ReviewOptions(stages=DETERMINISTIC))
    assert [w.message for w in outcome.warnings if w.kind != NOT_COVERED] == [
        "gate",
        "here",
        "last",
    ]
    assert [p.name for p in tmp_path.iterdir() if "-ran-in-" in p.name] == [
        "last-ran-in-MainProcess"
    ]


class _Large:
    """A first stage whose result is far larger than a pipe holds."""

    name = "large"
    runs_in_child = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        warnings = [ReviewWarning("probe", "x" * 200, file=f"f{n}.py") for n in range(2000)]
        return StageResult(warnings=warnings)


def test_a_large_result_does_not_hold_the_child_back(tmp_path: Path) -> None:
    # Nobody waits for the first result yet: the child must still go on to its second stage.
    child = ChildStages([_Large(), _Marks(tmp_path, "next")], many_files(1), StageContext())
    try:
        assert _wait_for(tmp_path / "next-ran-in-airlock-stages-large+next")
        assert len(child.result(0, lambda: False).warnings) == 2000
        assert [w.message for w in child.result(1, lambda: False).warnings] == ["next"]
    finally:
        child.stop()


def test_a_stage_that_fails_in_the_child_does_not_stop_the_next(tmp_path: Path) -> None:
    child = ChildStages([_Raises(), _Marks(tmp_path, "next")], many_files(1), StageContext())
    try:
        with pytest.raises(ChildStageFailed, match="raises: ValueError: broken on purpose"):
            child.result(0, lambda: False)
        assert [w.message for w in child.result(1, lambda: False).warnings] == ["next"]
    finally:
        child.stop()
