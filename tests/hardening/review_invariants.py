"""What must hold for any model answer: the deterministic stages' findings all survive the
merge, none at a lower severity, none renamed. Shared by the fuzz tests, the hostile-code
tests and bench/fuzz.py.

The deterministic stages (scanners, data flow, policies) are run once for real; `Replay`
then hands their raw result to each fuzzed run_review, so that only the model stage and the
merge run per example, which keeps ten thousand examples affordable.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pytest

from app.core import review
from app.core.findings import Finding, StageResult, cwe_family
from app.core.review import DETERMINISTIC, ReviewOptions, deterministic_stages, run_review
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel
from app.llm.engine import Engine
from app.scan.base import StageContext

WITH_MODEL = ReviewOptions(stages=DETERMINISTIC | {"model"})
WITHOUT_MODEL = ReviewOptions(stages=DETERMINISTIC)


@dataclass
class Replay:
    """A stage that returns a recorded StageResult (a fresh copy each time)."""

    recorded: StageResult
    name: str = "replay"

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        return copy.deepcopy(self.recorded)


def record_deterministic(files: Sequence[SourceFile], threat_model: ThreatModel | None) -> Replay:
    """Run every real deterministic stage once; the raw result, before the merge."""
    recorded = StageResult()
    context = StageContext(threat_model=threat_model)
    for stage in deterministic_stages(DETERMINISTIC):
        result = stage.run(files, context)
        recorded.findings.extend(result.findings)
        recorded.warnings.extend(result.warnings)
        recorded.cleared.extend(result.cleared)
    return Replay(recorded)


@contextmanager
def replaying(replay: Replay) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(review, "deterministic_stages", lambda _groups: [replay])
        yield


def reviewed(
    files: Sequence[SourceFile],
    threat_model: ThreatModel | None,
    replay: Replay,
    engine: Engine | None,
) -> list[Finding]:
    """run_review's merged findings, with the replayed stages and (if given) the model."""
    with replaying(replay):
        outcome = run_review(
            files,
            threat_model,
            options=WITH_MODEL if engine is not None else WITHOUT_MODEL,
            engine=engine,
            model_id="fuzz",
        )
    return outcome.findings


def lost_or_lowered(expected: Sequence[Finding], actual: Sequence[Finding]) -> list[str]:
    """Each deterministic finding must still be there: same rule, place and weakness family,
    every source it had, and at least its severity."""
    problems = []
    for old in expected:
        same = [
            new
            for new in actual
            if (new.rule_id, new.file, new.start_line) == (old.rule_id, old.file, old.start_line)
            and cwe_family(new.cwe) == cwe_family(old.cwe)
            and set(old.sources) <= set(new.sources)
        ]
        where = f"{old.rule_id} at {old.file}:{old.start_line} ({old.severity.value})"
        if not same:
            problems.append(f"lost {where}")
        elif max(new.severity.rank for new in same) < old.severity.rank:
            problems.append(f"lowered {where} to {same[0].severity.value}")
    return problems
