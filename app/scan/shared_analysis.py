"""The taint stage and the policy checks over one analysis per Python file.

Both stages read the same data-flow analysis. Run one after the other over a folder, each
would analyse every file (the analysis memo is kept small on purpose, see
python_flow/analysis.py), so a review that runs both walks the files once: analyse a file,
take the taint findings, run the policy checks, go to the next. Findings, warnings and
cross-file policy decisions are the same as running the two stages apart (tested).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.core.findings import StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext
from app.scan.policy.stage import PolicyStage
from app.scan.python_flow.analysis import project_of
from app.scan.python_flow.stage import TaintStage, cancelled_warning, python_files


class TaintAndPolicyStage:
    """`TaintStage` and `PolicyStage` in one pass over the Python files."""

    name = "taint+policy"
    languages = frozenset({"python"})
    by_rules = True

    def __init__(self) -> None:
        self.taint = TaintStage()
        self.policy = PolicyStage()

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        self.taint.prepare(context)
        policy_run = self.policy.start(context)
        words = policy_run.words if policy_run is not None else ()
        taint = StageResult()
        todo = python_files(files)
        project = project_of(todo, words=words)
        for position, file in enumerate(todo):
            context.on_file(position, len(todo))
            if context.should_cancel():
                remaining = len(todo) - position
                taint.warnings.append(cancelled_warning(self.taint.name, remaining))
                if policy_run is not None:
                    policy_run.result.warnings.append(
                        cancelled_warning(self.policy.name, remaining)
                    )
                break
            self.taint.check_file(file, taint, words, project=project)
            if policy_run is not None:
                self.policy.check_file(file, policy_run, project=project)
        result = self.taint.finish(taint)
        if policy_run is not None:
            checked = self.policy.finish(policy_run)
            result.findings.extend(checked.findings)
            result.warnings.extend(checked.warnings)
            result.cleared.extend(checked.cleared)
        return result
