"""Reports on reviews: what was found, what was decided about it, and what produced it.

A report covers one review, or a project's reviews over a date range. A project report shows
each distinct finding (by fingerprint) once, as it stood in the latest review that saw it, with
the reviews it was seen in. Every finding carries its triage state and history; every review
its audit record (model file and prompt SHA-256s, settings, app version, times).

Items are findings (they claim a weakness), questions for the reviewer (claims only the model
made, in classes where its claims are not trusted as findings) and notes (info); see
app.core.findings.FindingKind. The Markdown and HTML reports show each kind in its own section;
the summary counts findings, and the questions and notes apart. SARIF exports findings only.

`Report` is plain data; report_markdown, report_html and report_sarif turn it into text. The
helpers at the bottom give all three formats the same wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final

import sqlite_utils

from app import __version__
from app.core.errors import UserInputError
from app.core.findings import Finding, FindingKind, ReviewWarning, Severity
from app.store import report_data
from app.store.projects import get_project
from app.store.report_data import FindingRow, ReviewAudit, TriageEvent

STATUS_LABELS: Final[Mapping[str, str]] = {
    "open": "Open",
    "accepted": "Accepted risk",
    "false_positive": "False positive",
    "fixed": "Fixed",
}
# Summary columns: triage statuses of present findings, then findings gone since the baseline.
SUMMARY_COLUMNS: Final = ("open", "accepted", "false_positive", "fixed", "gone")
COLUMN_LABELS: Final[Mapping[str, str]] = {**STATUS_LABELS, "gone": "Gone"}
BASELINE_STATES: Final = ("new", "unchanged", "gone", "unknown")
# Severities a finding can have: an info item is a note (FindingKind), never a finding.
FINDING_SEVERITIES: Final = tuple(s for s in Severity if s is not Severity.INFO)
# The report's sections, in order, with their headings and what each says of its items.
KIND_ORDER: Final = (FindingKind.FINDING, FindingKind.QUESTION, FindingKind.NOTE)
SECTION_TITLES: Final[Mapping[FindingKind, str]] = {
    FindingKind.FINDING: "Findings",
    FindingKind.QUESTION: "Questions for the reviewer",
    FindingKind.NOTE: "Notes",
}
SECTION_INTROS: Final[Mapping[FindingKind, str]] = {
    FindingKind.FINDING: "",
    FindingKind.QUESTION: (
        "Only the model reports these, in weakness classes where its claims have not been "
        "shown on held-out data to find real weaknesses. They are not findings: check each "
        "one yourself. They are not exported to SARIF and never fail a build."
    ),
    FindingKind.NOTE: (
        "Kept for the record, claiming no weakness: unverified model claims, pattern matches "
        "and model claims a deterministic check decided, and scanner pointers such as an "
        "import. They are not exported to SARIF and never fail a build."
    ),
}


@dataclass(frozen=True)
class ReportItem:
    """One finding in a report.

    `expired`: an acceptance whose date has passed. Reading a report changes nothing, so the
    row still says "accepted"; the report shows, counts and exports it as open.
    """

    row: FindingRow
    seen_in: tuple[int, ...]
    expired: bool = False

    @property
    def finding(self) -> Finding:
        return self.row.finding

    @property
    def gone(self) -> bool:
        return self.row.baseline_state == "gone"

    @property
    def kind(self) -> FindingKind:
        return self.row.finding.kind

    @property
    def status(self) -> str:
        """The status in force: open for an expired acceptance."""
        return "open" if self.expired else self.row.status


@dataclass(frozen=True)
class Summary:
    """Counts of findings (severity, status, baseline); questions and notes are counted apart."""

    counts: Mapping[Severity, Mapping[str, int]]  # severity -> SUMMARY_COLUMNS -> count
    baseline: Mapping[str, int]  # BASELINE_STATES -> count
    total: int
    questions: int = 0
    notes: int = 0


@dataclass(frozen=True)
class Report:
    title: str
    scope: str
    generated_at: str
    reviews: tuple[ReviewAudit, ...]
    items: tuple[ReportItem, ...]
    generator_version: str = __version__

    def summary(self) -> Summary:
        counts = {s: dict.fromkeys(SUMMARY_COLUMNS, 0) for s in Severity}
        baseline = dict.fromkeys(BASELINE_STATES, 0)
        findings = [item for item in self.items if item.kind is FindingKind.FINDING]
        for item in findings:
            column = "gone" if item.gone else item.status
            counts[item.finding.severity][column] += 1
            baseline[item.row.baseline_state or "unknown"] += 1
        kinds = [item.kind for item in self.items]
        return Summary(
            counts,
            baseline,
            len(findings),
            questions=kinds.count(FindingKind.QUESTION),
            notes=kinds.count(FindingKind.NOTE),
        )

    def sections(self) -> list[tuple[FindingKind, list[tuple[int, ReportItem]]]]:
        """Findings, questions for the reviewer, notes: each kind with its items, numbered
        on through the report (1, 2, ... across sections, so each number is one item)."""
        numbered = list(enumerate(self.items, start=1))
        return [
            (kind, [(number, item) for number, item in numbered if item.kind is kind])
            for kind in KIND_ORDER
        ]

    def warnings(self) -> list[tuple[int, ReviewWarning]]:
        return [(review.id, warning) for review in self.reviews for warning in review.warnings]


# --- building ------------------------------------------------------------------------------


def review_report(
    db: sqlite_utils.Database, review_id: int, *, now: datetime | None = None
) -> Report:
    """The report of one review: all its findings, with triage and the audit record."""
    moment = now or datetime.now(UTC)
    review = report_data.review_audit(db, review_id)
    rows = report_data.review_findings(db, [review.id])
    rows = report_data.attach_history(db, rows, project_id=review.project_id, target=review.target)
    items = [_item(row, (review.id,), moment.date()) for row in rows]
    project = f"project {review.project_name}, " if review.project_name else ""
    return Report(
        title=f"Airlock report: review {review.id}",
        scope=f"Review {review.id}: {project}target {review.target}, started {review.started_at}",
        generated_at=_stamp(moment),
        reviews=(review,),
        items=_sorted(items),
    )


def project_report(
    db: sqlite_utils.Database,
    project: str,
    *,
    since: date | None = None,
    until: date | None = None,
    now: datetime | None = None,
) -> Report:
    """A project's reviews started between `since` and `until` (inclusive UTC dates)."""
    if since and until and since > until:
        raise UserInputError(f"--since {since} is after --until {until}")
    moment = now or datetime.now(UTC)
    row = get_project(db, project)
    before = (until + timedelta(days=1)).isoformat() if until else None
    reviews = report_data.project_reviews(
        db, row.id, since=since.isoformat() if since else None, before=before
    )
    every_row = report_data.review_findings(db, [review.id for review in reviews])
    latest = _latest(every_row, reviews)
    latest = report_data.attach_history(db, latest, project_id=row.id, target="")
    seen = _seen_in(every_row)
    items = [_item(r, seen[r.finding.fingerprint], moment.date()) for r in latest]
    return Report(
        title=f"Airlock report: project {row.name}",
        scope=f"Project {row.name}, {_range_text(since, until)} ({_count(reviews, 'review')})",
        generated_at=_stamp(moment),
        reviews=tuple(reviews),
        items=_sorted(items),
    )


