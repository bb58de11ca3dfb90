"""The contract every deterministic review stage keeps.

A stage reads decoded files, may consult the threat model, returns findings and warnings,
and checks `should_cancel` between files. It never raises for one bad file: it reports a
`ReviewWarning` for that file and goes on with the rest.
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


@dataclass(frozen=True)
class StageContext:
    threat_model: ThreatModel | None = None
    should_cancel: Callable[[], bool] = _never


class Stage(Protocol):
    """One deterministic stage of the review pipeline."""

    name: str

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult: ...
