"""History use cases: list recent sessions and reviews, and search them with filters.

Front doors (the `airlock history` commands and the GUI's history view) pass what the user
typed; this module checks it and turns it into the store's filters, so a bad value is a
UserInputError naming what is allowed rather than an empty result.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from app.core.errors import UserInputError
from app.core.findings import Severity
from app.store import search as store
from app.store.projects import get_project
from app.store.search import KINDS, HistoryRow, SearchFilters, SearchHit

STATUSES = ("open", "fixed", "accepted", "false_positive")
DEFAULT_LIMIT = 50

_CWE = re.compile(r"(?i)^\s*(?:cwe-?)?(\d{1,5})\s*$")


@dataclass(frozen=True)
class SearchRequest:
    """A search as the user gave it: words and filters, all optional, combined with AND."""

    text: str = ""
    project: str | None = None
    severities: Sequence[str] = ()
    statuses: Sequence[str] = ()
    cwes: Sequence[str] = ()  # "89" or "CWE-89"
    sources: Sequence[str] = ()  # "bandit", "taint", "model", "policy:file_upload", ...
    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    kinds: Sequence[str] = ()  # empty: every kind
    limit: int = DEFAULT_LIMIT


def search_history(db: sqlite_utils.Database, request: SearchRequest) -> list[SearchHit]:
    """Ranked matches for the request's words; with filters only, the newest matching rows."""
    filters = build_filters(db, request)
    if store.fts_query(request.text) is None and filters == SearchFilters():
        raise UserInputError(
            'nothing to search for: give a word, a "phrase", a prefix* or a filter'
        )
    return store.search(db, request.text, filters, limit=request.limit)


def recent_history(
    db: sqlite_utils.Database, *, project: str | None = None, limit: int = 200
) -> list[HistoryRow]:
    """The newest sessions and reviews, newest first."""
    project_id = get_project(db, project).id if project else None
    return store.recent_history(db, project_id=project_id, limit=limit)


def build_filters(db: sqlite_utils.Database, request: SearchRequest) -> SearchFilters:
    since = _day(request.since, "since")
    until = _day(request.until, "until")
    if since and until and since > until:
        raise UserInputError(f"the since date {since} is after the until date {until}")
    return SearchFilters(
        project_id=get_project(db, request.project).id if request.project else None,
        severities=_choices(request.severities, [s.value for s in Severity], "severity"),
        statuses=_choices(
            [s.replace("-", "_") for s in request.statuses], list(STATUSES), "status"
        ),
        cwes=tuple(_cwe(value) for value in request.cwes),
        sources=tuple(s.strip().casefold() for s in request.sources if s.strip()),
        since=since.isoformat() if since else None,
        before=(until + timedelta(days=1)).isoformat() if until else None,
        kinds=_choices(request.kinds, list(KINDS), "kind") or KINDS,
    )


def _choices(values: Sequence[str], allowed: list[str], what: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(v.strip().casefold() for v in values))
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise UserInputError(f"unknown {what} {unknown[0]!r} (choose from {', '.join(allowed)})")
    return chosen


def _cwe(value: str) -> int:
    match = _CWE.match(value)
    if match is None:
        raise UserInputError(f"bad CWE {value!r} (expected a number such as 89 or CWE-89)")
    return int(match.group(1))


def _day(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise UserInputError(f"{option} {value!r} is not a date (expected YYYY-MM-DD)") from exc
