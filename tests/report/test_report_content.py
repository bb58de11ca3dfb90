"""What a report says: summary, findings with code, explanation, fix, triage and history, and
each review's audit record. Checked on the Markdown text, which holds the same content as the
HTML page (tests/report/test_report_html.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.errors import ProjectNotFound, UserInputError
from app.core.findings import Severity
from app.core.report import (
    Report,
    ReportItem,
    parse_report_date,
    project_report,
    review_report,
)
from app.core.report_html import report_to_html
from app.core.report_markdown import code_cell, fenced, paragraph, report_to_markdown, text
from app.store.report_data import FindingRow, ReviewAudit
from tests.report.builders import (
    HOSTILE,
    MODEL_SHA,
    NOW,
    PROMPT_SHA,
    make,
    open_db,
    sample,
)


def test_the_summary_counts_findings_by_severity_and_status(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    summary = review_report(db, ids["second"], now=NOW).summary()
    assert summary.total == 5
    assert summary.counts[Severity.CRITICAL]["open"] == 1
    assert summary.counts[Severity.HIGH]["accepted"] == 1
    assert summary.counts[Severity.LOW]["false_positive"] == 1
    # The info item (debug mode, fixed) is a note: counted apart, not as a finding.
    assert summary.counts[Severity.INFO] == dict.fromkeys(summary.counts[Severity.INFO], 0)
    assert (summary.notes, summary.questions) == (1, 0)
    # The acceptance that ran out on 2026-02-15 counts as open; the gone secret as gone.
    assert summary.counts[Severity.MEDIUM] == {
        "open": 1,
        "accepted": 0,
        "false_positive": 0,
        "fixed": 0,
        "gone": 1,
    }
    assert summary.baseline == {"new": 3, "unchanged": 1, "gone": 1, "unknown": 0}


def test_an_acceptance_is_in_force_until_its_day_has_passed(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    on_the_day = review_report(db, ids["second"], now=NOW.replace(month=2, day=15))
    stale = next(item for item in on_the_day.items if item.row.id == ids["stale"])
    assert (stale.expired, stale.status) == (False, "accepted")
    after = review_report(db, ids["second"], now=NOW)
    stale = next(item for item in after.items if item.row.id == ids["stale"])
    assert (stale.expired, stale.status) == (True, "open")


def test_findings_are_listed_worst_first_with_gone_ones_last_then_notes(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    items = review_report(db, ids["second"], now=NOW).items
    assert [item.row.id for item in items] == [
        ids["command"],
        ids["sql_2"],
        ids["stale"],
        ids["noise"],
        ids["gone"],
        ids["debug"],  # info: a note, after the findings
    ]


def test_each_finding_shows_code_explanation_fix_triage_and_history(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    markdown = report_to_markdown(review_report(db, ids["second"], now=NOW))
    sql_section = _section(markdown, "HIGH: SQL query built from request data")
    assert 'cursor.execute(f"SELECT * FROM users WHERE name = {name}")' in sql_section
    assert "User input from request.args reaches cursor.execute." in sql_section
    assert "An attacker can read or change any row." in sql_section
    assert "Pass the value as a query parameter." in sql_section
    assert "| Status | Accepted risk until 2026-06-30 |" in sql_section
    assert "| Reason | Internal admin tool only. |" in sql_section
    assert "| Baseline | unchanged since the baseline |" in sql_section
    assert "2026-02-02T10:00:00+00:00 alice: open → accepted risk, until 2026-06-30" in sql_section
    assert "airlock: open → accepted risk" in sql_section
    stale = _section(markdown, "MEDIUM: Binds to all interfaces")
    assert "| Status | Open (acceptance expired on 2026-02-15) |" in stale
    command = _section(markdown, "CRITICAL: Shell command built from &lt;input&gt;")
    assert (
        "**Suggested patch.**\n\n```diff\n-os.system(cmd)\n+subprocess.run(args, check=True)\n```"
        in command
    )
    assert "**Triage history.** No decisions recorded." in command


def test_the_audit_record_of_each_review_is_shown(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    markdown = report_to_markdown(review_report(db, ids["second"], now=NOW))
    audit = markdown.split("## Audit record", 1)[1]
    for line in (
        f"| Model file SHA-256 | {MODEL_SHA} |",
        "| Model | qwen2.5-coder-0.5b |",
        "| Airlock version | 0.1.0 |",
        "| Started | 2026-02-10T09:00:00+00:00 |",
        "| Finished | 2026-02-10T09:00:07+00:00 |",
        "| Duration | 7 s |",
        "| Threat model | version 1 of project photo-api |",
        f"| Baseline review | #{ids['first']} |",
        f"| review.system.v1 | `{PROMPT_SHA}` |",
        "| model.temperature | `0.0` |",
        "| stages | `model, scanners` |",
        "| stages\\_s.bandit | `0.25` |",
    ):
        assert line in audit, line
    assert "- Review #2, big.py: file over 1 MB: not reviewed (too\\_large)" in markdown


def test_a_project_report_shows_each_finding_once_as_it_stood_last(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    report = project_report(db, "photo-api", now=NOW)
    assert [review.id for review in report.reviews] == [ids["first"], ids["second"]]
    assert len(report.items) == 6
    sql = next(item for item in report.items if item.finding.rule_id == "airlock.sql-injection")
    assert sql.row.id == ids["sql_2"]
    assert sql.seen_in == (ids["first"], ids["second"])
    secret = next(item for item in report.items if item.finding.rule_id == "B105")
    assert secret.gone
    markdown = report_to_markdown(report)
    assert f"| Review | #{ids['second']} (seen in #{ids['first']}, #{ids['second']}) |" in markdown
    assert "Project photo-api, all reviews (2 reviews)" in markdown


def test_a_project_report_covers_only_its_date_range(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    first_only = project_report(db, "photo-api", until=date(2026, 2, 9), now=NOW)
    assert [review.id for review in first_only.reviews] == [ids["first"]]
    assert {item.row.review_id for item in first_only.items} == {ids["first"]}
    # Both ends are whole days: a review started at 09:00 on the --until day is in.
    same_day = project_report(db, "photo-api", since=date(2026, 2, 10), until=date(2026, 2, 10))
    assert [review.id for review in same_day.reviews] == [ids["second"]]
    empty = project_report(db, "photo-api", since=date(2027, 1, 1), now=NOW)
    assert (empty.reviews, empty.items) == ((), ())
    assert "No findings." in report_to_markdown(empty)


def test_bad_project_and_date_input_are_user_errors(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    sample(db)
    with pytest.raises(ProjectNotFound):
        project_report(db, "nope")
    with pytest.raises(UserInputError, match="after --until"):
        project_report(db, "photo-api", since=date(2026, 3, 1), until=date(2026, 2, 1))
    with pytest.raises(UserInputError, match="--since '1/2/2026' is not a date"):
        parse_report_date("1/2/2026", option="--since")


def test_hostile_text_stays_text_in_markdown(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    markdown = report_to_markdown(review_report(db, ids["second"], now=NOW))
    # The snippet sits in a fence, where Markdown shows it verbatim; nowhere else is it raw.
    assert f"```python\n{HOSTILE}\n```" in markdown
    assert markdown.count("<script>") == 1
    assert "Shell command built from &lt;input&gt;" in markdown


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[click](javascript:alert(1))", "\\[click\\](javascript:alert(1))"),
        ("a | b", "a \\| b"),
        ("**bold** _it_ `code`", "\\*\\*bold\\*\\* \\_it\\_ \\`code\\`"),
    ],
)
def test_inline_text_escapes_markdown_and_html(raw: str, escaped: str) -> None:
    assert text(raw) == escaped


def test_paragraphs_cannot_open_blocks_and_fences_cannot_be_closed_early() -> None:
    assert (
        paragraph("# title\n- item\n1. first\n===")
        == "\\# title\\\n\\- item\\\n1\\. first\\\n\\==="
    )
    assert fenced("a\n```\nb") == "````\na\n```\nb\n````"


def test_table_code_cells_cannot_split_the_table_or_end_early() -> None:
    assert code_cell("app/x.py:3") == "`app/x.py:3`"
    assert code_cell("a|`b`") == "`` a\\|`b` ``"


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(heading)
    end = markdown.find("\n### ", start)
    return markdown[start : end if end != -1 else len(markdown)]


def test_undecodable_names_and_control_characters_still_make_utf8_reports() -> None:
    # SQLite cannot store lone surrogates, but a Report is plain data any caller can build.
    odd = make(file="caf\udce9.py", snippet="x = 1\x00\x1b[2J", title="Odd\x07 title")
    row = FindingRow(1, 1, odd, "open", "why\udcff", None, None)
    review = ReviewAudit(
        id=1, target="caf\udce9.py", app_version="0.1.0", started_at="2026-01-01T00:00:00+00:00"
    )
    report = Report("t", "s", "2026-01-01T00:00:00+00:00", (review,), (ReportItem(row, (1,)),))
    for rendered in (report_to_markdown(report), report_to_html(report)):
        rendered.encode("utf-8")  # no lone surrogate survived
        assert "caf\ufffd.py" in rendered
        assert "\x00" not in rendered and "\x1b" not in rendered and "\x07" not in rendered
