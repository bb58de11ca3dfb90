"""`airlock report`: one review, or a project's reviews over a date range, as Markdown, a
self-contained HTML page or SARIF with triage."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final

import click

from app.core.errors import AirlockError, UserInputError
from app.core.report import (
    Report,
    contents_text,
    parse_report_date,
    project_report,
    review_report,
)
from app.core.report_html import report_to_html
from app.core.report_markdown import report_to_markdown
from app.core.report_sarif import report_to_sarif
from app.core.sarif import dump_sarif
from app.store.db import open_database

_RENDERERS: Final[dict[str, Callable[[Report], str]]] = {
    "md": report_to_markdown,
    "html": report_to_html,
    "sarif": lambda report: dump_sarif(report_to_sarif(report)),
}
_SUFFIXES: Final = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".sarif": "sarif",
    ".json": "sarif",
}


@click.command("report")
@click.argument("review_id", required=False, type=int)
@click.option("--project", "project_name", help="Report on this project's reviews.")
@click.option("--since", metavar="DATE", help="With --project: reviews started on or after DATE.")
@click.option("--until", metavar="DATE", help="With --project: reviews started on or before DATE.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(_RENDERERS)),
    help="md, html or sarif (default: from the --output extension, else md).",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here, not stdout.",
)
def report_command(
    review_id: int | None,
    project_name: str | None,
    since: str | None,
    until: str | None,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Report on review REVIEW_ID, or on a project's reviews (--project NAME).

    Each finding with its code, explanation, fix, triage state and history; questions for the
    reviewer and notes apart (SARIF holds findings only); each review with its audit record.
    Dates are YYYY-MM-DD in UTC; both ends are included.
    """
    report = _build(review_id, project_name, since, until)
    text = _RENDERERS[fmt or _format_for(output)](report)
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    click.echo(f"airlock: report on {contents_text(report)} written to {output}", err=True)


def _build(
    review_id: int | None, project_name: str | None, since: str | None, until: str | None
) -> Report:
    if (review_id is None) == (project_name is None):
        raise UserInputError("give a REVIEW_ID or --project NAME (one of them)")
    if project_name is None and (since or until):
        raise UserInputError("--since and --until need --project")
    db = open_database()
    if review_id is not None:
        return review_report(db, review_id)
    return project_report(
        db, str(project_name), since=_date(since, "--since"), until=_date(until, "--until")
    )


def _date(text: str | None, option: str) -> date | None:
    return parse_report_date(text, option=option) if text else None


def _format_for(output: Path | None) -> str:
    return _SUFFIXES.get(output.suffix.lower(), "md") if output else "md"


def _write(output: Path, text: str) -> None:
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AirlockError(f"cannot write {output}: {exc.strerror or exc}") from exc
