"""Baselines: a new review of the same code, compared with the previous one.

A finding keeps its identity across code versions through its fingerprint (CWE family, file,
normalised snippet; app.core.findings), so a line that moved is the same finding. A review
compared with its baseline marks each finding `new` or `unchanged`, records the baseline's
findings that are `gone` (copies under the new review, status kept as it was: a finding that
disappeared was not necessarily fixed), and carries accepted risks and false positives over,
each with an event "carried over from finding N of review M". A finding marked fixed that is
found again stays open, with an event saying so.

The baseline is the one asked for, else the most recent complete review of the same project
(and the same generation session, or of no session) that read at least one of the same files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import sqlite_utils

from app.core.errors import UserInputError
from app.core.findings import Finding, compute_fingerprint
from app.core.triage import CARRIED_PREFIX, CARRIED_STATUSES
from app.store import triage as repo
from app.store.reviews import (
    ReviewRecord,
    StoredFinding,
    find_baseline_review,
    get_review,
    review_findings,
)
from app.store.timeutil import utc_now
from app.store.triage import SYSTEM_ACTOR

BASELINE_STATES = ("new", "unchanged", "gone")


@dataclass(frozen=True)
class BaselineComparison:
    """A review's findings compared with its baseline's.

    `states` and `matches` line up with the review's findings: the state ("new" or
    "unchanged") and the baseline finding it continues. `gone` are baseline findings of the
    files reviewed that this review no longer reports.
    """

    baseline_review_id: int | None
    states: tuple[str, ...]
    matches: tuple[StoredFinding | None, ...]
    gone: tuple[StoredFinding, ...] = ()

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(BASELINE_STATES, 0)
        for state in self.states:
            counts[state] += 1
        counts["gone"] = len(self.gone)
        return counts

    def carried_status(self, index: int) -> StoredFinding | None:
        """The baseline finding whose decision finding `index` inherits, if any."""
        match = self.matches[index]
        return match if match is not None and match.status in CARRIED_STATUSES else None

    def summary(self) -> str:
        if self.baseline_review_id is None:
            return "no earlier review of these files: every finding is new"
        counts = self.counts()
        return (
            f"compared with review {self.baseline_review_id}: {counts['new']} new, "
            f"{counts['unchanged']} unchanged, {counts['gone']} gone"
        )


def no_baseline(count: int) -> BaselineComparison:
    return BaselineComparison(None, ("new",) * count, (None,) * count)


def compare_with_baseline(
    findings: Sequence[Finding],
    baseline: Sequence[StoredFinding],
    *,
    baseline_review_id: int,
    files: Collection[str],
    same_target: bool,
) -> BaselineComparison:
    """Pair findings with baseline findings by fingerprint.

    Several findings may share a fingerprint (the same snippet twice in a file); they pair up
    in line order. An unpaired baseline finding is gone when its file was reviewed again, or
    when the whole target was (a deleted file's findings are gone too); a finding in a file
    this review did not read is simply not looked at.
    """
    waiting: dict[str, list[StoredFinding]] = defaultdict(list)
    for item in sorted(baseline, key=lambda s: (s.finding.start_line or 0, s.id)):
        waiting[_fingerprint(item.finding)].append(item)
    matches: list[StoredFinding | None] = [None] * len(findings)
    for index in sorted(range(len(findings)), key=lambda i: findings[i].start_line or 0):
        queue = waiting.get(_fingerprint(findings[index]))
        if queue:
            matches[index] = queue.pop(0)
    paired = {m.id for m in matches if m is not None}
    reviewed = set(files)
    gone = tuple(
        item
        for item in baseline
        if item.id not in paired and (same_target or item.finding.file in reviewed)
    )
    states = tuple("new" if m is None else "unchanged" for m in matches)
    return BaselineComparison(baseline_review_id, states, tuple(matches), gone)


def _fingerprint(finding: Finding) -> str:
    return finding.fingerprint or compute_fingerprint(finding)


def carried_reason(source: StoredFinding) -> str:
    return f"{CARRIED_PREFIX}{source.id} of review {source.review_id}"


def refound_reason(source: StoredFinding) -> str:
    return (
        f"marked fixed in finding {source.id} of review {source.review_id}, "
        "but this review finds it again"
    )


def compare_review(
    db: sqlite_utils.Database,
    findings: Sequence[Finding],
    *,
    files: Collection[str],
    target: str,
    project_id: int | None,
    session_id: int | None,
    baseline_review_id: int | None = None,
) -> BaselineComparison:
    """Compare a review's findings with its baseline: the one given, else the most recent
    complete review of the same project (and session) that read any of the same files."""
    baseline = _baseline_record(
        db, baseline_review_id, project_id=project_id, session_id=session_id, files=files
    )
    if baseline is None or baseline.id is None:
        return no_baseline(len(findings))
    return compare_with_baseline(
        findings,
        review_findings(db, baseline.id),
        baseline_review_id=baseline.id,
        files=files,
        same_target=baseline.target == target,
    )


def _baseline_record(
    db: sqlite_utils.Database,
    explicit: int | None,
    *,
    project_id: int | None,
    session_id: int | None,
    files: Collection[str],
) -> ReviewRecord | None:
    if explicit is None:
        return find_baseline_review(db, project_id=project_id, session_id=session_id, files=files)
    record = get_review(db, explicit)
    if record.status != "complete":
        raise UserInputError(
            f"review {explicit} is {record.status}, not complete: it cannot be a baseline"
        )
    return record


def record_comparison(
    db: sqlite_utils.Database, review_id: int, comparison: BaselineComparison
) -> None:
    """Store a comparison with the review just inserted: states, carried decisions (each with
    an event) and copies of the gone findings. Call inside transaction()."""
    at = utc_now()
    repo.mark_baseline(db, review_id, comparison.baseline_review_id)
    ids = repo.finding_ids(db, review_id)
    if len(ids) != len(comparison.states):
        raise ValueError("the comparison does not belong to this review's findings")
    for finding_id, state, match in zip(ids, comparison.states, comparison.matches, strict=True):
        repo.set_baseline_state(db, finding_id, state)
        if match is not None:
            _inherit(db, finding_id, match, at=at)
    for item in comparison.gone:
        copy_id = repo.copy_as_gone(db, item.id, review_id, at=at)
        if item.status != "open":
            repo.add_event(
                db,
                copy_id,
                at=at,
                actor=SYSTEM_ACTOR,
                old_status=None,
                new_status=item.status,
                reason=carried_reason(item),
                until=item.status_until,
            )


def _inherit(db: sqlite_utils.Database, finding_id: int, source: StoredFinding, *, at: str) -> None:
    """Carry an accepted risk or a false positive over; say so when a 'fixed' one is back."""
    if source.status in CARRIED_STATUSES:
        repo.carry_status(
            db,
            finding_id,
            status=source.status,
            reason=source.status_reason,
            until=source.status_until,
        )
        repo.add_event(
            db,
            finding_id,
            at=at,
            actor=SYSTEM_ACTOR,
            old_status=None,
            new_status=source.status,
            reason=carried_reason(source),
            until=source.status_until,
        )
    elif source.status == "fixed":
        repo.add_event(
            db,
            finding_id,
            at=at,
            actor=SYSTEM_ACTOR,
            old_status="fixed",
            new_status="open",
            reason=refound_reason(source),
            until=None,
        )
