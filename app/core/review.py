"""The review pipeline: scanners, Python data flow, threat-model policies, the model, merge.

Each stage does what it is good at (see docs/review.md). A stage that fails is reported as a
warning and the others still run; cancellation is checked between stages and between files.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from app.core.errors import OperationCancelled
from app.core.findings import Finding, ReviewWarning, StageResult, fold_partly_parsed
from app.core.merge import merge_findings
from app.core.model_review import ModelReviewer, ModelReviewSettings, ModelReviewStats
from app.core.prompts import sha256_text
from app.core.sources import DEFAULT_MAX_BYTES, SourceFile
from app.core.threat_model import ThreatModel
from app.llm.engine import Engine, Progress
from app.scan.base import Stage, StageContext
from app.scan.offload import ChildStage, ChildStageFailed, worth_offloading

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
    raw = StageResult()
    seconds: dict[str, float] = {}
    context = StageContext(threat_model=threat_model, should_cancel=should_cancel)
    children, in_process = _start_children(stages, files, context, raw)
    try:
        for done, stage in enumerate(in_process):
            progress(Progress("review", done, total, stage.name))
            on_file = file_progress(progress, done, total, stage.name)
            _run_stage(stage, files, replace(context, on_file=on_file), raw, seconds)
        for done, child in enumerate(children, start=len(in_process)):
            progress(Progress("review", done, total, child.name))
            on_file = file_progress(progress, done, total, child.name)
            _collect_child(child, replace(context, on_file=on_file), raw, seconds)
    finally:
        for child in children:
            child.stop()
    raw.warnings[:] = fold_partly_parsed(raw.warnings)  # the model stage adds to this list
    outcome = ReviewOutcome([], raw.warnings, [f.path for f in files], seconds)
    if use_model:
        progress(Progress("review", len(stages), total, "model"))
        _run_model(files, threat_model, engine, model_id, options, raw, outcome, should_cancel)
    outcome.findings = merge_findings(raw.findings, threat_model, cleared=raw.cleared)
    progress(Progress("review", total, total, "done"))
    return outcome


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
    stage: Stage,
    files: Sequence[SourceFile],
    context: StageContext,
    into: StageResult,
    seconds: dict[str, float],
) -> None:
    if context.should_cancel():
        raise OperationCancelled("review cancelled")
    started = time.monotonic()
    try:
        result = stage.run(files, context)
    except OperationCancelled:
        raise
    except Exception as exc:  # a broken stage must not take the others down
        log.warning("review stage %s failed", stage.name, exc_info=True)
        into.warnings.append(
            ReviewWarning("stage_failed", f"{stage.name} failed: {exc!r}", stage=stage.name)
        )
        return
    finally:
        seconds[stage.name] = round(time.monotonic() - started, 4)
    if context.should_cancel():
        raise OperationCancelled("review cancelled")
    into.findings.extend(result.findings)
    into.warnings.extend(result.warnings)
    into.cleared.extend(result.cleared)


def _start_children(
    stages: Sequence[Stage],
    files: Sequence[SourceFile],
    context: StageContext,
    raw: StageResult,
) -> tuple[list[ChildStage], list[Stage]]:
    """Start the stages worth a process of their own; return them and the rest, in order."""
    children: list[ChildStage] = []
    in_process: list[Stage] = []
    for stage in stages:
        if worth_offloading(stage, files):
            try:
                children.append(ChildStage(stage, files, context))
                continue
            except (OSError, RuntimeError, ValueError) as exc:  # e.g. no spawn in a frozen app
                log.info("running %s in-process: %s", stage.name, exc)
        in_process.append(stage)
    return children, in_process


def _collect_child(
    child: ChildStage, context: StageContext, into: StageResult, seconds: dict[str, float]
) -> None:
    started = time.monotonic()
    try:
        result = child.result(context.should_cancel, on_file=context.on_file)
    except ChildStageFailed as exc:
        log.warning("review stage %s failed in its process: %s", child.name, exc)
        into.warnings.append(ReviewWarning("stage_failed", str(exc), stage=child.name))
        return
    finally:
        # Only the wait is ours to report: the child ran while the other stages did.
        seconds[child.name] = round(time.monotonic() - started, 4)
    if context.should_cancel():  # a result that was ready at once skipped the wait's checks
        raise OperationCancelled("review cancelled")
    into.findings.extend(result.findings)
    into.warnings.extend(result.warnings)
    into.cleared.extend(result.cleared)


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
