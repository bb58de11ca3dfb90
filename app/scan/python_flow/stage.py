"""The taint stage: data-flow analysis of Python files for injection-class weaknesses."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from app.core.findings import ReviewWarning, StageResult
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel
from app.scan.base import StageContext
from app.scan.python_flow.analysis import (
    ParseFailure,
    analyse_source,
    partial_parse_warning_for,
    project_of,
)
from app.scan.python_flow.project import ProjectIndex
from app.scan.python_flow.report import (
    EntryPoints,
    ParameterFinding,
    parameter_findings,
    random_uses,
    sanitised_flows,
    sorted_findings,
    taint_findings,
    unreachable_arms,
)

log = logging.getLogger(__name__)


def entry_points_of(model: ThreatModel | None) -> EntryPoints:
    section = model.entry_points if model is not None else None
    if section is None:
        return EntryPoints()
    return EntryPoints(
        library_parameters=section.library_parameters is not False,
        functions=section.functions or (),
    )


def python_files(files: Sequence[SourceFile]) -> list[SourceFile]:
    return [f for f in files if f.language == "python"]


def cancelled_warning(stage: str, remaining: int) -> ReviewWarning:
    return ReviewWarning(
        "skipped", f"cancelled: {remaining} Python file(s) not analysed", stage=stage
    )


class TaintStage:
    """Follows client input to SQL, shells, eval, paths, redirects, HTML and more."""

    name = "taint"
    languages = frozenset({"python"})
    by_rules = True

    def __init__(self) -> None:
        self.entry = EntryPoints()
        # Library-parameter findings wait for the end of the run: a function another
        # reviewed module calls is judged at those calls, not as an entry point.
        self._parameters: list[tuple[ParameterFinding, ProjectIndex | None]] = []

    def prepare(self, context: StageContext) -> None:
        """Take the threat model's word on entry points (library parameters on by default)."""
        self.entry = entry_points_of(context.threat_model)
        self._parameters = []

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        self.prepare(context)
        result = StageResult()
        todo = python_files(files)
        project = project_of(todo)
        for position, file in enumerate(todo):
            context.on_file(position, len(todo))
            if context.should_cancel():
                result.warnings.append(cancelled_warning(self.name, len(todo) - position))
                break
            self.check_file(file, result, project=project)
        return self.finish(result)

    def finish(self, result: StageResult) -> StageResult:
        seen = {(f.file, f.start_line, f.rule_id) for f in result.findings}
        for found, project in self._parameters:
            finding = found.finding
            called = project is not None and project.is_called(finding.file, found.function)
            if not called and (finding.file, finding.start_line, finding.rule_id) not in seen:
                result.findings.append(finding)
        self._parameters = []
        result.findings = sorted_findings(result.findings)
        return result

    def check_file(
        self,
        file: SourceFile,
        result: StageResult,
        words: tuple[str, ...] = (),
        *,
        project: ProjectIndex | None = None,
    ) -> None:
        """Analyse one file into `result`. `words` only label more fields (for the policy
        checks that share this analysis); they never change what the taint stage finds.
        In a `project`, flows into its other modules are reported where their sink is."""
        others = project.files if project is not None else {}
        try:
            analysis = analyse_source(file, words=words, project=project)
            result.findings.extend(taint_findings(file, analysis, others))
            found = parameter_findings(file, analysis, self.entry)
            self._parameters.extend((f, project) for f in found)
            result.cleared.extend(sanitised_flows(file, analysis))
            result.cleared.extend(unreachable_arms(file, analysis))
            result.cleared.extend(random_uses(file, analysis))
        except ParseFailure as exc:
            result.warnings.append(self._warning("parse_error", f"not analysed: {exc}", file))
            return
        except Exception as exc:  # one odd file must not stop the review
            log.debug("taint analysis failed on %s", file.path, exc_info=True)
            message = f"analysis failed: {type(exc).__name__}"
            result.warnings.append(self._warning("stage_failed", message, file))
            return
        if partial := partial_parse_warning_for(file, self.name):
            result.warnings.append(partial)
        if analysis.truncated:
            message = "too complex: analysed partially, findings may be missing"
            result.warnings.append(self._warning("skipped", message, file))

    def _warning(self, kind: str, message: str, file: SourceFile) -> ReviewWarning:
        return ReviewWarning(kind, message, file=file.path, stage=self.name)
