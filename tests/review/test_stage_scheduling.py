"""How the pipeline schedules its deterministic stages, without changing what they find.

- taint and policy share one analysis per file (TaintAndPolicyStage): same findings,
  warnings and cleared places as the two stages run apart;
- bandit runs in a spawned child for reviews of many Python files: same findings as
  in-process; cancel ends the child; a child that dies is reported, never silent.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from app.core.errors import OperationCancelled
from app.core.findings import StageResult
from app.core.review import ReviewOptions, run_review
from app.core.sources import SourceFile, collect_sources
from app.core.threat_model import load_template
from app.scan.base import StageContext
from app.scan.offload import MIN_PYTHON_FILES, ChildStage, ChildStageFailed, worth_offloading
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
