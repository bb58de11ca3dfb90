"""Text output for terminals: findings grouped by file, worst first, colour when a TTY."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import groupby

import click

from app.core.findings import Finding, ReviewWarning, Severity

_COLOURS = {
    Severity.CRITICAL: "magenta",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "white",
}


def render_text(
    findings: Sequence[Finding], warnings: Sequence[ReviewWarning], *, files: int, color: bool
) -> str:
    lines: list[str] = []
    ordered = sorted(findings, key=lambda f: (f.file, f.start_line or 0, -f.severity.rank))
    for file, group in groupby(ordered, key=lambda f: f.file):
        lines.append(click.style(file, bold=True) if color else file)
        lines.extend(_finding_lines(f, color=color) for f in group)
        lines.append("")
    if warnings:
        lines.append("Warnings (not fully reviewed):")
        lines.extend(f"  {w.file or w.stage or '-'}: {w.message}" for w in warnings)
        lines.append("")
    lines.append(_summary(findings, files))
    return "\n".join(lines) + "\n"


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


def _summary(findings: Sequence[Finding], files: int) -> str:
    counts = Counter(f.severity for f in findings)
    parts = [f"{counts[s]} {s.value}" for s in Severity if counts[s]]
    found = ", ".join(parts) if parts else "no findings"
    return f"{len(findings)} findings in {files} files reviewed: {found}"
