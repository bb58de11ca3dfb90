"""The contract every deterministic review stage keeps.

A stage reads decoded files, may consult the threat model, returns findings and warnings,
checks `should_cancel` between files and reports each file to `on_file`. It never raises
for one bad file: it reports a `ReviewWarning` for that file and goes on with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.core.findings import StageResult
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel


def _never() -> bool:
    return False


def no_file_progress(done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class StageContext:
    threat_model: ThreatModel | None = None
    should_cancel: Callable[[], bool] = _never
    # Called before each file with (files done, files this stage reads), so that a long
    # stage shows progress; the pipeline throttles what it passes on (app/core/review.py).
    on_file: Callable[[int, int], None] = no_file_progress


class Stage(Protocol):
    """One deterministic stage of the review pipeline."""

    name: str

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult: ...


class PendingStage(Protocol):
    """A stage started ahead (an outside engine at work): the review collects its result
    when the stages before it are done, and closes it whatever happens."""

    def result(self, context: StageContext) -> StageResult: ...

    def close(self) -> None: ...


class Finished:
    """A pending stage whose result was known at once (nothing to read, a broken setup)."""

    def __init__(self, result: StageResult) -> None:
        self._result = result

    def result(self, context: StageContext) -> StageResult:
        return self._result

    def close(self) -> None:
        return None


class StartsEarly(Protocol):
    """A stage that can start before the others and be collected after them: an outside
    program that would otherwise leave the second core idle while Python stages run."""

    name: str

    def start_early(self, files: Sequence[SourceFile], context: StageContext) -> PendingStage: ...