def parse_report_date(text: str, *, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserInputError(f"{option} {text!r} is not a date (expected YYYY-MM-DD)") from None


def _latest(rows: Sequence[FindingRow], reviews: Sequence[ReviewAudit]) -> list[FindingRow]:
    """Each fingerprint's rows from the latest review (by start time) that has it."""
    order = {review.id: index for index, review in enumerate(reviews)}
    newest: dict[str, int] = {}
    for row in rows:
        fingerprint = row.finding.fingerprint
        if order[row.review_id] >= order[newest.get(fingerprint, row.review_id)]:
            newest[fingerprint] = row.review_id
    return [row for row in rows if newest[row.finding.fingerprint] == row.review_id]


def _seen_in(rows: Sequence[FindingRow]) -> dict[str, tuple[int, ...]]:
    seen: dict[str, dict[int, None]] = {}
    for row in rows:
        seen.setdefault(row.finding.fingerprint, {})[row.review_id] = None
    return {fingerprint: tuple(ids) for fingerprint, ids in seen.items()}


def _item(row: FindingRow, seen_in: tuple[int, ...], today: date) -> ReportItem:
    # status_until is a date (or a timestamp starting with one): compare the date part.
    until = (row.status_until or "")[:10]
    expired = row.status == "accepted" and bool(until) and until < today.isoformat()
    return ReportItem(row, seen_in, expired)


def _sorted(items: Sequence[ReportItem]) -> tuple[ReportItem, ...]:
    def key(item: ReportItem) -> tuple[Any, ...]:
        finding = item.finding
        return (
            KIND_ORDER.index(item.kind),
            item.gone,
            -finding.severity.rank,
            finding.file,
            finding.start_line or 0,
            item.row.id,
        )

    return tuple(sorted(items, key=key))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _range_text(since: date | None, until: date | None) -> str:
    if since and until:
        return f"reviews from {since} to {until}"
    if since:
        return f"reviews since {since}"
    if until:
        return f"reviews until {until}"
    return "all reviews"


def _count(values: Sequence[Any], noun: str) -> str:
    return f"{len(values)} {noun}{'' if len(values) == 1 else 's'}"


# --- wording shared by every format --------------------------------------------------------


def contents_text(report: Report) -> str:
    """What the report holds: "5 findings, 1 question for the reviewer, 2 notes"."""
    summary = report.summary()
    parts = [plural(summary.total, "finding")]
    if summary.questions:
        parts.append(plural(summary.questions, "question") + " for the reviewer")
    if summary.notes:
        parts.append(plural(summary.notes, "note"))
    return ", ".join(parts)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def status_text(item: ReportItem) -> str:
    """The triage state in words: "Accepted risk until 2026-01-31", "Open (acceptance expired
    on 2025-01-31)"."""
    row = item.row
    if item.expired:
        return f"Open (acceptance expired on {row.status_until})"
    label = STATUS_LABELS.get(row.status, row.status)
    if row.status == "accepted" and row.status_until:
        return f"{label} until {row.status_until}"
    return label


def baseline_text(item: ReportItem) -> str:
    return {
        "new": "new since the baseline",
        "unchanged": "unchanged since the baseline",
        "gone": "gone: no longer found",
    }.get(item.row.baseline_state or "", "no baseline")


def location_text(finding: Finding) -> str:
    if not finding.start_line:
        return f"{finding.file} (line unknown)"
    end = finding.end_line
    lines = (
        f"{finding.start_line}-{end}"
        if end and end > finding.start_line
        else f"{finding.start_line}"
    )
    return f"{finding.file}:{lines}"


def cwe_text(finding: Finding) -> str:
    return ", ".join(f"CWE-{number}" for number in finding.cwe) or "none"


def event_text(event: TriageEvent) -> str:
    """One history line: "2025-06-01T10:00:00+00:00 alice: open → accepted risk, until ..."."""
    change = f"{status_word(event.old_status)} → {status_word(event.new_status)}"
    until = f", until {event.until}" if event.until else ""
    reason = f": {event.reason}" if event.reason else ""
    return f"{event.at} {event.actor}: {change}{until}{reason}"


def status_word(status: str | None) -> str:
    """A status in running text: "accepted risk", "false positive"; "none" before the first."""
    return STATUS_LABELS.get(status or "", status or "none").lower()


def audit_facts(review: ReviewAudit) -> list[tuple[str, str]]:
    """The audit record as label/value pairs, in reading order."""
    no_model = "none (deterministic stages only)"
    return [
        ("Review", f"#{review.id}"),
        ("Target", review.target),
        ("Project", review.project_name or "none"),
        ("Status", review.status),
        ("Started", review.started_at),
        ("Finished", review.finished_at or "not finished"),
        ("Duration", _duration(review.started_at, review.finished_at)),
        ("Airlock version", review.app_version),
        ("Model", review.model_id or no_model),
        ("Model file SHA-256", review.model_sha256 or "none"),
        ("Threat model", _threat_model_text(review)),
        ("Threat model SHA-256", review.threat_model_sha256 or "none"),
        (
            "Baseline review",
            f"#{review.baseline_review_id}" if review.baseline_review_id else "none",
        ),
    ]


def flatten(values: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Nested settings as sorted dotted keys: {"model": {"temperature": 0}} -> model.temperature."""
    flat: list[tuple[str, str]] = []
    for key in sorted(values):
        value = values[key]
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.extend(flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat.append((name, ", ".join(str(part) for part in value)))
        else:
            flat.append((name, str(value)))
    return flat


def _threat_model_text(review: ReviewAudit) -> str:
    if review.threat_model_version is not None:
        return f"version {review.threat_model_version} of project {review.project_name}"
    return "from a file (not stored)" if review.threat_model_sha256 else "none"


def _duration(started: str, finished: str | None) -> str:
    try:
        seconds = datetime.fromisoformat(finished or "") - datetime.fromisoformat(started)
    except (TypeError, ValueError):
        return "unknown"
    # Times are stored to the second: per-stage timings (below) hold the finer figures.
    total = seconds.total_seconds()
    return "under 1 s" if 0 <= total < 1 else f"{total:.0f} s"


_SURROGATE_OR_CONTROL = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str) -> str:
    """Text safe to write as UTF-8 and to show: lone surrogates (from undecodable bytes) and
    control characters other than tab and newlines become U+FFFD."""
    return _SURROGATE_OR_CONTROL.sub("\ufffd", text)
