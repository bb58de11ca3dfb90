"""`airlock history ...`: list recent sessions and reviews, and search everything stored."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import click

from app.core.history import DEFAULT_LIMIT, SearchRequest, recent_history, search_history
from app.store.db import open_database
from app.store.search import KINDS, MARK_END, MARK_START, HistoryRow, SearchHit

_LIMIT = click.IntRange(1, 1000)


@click.group(name="history")
def history_group() -> None:
    """List and search past sessions, reviews, findings and code."""


@history_group.command("list")
@click.option("--project", help="Only this project's sessions and reviews.")
@click.option("--limit", type=_LIMIT, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_(project: str | None, limit: int, as_json: bool) -> None:
    """List recent sessions and reviews, newest first."""
    rows = recent_history(open_database(), project=project, limit=limit)
    if as_json:
        click.echo(json.dumps([asdict(row) for row in rows], indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no sessions or reviews yet: airlock review PATH, or airlock generate", err=True)
    for row in rows:
        click.echo("\t".join((f"{row.kind} {row.id}", _when(row.when), row.project or "-",
                              _result(row), _clip(row.title))))  # fmt: skip


def _result(row: HistoryRow) -> str:
    return row.status if row.kind == "session" else f"{row.status}, {row.findings} findings"


@history_group.command("search")
@click.argument("words", nargs=-1)
@click.option("--project", help="Only this project.")
@click.option("--severity", multiple=True, help="critical, high, medium, low or info.")
@click.option("--status", multiple=True, help="A finding's status: open, fixed, accepted, ...")
@click.option("--cwe", multiple=True, help="A CWE, e.g. 89 or CWE-89.")
@click.option("--source", multiple=True, help="What found it: bandit, taint, model, policy, ...")
@click.option("--since", metavar="YYYY-MM-DD", help="From this day on.")
@click.option("--until", metavar="YYYY-MM-DD", help="Up to and including this day.")
@click.option("--kind", multiple=True, type=click.Choice(KINDS), help="Only these kinds.")
@click.option("--limit", type=_LIMIT, default=DEFAULT_LIMIT, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def search(words: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Search findings, sessions, code and reviews; best matches first.

    WORDS must all match; "a phrase" (quoted for the shell too: '"sql injection"') matches
    the words in order, and 'prefix*' (quoted, or the shell may expand it) matches any word
    that starts with prefix. Without words, the newest rows the filters allow. Filters
    combine with AND; each filter option may be repeated or take a comma-separated list.
    Severity, status, CWE and source filters apply to findings only.

    Example: airlock history search upload --severity high,critical --since 2026-01-01
    """
    request = SearchRequest(
        text=" ".join(words),
        project=options["project"],
        severities=_split(options["severity"]),
        statuses=_split(options["status"]),
        cwes=_split(options["cwe"]),
        sources=_split(options["source"]),
        since=options["since"],
        until=options["until"],
        kinds=options["kind"],
        limit=options["limit"],
    )
    hits = search_history(open_database(), request)
    if as_json:
        click.echo(json.dumps([_hit_json(hit) for hit in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo("no matches", err=True)
    color = sys.stdout.isatty()
    for hit in hits:
        click.echo(_hit_text(hit, color=color))


def _split(values: Iterable[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _hit_text(hit: SearchHit, *, color: bool) -> str:
    detail = " ".join(p for p in (hit.severity, hit.status, _cwes(hit)) if p) or "-"
    opens = hit.opens()
    where = f"open: {opens[0]} {opens[1]}" if opens else ""
    head = "\t".join((f"{hit.kind} {hit.id}", _when(hit.when), hit.project or "-", detail, where))
    match = _marked(hit.snippet, color=color)
    plain = hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
    line = match if plain == hit.title else f"{_clip(hit.title)}: {match}"  # no title twice
    where = f"  ({hit.location})" if hit.location else ""
    return f"{head.rstrip()}\n    {line}{where}"


def _cwes(hit: SearchHit) -> str:
    return ",".join(f"CWE-{n}" for n in hit.cwe)


def _marked(snippet: str, *, color: bool) -> str:
    """The snippet on one line, matched words in bold on a terminal, else between **."""
    flat = " ".join(snippet.split())
    start, end = ("\x1b[1m", "\x1b[0m") if color else ("**", "**")
    return flat.replace(MARK_START, start).replace(MARK_END, end)


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    data = asdict(hit)
    data["snippet"] = hit.snippet.replace(MARK_START, "").replace(MARK_END, "")
    data["cwe"] = list(hit.cwe)
    opens = hit.opens()
    data["opens"] = {"kind": opens[0], "id": opens[1]} if opens else None
    return data


def _when(stamp: str) -> str:
    return stamp.replace("T", " ")[:16]


def _clip(text: str, limit: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."
