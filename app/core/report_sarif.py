"""A report as SARIF 2.1.0: the findings with their triage as `suppressions` and baselines.

Only findings are results: the report's questions for the reviewer and notes claim no
weakness, so `findings_to_sarif` leaves them out (and counts them in the run's properties).

Triage maps onto SARIF like this (docs/sarif.md has the table):
- accepted risk: a suppression of kind `external`, status `accepted`, the reason as
  justification; the expiry, the decision and who made it when go in its property bag;
- false positive: the same, without an expiry;
- open, fixed, or an acceptance that has expired: `suppressions: []` (known not suppressed);
- baseline `new` / `unchanged` stay, `gone` becomes SARIF's `absent`; no baseline: left out.
"""

from __future__ import annotations

from typing import Any, Final

from app.core.report import Report, ReportItem
from app.core.sarif import ResultTriage, Suppression, findings_to_sarif

_BASELINE: Final = {"new": "new", "unchanged": "unchanged", "gone": "absent"}


def report_to_sarif(report: Report) -> dict[str, Any]:
    """One SARIF log for the report's findings and the warnings of its reviews."""
    warnings = [warning for _, warning in report.warnings()]
    return findings_to_sarif(
        [item.finding for item in report.items],
        warnings,
        tool_version=_tool_version(report),
        triage=[_triage(item) for item in report.items],
    )


def _tool_version(report: Report) -> str:
    # The results come from the reviews, so the newest review's Airlock version produced them.
    newest = max(report.reviews, key=lambda review: review.started_at, default=None)
    return newest.app_version if newest is not None else report.generator_version


def _triage(item: ReportItem) -> ResultTriage:
    return ResultTriage(
        suppression=_suppression(item),
        baseline_state=_BASELINE.get(item.row.baseline_state or ""),
        status=item.status,
    )


def _suppression(item: ReportItem) -> Suppression | None:
    row = item.row
    if item.status not in ("accepted", "false_positive"):
        return None
    decided = next((e for e in reversed(row.history) if e.new_status == row.status), None)
    return Suppression(
        kind="external",
        status="accepted",
        justification=row.status_reason or "",
        decision=row.status,
        expires=row.status_until if row.status == "accepted" else None,
        decided_by=decided.actor if decided else None,
        decided_at=decided.at if decided else None,
    )
