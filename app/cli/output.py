"""Text output for terminals: findings grouped by file, worst first, colour when a TTY.

Questions for the reviewer (claims only the model made, in classes where its claims are not
trusted) and notes (info) come after the findings, each under its own heading: they claim no
weakness and never fail `--fail-on`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

import click

from app.core.coverage import counted_files, uncovered_files
from app.core.findings import Finding, FindingKind, ReviewWarning, Severity

_COLOURS = {
    Severity.CRITICAL: "magenta",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "white",
}
QUESTIONS_HEADING = "Questions for the reviewer"
_APART = (
    (
        FindingKind.QUESTION,
        QUESTIONS_HEADING,
        "only the model reports these, in classes where its claims are not trusted as "
        "findings; check each one",
    ),
    (FindingKind.NOTE, "Notes", "info, claiming no weakness"),
)


def render_text(
    findings: Sequence[Finding], warnings: Sequence[ReviewWarning], *, files: int, color: bool
) -> str:
    lines: list[str] = []
    lines.extend(_by_file([f for f in findings if f.is_finding], color=color))
    for kind, heading, meaning in _APART:
        items = [f for f in findings if f.kind is kind]
        if items:
            title = f"{heading} ({len(items)}: {meaning}):"
            lines.append(click.style(title, bold=True) if color else title)
            lines.extend(_by_file(items, color=color))
    if warnings:
        lines.append("Warnings (not fully reviewed):")
        lines.extend(f"  {w.file or w.stage or '-'}: {w.message}" for w in warnings)
        lines.append("")
    lines.append(_summary(findings, files, warnings))
    return "\n".join(lines) + "\n"


def _by_file(findings: Sequence[Finding], *, color: bool) -> list[str]:
    lines: list[str] = []
    ordered = sorted(findings, key=lambda f: (f.file, f.start_line or 0, -f.severity.rank))
    for file, group in groupby(ordered, key=lambda f: f.file):
        lines.append(click.style(file, bold=True) if color else file)
        lines.extend(_finding_lines(f, color=color) for f in group)
        lines.append("")
    return lines


def _finding_lines(finding: Finding, *, color: bool) -> str:
    label = finding.severity.value.upper()
    if color:
        label = click.style(label, fg=_COLOURS[finding.severity], bold=True)
    where = f"{finding.start_line}" if finding.start_line else "-"
    cwe = ", ".join(f"CWE-{n}" for n in finding.cwe)
    head = f"  {where:>5}  {label:<8} {finding.title} [{cwe}] ({finding.confidence.value})"
    detail = [f"         {finding.message}"] if finding.message else []
    if finding.fix:
        detail.append(f"         fix: {finding.fix}")
    detail.append(f"         rule {finding.rule_id}; found by {', '.join(finding.sources)}")
    return "\n".join([head, *detail])


def _summary(findings: Sequence[Finding], files: int, warnings: Sequence[ReviewWarning]) -> str:
    real = [f for f in findings if f.is_finding]
    counts = Counter(f.severity for f in real)
    parts = [f"{counts[s]} {s.value}" for s in Severity if counts[s]]
    found = ", ".join(parts) if parts else "no findings"
    line = f"{len(real)} findings in {files} files reviewed: {found}"
    kinds = Counter(f.kind for f in findings)
    apart = [
        f"{kinds[FindingKind.QUESTION]} questions for the reviewer"
        if kinds[FindingKind.QUESTION]
        else "",
        f"{kinds[FindingKind.NOTE]} notes" if kinds[FindingKind.NOTE] else "",
    ]
    # "no findings" must never hide what nothing checked.
    uncovered = uncovered_files(warnings)
    if uncovered:
        count, shown = counted_files(uncovered, limit=5)
        apart.append(f"{count} not covered by rules ({shown})")
    extra = "; ".join(part for part in apart if part)
    return f"{line}; {extra}" if extra else line
