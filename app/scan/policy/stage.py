"""The policy stage: deterministic checks compiled from the threat model's policies.

Each policy the threat model states turns on its check; a policy it leaves out (or an
absent threat model) checks nothing. Files are analysed with the shared data-flow engine,
labelling the field names the policies care about, in one pass: checks that depend on other
files (Django's urls.py, a config module's MAX_CONTENT_LENGTH) leave a `Deferred` that is
decided once every file has been read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from app.core.findings import Clearance, Finding, ReviewWarning, StageResult
from app.core.sources import SourceFile
from app.core.threat_model import Policies
from app.scan.base import StageContext
from app.scan.policy import auth, crypto, errors, hardcoded_secrets, logging_fields, upload
from app.scan.policy.baseline import effective_policies
from app.scan.policy.common import Deferred, Outcome, PolicyFile, ProjectFacts
from app.scan.policy.project import contribute
from app.scan.python_flow.analysis import (
    ParseFailure,
    analyse_source,
    own_events,
    partial_parse_warning_for,
    project_of,
)
from app.scan.python_flow.project import ProjectIndex
from app.scan.python_flow.report import sorted_findings
from app.scan.python_flow.stage import cancelled_warning, python_files

log = logging.getLogger(__name__)

Check = Callable[[PolicyFile, Policies], Iterable[Outcome]]


@dataclass(frozen=True)
class PolicyCheck:
    policy: str
    applies: Callable[[Policies], bool]
    check: Check


CHECKS = (
    PolicyCheck(auth.POLICY, auth.applies, auth.check),
    PolicyCheck(upload.POLICY, upload.applies, upload.check),
    PolicyCheck(logging_fields.POLICY, logging_fields.applies, logging_fields.check),
    PolicyCheck(errors.POLICY, errors.applies, errors.check),
    PolicyCheck(crypto.POLICY, crypto.applies, crypto.check),
    PolicyCheck(hardcoded_secrets.POLICY, hardcoded_secrets.applies, hardcoded_secrets.check),
)


def active_checks(policies: Policies | None) -> list[PolicyCheck]:
    if policies is None:
        return []
    return [check for check in CHECKS if check.applies(policies)]


def labelled_words(policies: Policies) -> tuple[str, ...]:
    """Field names the analysis should follow: forbidden log fields and passwords."""
    words = set(logging_fields.forbidden_words(policies))
    if crypto.applies(policies):
        words.update(crypto.PASSWORD_WORDS)
    return tuple(sorted(words))


def _one_per_line(findings: list[Finding]) -> list[Finding]:
    """`return jsonify(error=str(e))` is one exposure, not two (the call and the return)."""
    seen: set[tuple[str, str, int | None]] = set()
    unique = []
    for finding in findings:
        key = (finding.rule_id, finding.file, finding.start_line)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


@dataclass
class PolicyRun:
    """One run of the policy stage: what it found so far."""

    policies: Policies
    checks: list[PolicyCheck]
    words: tuple[str, ...]
    result: StageResult
    project: ProjectFacts
    deferred: list[Deferred]


class PolicyStage:
    """Checks the code against the rules the threat model states."""

    name = "policy"
    languages = frozenset({"python"})
    by_rules = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        run = self.start(context)
        if run is None:
            return StageResult()
        todo = python_files(files)
        project = project_of(todo, words=run.words)
        for position, file in enumerate(todo):
            context.on_file(position, len(todo))
            if context.should_cancel():
                run.result.warnings.append(cancelled_warning(self.name, len(todo) - position))
                return run.result
            self.check_file(file, run, project=project)
        return self.finish(run)

    def start(self, context: StageContext) -> PolicyRun | None:
        """A run for the threat model's active checks; None when nothing is to be checked."""
        model = context.threat_model
        policies = effective_policies(model.policies if model is not None else None)
        checks = active_checks(policies)
        if not checks:
            return None
        return PolicyRun(
            policies, checks, labelled_words(policies), StageResult(), ProjectFacts(), []
        )

    def finish(self, run: PolicyRun) -> StageResult:
        """Decide what waited for other files, then the findings in order."""
        for deferred in run.deferred:
            decided = deferred.resolve(run.project)
            if decided is not None:
                run.result.findings.append(decided)
        run.result.findings = sorted_findings(_one_per_line(run.result.findings))
        return run.result

    def check_file(
        self, source: SourceFile, run: PolicyRun, *, project: ProjectIndex | None = None
    ) -> None:
        file = self._analyse(source, run, project)
        if file is None:
            return
        contribute(file, run.project)
        for check in run.checks:
            self._run_check(check, file, run)

    def _analyse(
        self, file: SourceFile, run: PolicyRun, project: ProjectIndex | None
    ) -> PolicyFile | None:
        try:
            analysed = PolicyFile(
                file, own_events(analyse_source(file, words=run.words, project=project)), project
            )
            if partial := partial_parse_warning_for(file, self.name):
                run.result.warnings.append(partial)
            return analysed
        except ParseFailure as exc:
            warning = ReviewWarning("parse_error", f"not checked: {exc}", file.path, self.name)
        except Exception as exc:  # one odd file must not stop the review
            log.debug("policy analysis failed on %s", file.path, exc_info=True)
            warning = ReviewWarning(
                "stage_failed", f"analysis failed: {type(exc).__name__}", file.path, self.name
            )
        run.result.warnings.append(warning)
        return None

    def _run_check(self, check: PolicyCheck, file: PolicyFile, run: PolicyRun) -> None:
        try:
            for outcome in check.check(file, run.policies):
                if isinstance(outcome, Deferred):
                    run.deferred.append(outcome)
                elif isinstance(outcome, Clearance):
                    run.result.cleared.append(outcome)
                else:
                    run.result.findings.append(outcome)
        except Exception as exc:  # a failing check is reported; the other checks still run
            log.debug("policy %s failed on %s", check.policy, file.source.path, exc_info=True)
            message = f"{check.policy} check failed: {type(exc).__name__}"
            run.result.warnings.append(
                ReviewWarning("stage_failed", message, file.source.path, self.name)
            )
