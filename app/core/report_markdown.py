"""A report as GitHub-flavoured Markdown.

Every value comes from code under review or from people, so none of it may turn into markup:
free text has Markdown and HTML characters escaped (a snippet saying `<script>` or
`[x](javascript:...)` stays text), code goes into fences longer than any backtick run inside
it, and table cells escape `|` so a value cannot add columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from app.core.findings import FindingKind
from app.core.report import (
    COLUMN_LABELS,
    FINDING_SEVERITIES,
    SECTION_INTROS,
    SECTION_TITLES,
    SUMMARY_COLUMNS,
    Report,
    ReportItem,
    audit_facts,
    baseline_text,
    clean,
    cwe_text,
    event_text,
    flatten,
    location_text,
    plural,
    status_text,
)
from app.store.report_data import ReviewAudit

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# What starts a block at the start of a line once inline characters are escaped: a bullet, a
# rule or setext underline ("-", "+", "="), or an ordered-list number ("1." / "1)").
_BULLET = re.compile(r"^([-+=#])")
_NUMBERED = re.compile(r"^(\d+)([.)])")
_LANGUAGES = {
    "py": "python",
    "js": "javascript",
    "ts": "typescript",
    "sql": "sql",
    "tf": "hcl",
    "yml": "yaml",
    "yaml": "yaml",
    "sh": "bash",
    "go": "go",
    "java": "java",
    "rb": "ruby",
    "php": "php",
}


def report_to_markdown(report: Report) -> str:
    parts = [
        f"# {text(report.title)}",
        f"{text(report.scope)}\\\nGenerated {report.generated_at} by Airlock "
        f"{text(report.generator_version)}.",
        *_summary(report),
        *_sections(report),
        *_warnings(report),
        *_audit(report.reviews),
    ]
    return "\n\n".join(parts) + "\n"


# --- escaping ------------------------------------------------------------------------------


def text(value: str) -> str:
    """One line of plain text: whitespace collapsed, Markdown and HTML characters escaped."""
    one_line = " ".join(clean(value).split())
    return _INLINE_SPECIAL.sub(_escape_char, one_line)


def paragraph(value: str) -> str:
    """Multi-line plain text: each line escaped, line breaks kept as hard breaks."""
    lines = [_INLINE_SPECIAL.sub(_escape_char, line.strip()) for line in clean(value).splitlines()]
    lines = [_NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", line)) for line in lines]
    blocks = "\\\n".join(line for line in lines if line)
    return blocks or "(none)"


def code_cell(value: str) -> str:
    """A code span for a table cell: GFM splits cells on `|` even inside code spans."""
    one_line = " ".join(clean(value).split())
    fence = "`" * (_longest_run(one_line, "`") + 1)
    # A space on each side is dropped by the renderer; it is needed only next to a backtick.
    pad = " " if one_line.startswith("`") or one_line.endswith("`") else ""
    return f"{fence}{pad}{one_line}{pad}{fence}".replace("|", "\\|")


def fenced(value: str, info: str = "") -> str:
    body = clean(value).rstrip("\n")
    fence = "`" * max(3, _longest_run(body, "`") + 1)
    return f"{fence}{info}\n{body}\n{fence}"


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(1)
    return _ENTITIES.get(char, "\\" + char)


def _longest_run(value: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", value)
    return max((len(run) for run in runs), default=0)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: bool = False) -> str:
    align = ["---"] + (["---:"] if numeric else ["---"]) * (len(header) - 1)
    lines = [_row(header), _row(align), *(_row(row) for row in rows)]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


# --- sections ------------------------------------------------------------------------------


def _summary(report: Report) -> list[str]:
    summary = report.summary()
    header = ["Severity", *(COLUMN_LABELS[c] for c in SUMMARY_COLUMNS), "Total"]
    rows = [
        [s.value.capitalize(), *(str(summary.counts[s][c]) for c in SUMMARY_COLUMNS),
         str(sum(summary.counts[s].values()))]
        for s in FINDING_SEVERITIES
    ]  # fmt: skip
    totals = [sum(summary.counts[s][c] for s in FINDING_SEVERITIES) for c in SUMMARY_COLUMNS]
    rows.append(["**Total**", *(str(n) for n in totals), f"**{summary.total}**"])
    baseline = summary.baseline
    line = (
        f"Findings against the baseline: {baseline['new']} new, {baseline['unchanged']} "
        f"unchanged, {baseline['gone']} gone, {baseline['unknown']} without a baseline."
    )
    apart = (
        f"Listed apart, not counted as findings: {plural(summary.questions, 'question')} for "
        f"the reviewer, {plural(summary.notes, 'note')}."
    )
    return ["## Summary", _table(header, rows, numeric=True), line, apart]


def _sections(report: Report) -> list[str]:
    parts: list[str] = []
    for kind, numbered in report.sections():
        title = SECTION_TITLES[kind]
        if not numbered:
            if kind is FindingKind.FINDING:
                parts.extend([f"## {title}", "No findings."])
            continue
        parts.append(f"## {title} ({len(numbered)})")
        if SECTION_INTROS[kind]:
            parts.append(text(SECTION_INTROS[kind]))
        for number, item in numbered:
            parts.extend(_finding(number, item))
    return parts


def _finding(number: int, item: ReportItem) -> list[str]:
    finding = item.finding
    heading = f"### {number}. {finding.severity.value.upper()}: {text(finding.title)}"
    facts = [
        ("Status", text(status_text(item))),
        *([("Reason", text(item.row.status_reason))] if item.row.status_reason else []),
        ("Location", code_cell(location_text(finding))),
        ("Rule", code_cell(finding.rule_id)),
        ("CWE", text(cwe_text(finding))),
        ("Confidence", text(finding.confidence.value)),
        ("Found by", text(", ".join(finding.sources) or "unknown")),
        ("Baseline", text(baseline_text(item))),
        ("Review", _reviews_text(item)),
        ("Fingerprint", code_cell(finding.fingerprint)),
    ]
    parts = [heading, _table(["Field", "Value"], facts)]
    if finding.snippet.strip():
        parts.append(fenced(finding.snippet, _language(finding.file)))
    for label, body in (("What was found", finding.message), ("Why it matters", finding.why),
                        ("How to fix", finding.fix)):  # fmt: skip
        parts.append(f"**{label}.** {paragraph(body)}")
    if finding.patch:
        parts.extend(["**Suggested patch.**", fenced(finding.patch, "diff")])
    parts.append(_history(item))
    return parts


def _language(path: str) -> str:
    """A fence info string for syntax colouring, from our own table only: never from input."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    if name == "Dockerfile" or name.endswith(".dockerfile"):
        return "dockerfile"
    return _LANGUAGES.get(name.rsplit(".", 1)[-1].lower(), "") if "." in name else ""


