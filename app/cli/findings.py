"""`airlock finding ...`: show, list and triage findings.

Reading findings reopens expired acceptances first (app.core.triage.expire_acceptances), so
what is printed is never an acceptance that has run out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import click

from app.core import triage as service
from app.core.baseline import BASELINE_STATES
from app.core.errors import UserInputError
from app.core.triage import FindingDetail, FindingEvent
from app.store.db import open_database
from app.store.reviews import StoredFinding, list_reviews, review_findings

_FORMATS = click.Choice(["text", "json"])


@click.group(name="finding")
def finding_group() -> None:
    """Show and triage findings: open, fixed, accepted risk, false positive."""


@finding_group.command("show")
@click.argument("finding_id", type=int)
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
def show(finding_id: int, fmt: str) -> None:
    """Show finding FINDING_ID with its status and every change to it."""
    detail = service.show_finding(open_database(), finding_id)
    if fmt == "json":
        click.echo(json.dumps(detail_document(detail), indent=2, ensure_ascii=False))
        return
    click.echo(detail_text(detail), nl=False)


@finding_group.command("list")
@click.option("--review", "review_id", type=int, help="A review's id (default: the latest).")
@click.option("--status", type=click.Choice(service.STATUSES), help="Only this status.")
@click.option(
    "--state",
    type=click.Choice(BASELINE_STATES),
    help="Only findings new, unchanged or gone since the baseline review.",
)
@click.option("--format", "fmt", type=_FORMATS, default="text", show_default=True)
def list_(review_id: int | None, status: str | None, state: str | None, fmt: str) -> None:
    """List a review's findings: id, status, baseline state, severity, place, title."""
    db = open_database()
    service.expire_acceptances(db)
    chosen = review_id if review_id is not None else _latest_review(db)
    # Gone findings belong to the baseline's code: listed only when asked for.
    rows = [
        item
        for item in review_findings(db, chosen, include_gone=state == "gone")
        if (status is None or item.status == status)
        and (state is None or item.baseline_state == state)
    ]
    if fmt == "json":
        click.echo(json.dumps([finding_document(r) for r in rows], indent=2, ensure_ascii=False))
        return
    click.echo(f"review {chosen}: {len(rows)} finding(s)", err=True)
    for item in rows:
        click.echo(list_line(item))


def _latest_review(db: Any) -> int:
    latest = list_reviews(db, limit=1)
    if not latest or latest[0].id is None:
        raise UserInputError("no reviews yet: run `airlock review PATH` first")
    return latest[0].id


@finding_group.command("triage")
@click.argument("finding_ids", type=int, nargs=-1, required=True)
@click.option(
    "--status",
    required=True,
    type=click.Choice(service.STATUSES),
    help="The new status.",
)
@click.option("--reason", help="Why (required for accepted and false_positive).")
@click.option("--until", help="Expiry date YYYY-MM-DD (required for accepted; after today).")
@click.option("--actor", help=f"Who decides (default: ${service.ACTOR_ENV}, else the OS user).")
def triage(
    finding_ids: tuple[int, ...],
    status: str,
    reason: str | None,
    until: str | None,
    actor: str | None,
) -> None:
    """Set the status of one or more findings; each change is recorded with who and why.

    Example: airlock finding triage 12 --status accepted --reason "internal tool"
    --until 2027-03-31
    """
    decision = service.decide(status, reason=reason, until=until, actor=actor)
    db = open_database()
    service.expire_acceptances(db)
    for item in service.triage_many(db, list(finding_ids), decision):
        click.echo(f"finding {item.id}: {status_text(item)}")


# --- rendering -----------------------------------------------------------------------------


def status_text(item: StoredFinding) -> str:
    label = {"accepted": "accepted risk", "false_positive": "false positive"}
    text = label.get(item.status, item.status)
    if item.status == "accepted" and item.status_until:
        text += f" until {item.status_until}"
    return f"{text} ({item.status_reason})" if item.status_reason else text


def list_line(item: StoredFinding) -> str:
    finding = item.finding
    where = f"{finding.file}:{finding.start_line}" if finding.start_line else finding.file
    state = item.baseline_state or "-"
    return f"{item.id}\t{item.status}\t{state}\t{finding.severity.value}\t{where}\t{finding.title}"


def detail_text(detail: FindingDetail) -> str:
    item, finding = detail.stored, detail.stored.finding
    where = f"{finding.file}:{finding.start_line}" if finding.start_line else finding.file
    cwe = ", ".join(f"CWE-{n}" for n in finding.cwe)
    baseline = detail.review.baseline_review_id
    compared = f" (compared with review {baseline})" if baseline is not None else ""
    lines = [
        f"finding {item.id} in review {item.review_id} ({detail.review.target})",
        f"  {finding.severity.value.upper()}  {finding.title} [{cwe}]  {where}",
        *([f"  {finding.message}"] if finding.message else []),
        f"  rule {finding.rule_id}; found by {', '.join(finding.sources)}",
        f"  fingerprint {finding.fingerprint}",
        f"status: {status_text(item)}",
        f"baseline: {item.baseline_state or 'not compared'}{compared}",
    ]
    if detail.inherited:
        lines.append("earlier decisions (carried over):")
        lines.extend(_event_lines(detail.inherited, with_finding=True))
    lines.append("history:" if detail.events else "history: no changes")
    lines.extend(_event_lines(detail.events, with_finding=False))
    return "\n".join(lines) + "\n"


def _event_lines(events: Sequence[FindingEvent], *, with_finding: bool) -> list[str]:
    lines = []
    for event in events:
        until = f" until {event.until}" if event.until and event.new_status == "accepted" else ""
        why = f": {event.reason}" if event.reason else ""
        whose = f"finding {event.finding_id}  " if with_finding else ""
        change = f"{event.old_status or '-'} -> {event.new_status}{until}"
        lines.append(f"  {whose}{event.at}  {event.actor}  {change}{why}")
    return lines


def finding_document(item: StoredFinding) -> dict[str, Any]:
    return {
        "id": item.id,
        "review_id": item.review_id,
        "status": item.status,
        "status_reason": item.status_reason,
        "status_until": item.status_until,
        "baseline_state": item.baseline_state,
        "finding": asdict(item.finding),
    }


def detail_document(detail: FindingDetail) -> dict[str, Any]:
    document = finding_document(detail.stored)
    document["target"] = detail.review.target
    document["baseline_review_id"] = detail.review.baseline_review_id
    document["events"] = [asdict(e) for e in detail.events]
    document["inherited_events"] = [asdict(e) for e in detail.inherited]
    return document
