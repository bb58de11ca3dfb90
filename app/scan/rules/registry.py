"""The rule pack as one review stage: routes each file to its language's checks.

A file that cannot be parsed becomes a `parse_error` warning, and a rule that fails on one
file becomes a `stage_failed` warning for that file: the other files are still checked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from app.core.findings import ReviewWarning, StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext
from app.scan.rules import actions, dockerfile, sql, terraform
from app.scan.rules.common import SOURCE, Rule, RuleParseError, cancelled_warning

log = logging.getLogger(__name__)

Checker = Callable[[SourceFile], StageResult]

CHECKERS: dict[str, Checker] = {
    "dockerfile": dockerfile.check,
    "terraform": terraform.check,
    "github_actions": actions.check,
    "sql": sql.check,
}
ALL_RULES: tuple[Rule, ...] = (*dockerfile.RULES, *terraform.RULES, *actions.RULES, *sql.RULES)


def rule_by_id(rule_id: str) -> Rule | None:
    return next((rule for rule in ALL_RULES if rule.id == rule_id), None)


class RulePackStage:
    """Airlock's own rules for Dockerfile, Terraform, GitHub Actions and SQL schemas."""

    name = SOURCE
    languages = frozenset(CHECKERS)
    by_rules = True

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        targets = [file for file in files if file.language in CHECKERS]
        for done, file in enumerate(targets):
            context.on_file(done, len(targets))
            if context.should_cancel():
                result.warnings.append(cancelled_warning(self.name, len(targets) - done))
                break
            _check_one(file, into=result)
        return result


def _check_one(file: SourceFile, *, into: StageResult) -> None:
    try:
        checked = CHECKERS[file.language](file)
    except RuleParseError as exc:
        into.warnings.append(
            ReviewWarning("parse_error", f"not checked: {exc}", file=file.path, stage=SOURCE)
        )
        return
    except Exception as exc:  # a rule bug or a parser crash on hostile input: report, go on
        log.debug("rule pack failed on %s", file.path, exc_info=True)
        into.warnings.append(
            ReviewWarning(
                "stage_failed",
                f"the rule pack failed on this file ({type(exc).__name__}); not checked",
                file=file.path,
                stage=SOURCE,
            )
        )
        return
    into.findings.extend(checked.findings)
    into.warnings.extend(checked.warnings)