def _reviews_text(item: ReportItem) -> str:
    seen = ", ".join(f"#{review_id}" for review_id in item.seen_in)
    own = f"#{item.row.review_id}"
    return own if seen == own else f"{own} (seen in {seen})"


def _history(item: ReportItem) -> str:
    if not item.row.history:
        return "**Triage history.** No decisions recorded."
    lines = "\n".join(f"- {text(event_text(event))}" for event in item.row.history)
    return f"**Triage history.**\n\n{lines}"


def _warnings(report: Report) -> list[str]:
    warnings = report.warnings()
    if not warnings:
        return []
    lines = [
        f"- Review #{review_id}, {text(w.file or w.stage or 'review')}: {text(w.message)}"
        f" ({text(w.kind)})"
        for review_id, w in warnings
    ]
    return ["## Warnings: not fully reviewed", "\n".join(lines)]


def _audit(reviews: Sequence[ReviewAudit]) -> list[str]:
    parts = ["## Audit record"]
    if not reviews:
        parts.append("No reviews in this report.")
    for review in reviews:
        parts.append(f"### Review #{review.id}")
        parts.append(_table(["Field", "Value"], [(k, text(v)) for k, v in audit_facts(review)]))
        parts.append(_pairs("Prompt", "SHA-256", sorted(review.prompt_hashes.items())))
        parts.append(_pairs("Engine setting", "Value", flatten(review.settings)))
        parts.append(_pairs("Timing", "Value", flatten(review.timings)))
    return parts


def _pairs(key: str, value: str, pairs: Sequence[tuple[str, str]]) -> str:
    if not pairs:
        return f"{key}s: none recorded."
    return _table([key, value], [(text(k), code_cell(v)) for k, v in pairs])
