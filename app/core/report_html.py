"""A report as one self-contained HTML file: inline CSS, no script, no URL of any kind.

The page opens with the network off and prints cleanly; it follows the system's light or dark
scheme. Code under review is hostile, so every value goes through `esc` (html.escape, quotes
included) before it touches the page, and the page's Content-Security-Policy forbids scripts
and every fetch as a second line of defence. The skeleton and CSS live in resources/report/.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from string import Template

from app.core.findings import FindingKind, Severity
from app.core.report import (
    COLUMN_LABELS,
    FINDING_SEVERITIES,
    SECTION_INTROS,
    SECTION_TITLES,
    SUMMARY_COLUMNS,
    Report,
    ReportItem,
    Summary,
    audit_facts,
    baseline_text,
    clean,
    cwe_text,
    flatten,
    location_text,
    status_text,
    status_word,
)
from app.core.resources import resource_path
from app.store.report_data import ReviewAudit, TriageEvent


def report_to_html(report: Report) -> str:
    page = Template(resource_path("report", "report.html").read_text(encoding="utf-8"))
    style = resource_path("report", "report.css").read_text(encoding="utf-8")
    body = "\n".join(
        [
            _head(report),
            "<main>",
            _summary(report.summary()),
            _contents(report),
            _sections(report),
            _warnings(report),
            _audit(report.reviews),
            "</main>",
            "<footer>Made on this machine by Airlock from its local review history; this file"
            " loads nothing from anywhere.</footer>",
        ]
    )
    return page.substitute(
        title=esc(report.title), version=esc(report.generator_version), style=style, body=body
    )


def esc(value: object) -> str:
    return html.escape(clean(str(value)), quote=True)


def _tag(name: str, content: str, css: str = "") -> str:
    klass = f' class="{esc(css)}"' if css else ""
    return f"<{name}{klass}>{content}</{name}>"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], css: str) -> str:
    head = "".join(_tag("th", esc(cell)) for cell in header)
    body = "".join("<tr>" + "".join(_tag("td", cell) for cell in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _head(report: Report) -> str:
    return (
        '<header><p class="brand">Airlock security report</p>'
        f"{_tag('h1', esc(report.title))}{_tag('p', esc(report.scope), 'scope')}"
        f'<p class="meta">Generated {esc(report.generated_at)} by Airlock '
        f"{esc(report.generator_version)}</p></header>"
    )


# --- summary and contents ------------------------------------------------------------------


def _summary(summary: Summary) -> str:
    present = summary.total - summary.baseline["gone"]
    open_count = sum(summary.counts[s]["open"] for s in FINDING_SEVERITIES)
    urgent = sum(summary.counts[s]["open"] for s in (Severity.CRITICAL, Severity.HIGH))
    cards = [
        (present, "findings present"),
        (open_count, "open"),
        (urgent, "open critical or high"),
        (summary.baseline["new"], "new since the baseline"),
        (summary.baseline["gone"], "gone since the baseline"),
        (summary.questions, "questions for the reviewer"),
        (summary.notes, "notes"),
    ]
    card_html = "".join(
        f'<div class="card"><span class="n">{n}</span><span class="l">{esc(label)}</span></div>'
        for n, label in cards
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        f'<div class="cards">{card_html}</div>{_summary_table(summary)}</section>'
    )


def _summary_table(summary: Summary) -> str:
    header = "".join(f'<th class="n">{esc(COLUMN_LABELS[c])}</th>' for c in SUMMARY_COLUMNS)
    rows = []
    for severity in FINDING_SEVERITIES:
        counts = summary.counts[severity]
        cells = "".join(_count_cell(counts[c]) for c in SUMMARY_COLUMNS)
        label = f'<span class="sev sev-{severity.value}">{esc(severity.value)}</span>'
        rows.append(f"<tr><td>{label}</td>{cells}{_count_cell(sum(counts.values()))}</tr>")
    totals = "".join(
        _count_cell(sum(summary.counts[s][c] for s in FINDING_SEVERITIES)) for c in SUMMARY_COLUMNS
    )
    rows.append(f'<tr class="total"><td>Total</td>{totals}{_count_cell(summary.total)}</tr>')
    return (
        f'<table class="summary"><thead><tr><th>Severity</th>{header}<th class="n">Total</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _count_cell(count: int) -> str:
    return f'<td class="n{" zero" if count == 0 else ""}">{count}</td>'


def _contents(report: Report) -> str:
    if not report.items:
        return ""
    lists = []
    for kind, numbered in report.sections():
        if not numbered:
            continue
        entries = "".join(
            f'<li value="{number}"><a href="#finding-{number}">{_severity_badge(item)} '
            f"{esc(item.finding.title)}</a>"
            f' <span class="where">{esc(location_text(item.finding))}</span>'
            f" {_status_badge(item)}</li>"
            for number, item in numbered
        )
        lists.append(f'{_tag("h3", esc(SECTION_TITLES[kind]))}<ol class="toc">{entries}</ol>')
    return f'<nav class="toc"><h2>Contents</h2>{"".join(lists)}</nav>'


def _severity_badge(item: ReportItem) -> str:
    severity = item.finding.severity.value
    return f'<span class="sev sev-{esc(severity)}">{esc(severity)}</span>'


def _status_badge(item: ReportItem) -> str:
    css = "gone" if item.gone else item.status
    label = "Gone" if item.gone else status_text(item)
    return f'<span class="status status-{esc(css)}">{esc(label)}</span>'


# --- findings ------------------------------------------------------------------------------


_SECTION_IDS = {
    FindingKind.FINDING: "findings",
    FindingKind.QUESTION: "questions",
    FindingKind.NOTE: "notes",
}


def _sections(report: Report) -> str:
    sections = []
    for kind, numbered in report.sections():
        title, anchor = SECTION_TITLES[kind], _SECTION_IDS[kind]
        if not numbered:
            if kind is FindingKind.FINDING:
                sections.append(
                    f'<section id="{anchor}"><h2>{esc(title)}</h2>'
                    '<p class="none">No findings.</p></section>'
                )
            continue
        intro = _tag("p", esc(SECTION_INTROS[kind]), "intro") if SECTION_INTROS[kind] else ""
        articles = "\n".join(_finding(number, item) for number, item in numbered)
        sections.append(
            f'<section id="{anchor}"><h2>{esc(title)} ({len(numbered)})</h2>{intro}\n'
            f"{articles}</section>"
        )
    return "\n".join(sections)


def _finding(number: int, item: ReportItem) -> str:
    finding = item.finding
    css = f"finding sev-{finding.severity.value}" + (" gone" if item.gone else "")
    head = (
        f'<div class="finding-head">{_severity_badge(item)}'
        f"{_tag('h3', f'{number}. {esc(finding.title)}')}{_status_badge(item)}</div>"
    )
    parts = [head, _facts(item)]
    if finding.snippet.strip():
        parts.append(f'<pre class="code"><code>{esc(finding.snippet.rstrip())}</code></pre>')
    for label, body in (("What was found", finding.message), ("Why it matters", finding.why),
                        ("How to fix", finding.fix)):  # fmt: skip
        parts.append(_tag("h4", esc(label)) + _text(body))
    if finding.patch:
        parts.append(_tag("h4", "Suggested patch") + _tag("pre", esc(finding.patch), "patch"))
    parts.append(_triage(item))
    return f'<article class="{esc(css)}" id="finding-{number}">{"".join(parts)}</article>'


def _facts(item: ReportItem) -> str:
    finding = item.finding
    facts = [
        ("Location", _tag("code", esc(location_text(finding)))),
        ("Rule", _tag("code", esc(finding.rule_id))),
        ("CWE", esc(cwe_text(finding))),
        ("Confidence", esc(finding.confidence.value)),
        ("Found by", esc(", ".join(finding.sources) or "unknown")),
        ("Baseline", esc(baseline_text(item))),
        ("Review", _review_links(item)),
        ("Fingerprint", _tag("code", esc(finding.fingerprint))),
    ]
    rows = "".join(f"<dt>{esc(label)}</dt><dd>{value}</dd>" for label, value in facts)
    return f'<dl class="facts">{rows}</dl>'


def _review_links(item: ReportItem) -> str:
    own = f'<a href="#review-{item.row.review_id}">#{item.row.review_id}</a>'
    others = [rid for rid in item.seen_in if rid != item.row.review_id]
    if not others:
        return own
    seen = ", ".join(f'<a href="#review-{rid}">#{rid}</a>' for rid in item.seen_in)
    return f"{own} (seen in {seen})"


def _text(value: str) -> str:
    if not value.strip():
        return '<p class="text none">Not given.</p>'
    return _tag("p", esc(value.strip()), "text")


def _triage(item: ReportItem) -> str:
    row = item.row
    status = f"<p><strong>{esc(status_text(item))}</strong>"
    if row.status_reason:
        status += f": {esc(row.status_reason)}"
    status += "</p>"
    if not row.history:
        history = '<p class="none">No triage decisions recorded.</p>'
    else:
        header = ["When", "Who", "Change", "Until", "Reason"]
        history = _table(header, (_event_cells(e) for e in row.history), "history")
    return f'<section class="triage"><h4>Triage</h4>{status}{history}</section>'


def _event_cells(event: TriageEvent) -> list[str]:
    change = f"{status_word(event.old_status)} → {status_word(event.new_status)}"
    return [
        esc(event.at),
        esc(event.actor),
        esc(change),
        esc(event.until or ""),
        esc(event.reason or ""),
    ]


# --- warnings and audit --------------------------------------------------------------------


def _warnings(report: Report) -> str:
    warnings = report.warnings()
    if not warnings:
        return ""
    items = "".join(
        f"<li>Review #{review_id}, <code>{esc(w.file or w.stage or 'review')}</code>: "
        f"{esc(w.message)} ({esc(w.kind)})</li>"
        for review_id, w in warnings
    )
    return (
        '<section id="warnings"><h2>Warnings: not fully reviewed</h2>'
        f'<ul class="warnings">{items}</ul></section>'
    )


def _audit(reviews: Sequence[ReviewAudit]) -> str:
    if not reviews:
        body = '<p class="none">No reviews in this report.</p>'
    else:
        body = "".join(_audit_review(review) for review in reviews)
    return f'<section id="audit"><h2>Audit record</h2>{body}</section>'


def _audit_review(review: ReviewAudit) -> str:
    facts = _table(["Field", "Value"], ((esc(k), esc(v)) for k, v in audit_facts(review)), "kv")
    return (
        f'<article class="audit" id="review-{review.id}">{_tag("h3", f"Review #{review.id}")}'
        f"{facts}"
        f"{_pairs('Prompts', 'Prompt', 'SHA-256', sorted(review.prompt_hashes.items()))}"
        f"{_pairs('Engine settings', 'Setting', 'Value', flatten(review.settings))}"
        f"{_pairs('Timings', 'Stage', 'Value', flatten(review.timings))}</article>"
    )


def _pairs(title: str, key: str, value: str, pairs: Sequence[tuple[str, str]]) -> str:
    if not pairs:
        return f'{_tag("h4", esc(title))}<p class="none">None recorded.</p>'
    rows = ((esc(k), _tag("code", esc(v))) for k, v in pairs)
    return _tag("h4", esc(title)) + _table([key, value], rows, "kv")
