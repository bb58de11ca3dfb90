"""A predictable deterministic review stage for tests of what happens around the review
(GUI, generation loop, triage), so they do not depend on every scanner rule."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.core.findings import Confidence, Finding, Severity, StageResult
from app.core.sources import SourceFile
from app.scan.base import StageContext

# (regex, rule id, title, CWE, severity): one finding per matching line.
Pattern = tuple[str, str, str, int, Severity]


class PatternStage:
    """One finding per line that matches one of `patterns`."""

    name = "test-patterns"
    by_rules = True  # a rule-based analyser of every file, for coverage

    def __init__(self, patterns: Sequence[Pattern], *, why: str = "") -> None:
        self.patterns = tuple(patterns)
        self.why = why

    def run(self, files: Sequence[SourceFile], context: StageContext) -> StageResult:
        result = StageResult()
        for file in files:
            for number, line in enumerate(file.lines, start=1):
                for pattern, rule, title, cwe, severity in self.patterns:
                    if re.search(pattern, line):
                        result.findings.append(self._finding(file, number, line, rule, title,
                                                             cwe, severity))  # fmt: skip
        return result

    def _finding(
        self, file: SourceFile, number: int, line: str, rule: str, title: str, cwe: int,
        severity: Severity,
    ) -> Finding:  # fmt: skip
        return Finding(
            rule_id=rule, title=title, cwe=(cwe,), severity=severity, confidence=Confidence.HIGH,
            sources=("test-patterns",), file=file.path, start_line=number, end_line=number,
            snippet=line.strip(), message=f"{title} here", why=self.why,
            fix=f"do not: {title.lower()}",
        )  # fmt: skip
