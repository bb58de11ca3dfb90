"""The review pipeline: scanners, Python data flow, threat-model policies, the model, merge.

Each stage does what it is good at (see docs/review.md). A stage that fails is reported as a
warning and the others still run; cancellation is checked between stages and between files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.core.coverage import (
    MODEL,
    Analyser,
    FileCoverage,
    analyser_of,
    coverage_warnings,
    file_coverage,
)
from app.core.errors import OperationCancelled
from app.core.findings import Finding, ReviewWarning, StageResult, fold_partly_parsed
from app.core.merge import merge_findings
from app.core.model_review import ModelReviewer, ModelReviewSettings, ModelReviewStats
from app.core.prompts import sha256_text
from app.core.sources import DEFAULT_MAX_BYTES, SourceFile
from app.core.threat_model import ThreatModel
from app.llm.engine import Engine, Progress
from app.scan.base import Finished, PendingStage, Stage, StageContext
from app.scan.offload import ChildStageFailed, ChildStages, worth_offloading

log = logging.getLogger(__name__)

STAGE_GROUPS = ("scanners", "taint", "policy", "model")
FILE_PROGRESS_INTERVAL_S = 0.2
DETERMINISTIC = frozenset({"scanners", "taint", "policy"})


@dataclass(frozen=True)
class ReviewOptions:
    stages: frozenset[str] = frozenset(STAGE_GROUPS)
    model: ModelReviewSettings = field(default_factory=ModelReviewSettings)
    max_file_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class ReviewOutcome:
    findings: list[Finding]
    warnings: list[ReviewWarning]
    files: list[str]
    stage_seconds: dict[str, float]
    prompt_texts: dict[str, str] = field(default_factory=dict)
    model_stats: ModelReviewStats | None = None
    # Which analysers understood each file (app/core/coverage.py).
    coverage: list[FileCoverage] = field(default_factory=list)

    @property
    def prompt_hashes(self) -> dict[str, str]:
        return {key: sha256_text(text) for key, text in self.prompt_texts.items()}


def _never() -> bool:
    return False


def _ignore(_: Progress) -> None:
    return None


def deterministic_stages(groups: frozenset[str]) -> list[Stage]:
    """The deterministic stages in order, for the chosen groups."""
    from app.scan.policy import PolicyStage
    from app.scan.prompt_injection import HostileInputStage
    from app.scan.python_flow import TaintStage
    from app.scan.scanners import scanner_stages
    from app.scan.shared_analysis import TaintAndPolicyStage

    stages: list[Stage] = [HostileInputStage()]  # always: hostile input is never optional
    if "scanners" in groups:
        stages.extend(scanner_stages())
    if {"taint", "policy"} <= groups:
        stages.append(TaintAndPolicyStage())  # one analysis per file for both
    elif "taint" in groups:
        stages.append(TaintStage())
    elif "policy" in groups:
        stages.append(PolicyStage())
    return stages


def run_review(
    files: Sequence[SourceFile],
    threat_model: ThreatModel | None,
    *,
    options: ReviewOptions | None = None,
    engine: Engine | None = None,
    model_id: str = "",
    progress: Callable[[Progress], None] = _ignore,
    should_cancel: Callable[[], bool] = _never,
) -> ReviewOutcome:
    """Review `files` against `threat_model`; raises OperationCancelled when cancelled."""
    options = options or ReviewOptions()
    stages = deterministic_stages(options.stages & DETERMINISTIC)
    use_model = "model" in options.stages
    total = len(stages) + int(use_model)
    seconds: dict[str, float] = {}
    context = StageContext(threat_model=threat_model, should_cancel=should_cancel)
    raw = _run_stages(stages, files, context, progress, total, seconds)
    raw.warnings[:] = fold_partly_parsed(raw.warnings)  # the model stage adds to this list
    outcome = ReviewOutcome([], raw.warnings, [f.path for f in files], seconds)
    if use_model:
        progress(Progress("review", len(stages), total, "model"))
        _run_model(files, threat_model, engine, model_id, options, raw, outcome, should_cancel)
    outcome.findings = merge_findings(raw.findings, threat_model, cleared=raw.cleared)
    analysers = [analyser_of(stage) for stage in stages]
    if use_model:
        analysers.append(Analyser(MODEL, None, by_rules=False))
    outcome.coverage = file_coverage(files, analysers, outcome.warnings)
    outcome.warnings.extend(coverage_warnings(outcome.coverage))
    progress(Progress("review", total, total, "done"))
    return outcome


def _run_stages(
    stages: Sequence[Stage],
    files: Sequence[SourceFile],
    context: StageContext,
    progress: Callable[[Progress], None],
    total: int,
    seconds: dict[str, float],
) -> StageResult:
    """Run the deterministic stages, on both cores when there are many files.

    The stages worth it start in one child process (app/scan/offload.py) and this process
    runs the others meanwhile; then it takes back, last first, the child's stages that have
    not started yet and runs them too, and collects the rest from the child. A stage with
    `start_early` (an outside engine, such as semgrep's) is started before all of them and
    collected after this process's own stages. Each result goes to its stage's place, so the
    findings come in stage order wherever a stage ran: a review with a child process gives
    exactly what the same review in-process gives.
    """
    results: list[StageResult] = [StageResult() for _ in stages]
    child, in_child, in_process = _start_child(stages, files, context)
    early: dict[int, PendingStage] = {}
    done = 0

    def run_here(place: int) -> None:
        nonlocal done
        name = stages[place].name
        progress(Progress("review", done, total, name))
        on_file = file_progress(progress, done, total, name)
        stage_context = replace(context, on_file=on_file)
        stage = stages[place]
        if place in early:  # started ahead: only the wait for its result counts as its time
            pending = early.pop(place)
            try:
                results[place] = _run_stage(
                    name, lambda: pending.result(stage_context), stage_context, seconds
                )
            finally:
                pending.close()
        else:
            results[place] = _run_stage(
                name, lambda: stage.run(files, stage_context), stage_context, seconds
            )
        done += 1

    try:
        # Outside engines start first and are collected last: they use the other core while
        # this process runs the Python stages (a child process, if any, shares it).
        for place in in_process:
            starter = getattr(stages[place], "start_early", None)
            if starter is not None:
                early[place] = _start_early(stages[place], starter, files, context)
        for place in in_process:
            if place not in early:
                run_here(place)
        for place in sorted(early):
            run_here(place)
        waiting = list(range(len(in_child)))  # the child's stages, by their index there
        while child is not None and waiting and child.claim(waiting[-1]):
            run_here(in_child[waiting.pop()])
        for index in waiting:
            assert child is not None
            place = in_child[index]
            name = stages[place].name
            progress(Progress("review", done, total, name))
            on_file = file_progress(progress, done, total, name)
            stage_context = replace(context, on_file=on_file)
            results[place] = _collect_child(child, index, name, stage_context, seconds)
            done += 1
    finally:
        for pending in early.values():  # left over only when cancelled or failed
            pending.close()
        if child is not None:
            child.stop()
    raw = StageResult()
    for result in results:
        raw.findings.extend(result.findings)
        raw.warnings.extend(result.warnings)
        raw.cleared.extend(result.cleared)
    return raw


def file_progress(
    progress: Callable[[Progress], None], done: int, total: int, name: str
) -> Callable[[int, int], None]:
    """A stage's `on_file`: a review progress event for its files, at most every
    FILE_PROGRESS_INTERVAL_S (thousands of files must not flood the UI or a terminal)."""
    last = time.monotonic()  # the event that started the stage was just sent

    def on_file(files_done: int, files_total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if files_total <= 0 or now - last < FILE_PROGRESS_INTERVAL_S:
            return
        last = now
        message = f"{name}: {files_done}/{files_total} files"
        progress(Progress("review", done, total, message, part=files_done / files_total))

    return on_file


def _run_stage(
    name: str,
    work: Callable[[], StageResult],
    context: StageContext,
    seconds: dict[str, float],
) -> StageResult:
    """One stage's `work` (its run, or the wait for a stage started ahead), timed; a stage
    that raises becomes a `stage_failed` warning, a cancelled review stops."""
    if context.should_cancel():
        raise OperationCancelled("review cancelled")
    started = time.monotonic()
    try:
        result = work()
    except OperationCancelled:
        raise
    except Exception as exc:  # a broken stage must not take the others down
        log.warning("review stage %s failed", name, exc_info=True)
        return _failed(name, exc)
    finally:
        seconds[name] = round(time.monotonic() - started, 4)
    if context.should_cancel():
        raise OperationCancelled("review cancelled")
    return result


def _failed(name: str, exc: Exception) -> StageResult:
    warning = ReviewWarning("stage_failed", f"{name} failed: {exc!r}", stage=name)
    return StageResult(warnings=[warning])


def _start_early(
    stage: Stage,
    starter: Callable[[Sequence[SourceFile], StageContext], PendingStage],
    files: Sequence[SourceFile],
    context: StageContext,
) -> PendingStage:
    try:
        return starter(files, context)
    except Exception as exc:  # a stage that cannot start must not take the others down
        log.warning("review stage %s could not start", stage.name, exc_info=True)
        return Finished(_failed(stage.name, exc))


def _start_child(
    stages: Sequence[Stage], files: Sequence[SourceFile], context: StageContext
) -> tuple[ChildStages | None, list[int], list[int]]:
    """Start one process for the stages worth it; return it, their places and the others'.

    The child starts first and runs while this process runs the rest: both cores work.
    """
    in_child = [place for place, stage in enumerate(stages) if worth_offloading(stage, files)]
    if in_child:
        try:
            child = ChildStages([stages[place] for place in in_child], files, context)
        except (OSError, RuntimeError, ValueError) as exc:  # e.g. no spawn in a frozen app
            log.info("running every stage in-process: %s", exc)
        else:
            in_process = [place for place in range(len(stages)) if place not in in_child]
            return child, in_child, in_process
    return None, [], list(range(len(stages)))


def _collect_child(
    child: ChildStages,
    index: int,
    name: str,
    context: StageContext,
    seconds: dict[str, float],
) -> StageResult:
    started = time.monotonic()
    try:
        result = child.result(index, context.should_cancel, on_file=context.on_file)
    except ChildStageFailed as exc:
        log.warning("review stage %s failed in its process: %s", name, exc)
        return StageResult(warnings=[ReviewWarning("stage_failed", str(exc), stage=name)])
    finally:
        # Only the wait is ours to report: the child ran while the other stages did.
        seconds[name] = round(time.monotonic() - started, 4)
    if context.should_cancel():  # a result that was ready at once skipped the wait's checks
        raise OperationCancelled("review cancelled")
    return result


def _run_model(
    files: Sequence[SourceFile],
    threat_model: ThreatModel | None,
    engine: Engine | None,
    model_id: str,
    options: ReviewOptions,
    raw: StageResult,
    outcome: ReviewOutcome,
    should_cancel: Callable[[], bool],
) -> None:
    if engine is None:
        raw.warnings.append(
            ReviewWarning("skipped", "no model is installed for reviews", stage="model")
        )
        return
    reviewer = ModelReviewer(engine, model_id=model_id, settings=options.model)
    outcome.prompt_texts = reviewer.prompt_texts()
    started = time.monotonic()
    result = reviewer.run(
        files, threat_model, earlier=list(raw.findings), should_cancel=should_cancel
    )
    outcome.stage_seconds["model"] = round(time.monotonic() - started, 4)
    outcome.model_stats = reviewer.stats
    raw.findings.extend(result.findings)
    raw.warnings.extend(result.warnings)
