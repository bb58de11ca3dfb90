"""Full-text search over findings, sessions, code and reviews, and the recent-history list.

The FTS5 indexes come from migration 2 (app.store.schema). What a user types never reaches
FTS5's query syntax as is: `fts_query` keeps words, "quoted phrases" and prefix* terms and
quotes every one of them, so no input can raise an FTS syntax error. Terms combine with AND.

Each kind of row is searched by its own query, ranked by FTS5's `rank` (bm25 with the column
weights set in the migration) so that FTS5 sorts the matches itself and SQLite stops at the
limit; the per-kind results are then merged by rank. Filters combine with AND; the finding
filters (severity, status, CWE, source) leave out the kinds that have no such field.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from app.core.errors import UserInputError
from app.store.db import storage_error

KINDS = ("finding", "session", "code", "review")

# Around the matched terms in a snippet; control characters never occur in stored text that
# people search, and front ends replace them (bold in a terminal, <b> in the GUI).
MARK_START = "\x02"
MARK_END = "\x03"
SNIPPET_TOKENS = 16
PLAIN_CHARS = 120  # text shown instead of a snippet when there are no words

MAX_LIMIT = 1000
RANKED_MAX = 20_000  # see _rankable


@dataclass(frozen=True)
class SearchFilters:
    """Validated filters (app.core.history turns user input into these)."""

    project_id: int | None = None
    severities: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    cwes: tuple[int, ...] = ()
    sources: tuple[str, ...] = ()
    since: str | None = None  # ISO timestamp or date, inclusive
    before: str | None = None  # ISO timestamp or date, exclusive
    kinds: tuple[str, ...] = KINDS

    @property
    def finding_filters(self) -> bool:
        return bool(self.severities or self.statuses or self.cwes or self.sources)

    def searched_kinds(self) -> tuple[str, ...]:
        return ("finding",) if self.finding_filters else self.kinds


@dataclass(frozen=True)
class SearchHit:
    """One matching row. `snippet` marks matched terms with MARK_START ... MARK_END."""

    kind: str
    id: int
    when: str
    project: str
    title: str
    snippet: str
    rank: float
    review_id: int | None = None
    session_id: int | None = None
    severity: str | None = None
    status: str | None = None
    cwe: tuple[int, ...] = field(default_factory=tuple)
    location: str = ""  # a finding's file:line

    def opens(self) -> tuple[str, int] | None:
        """What opening this hit shows: its session or its review (None: neither exists)."""
        if self.kind == "session":
            return ("session", self.id)
        if self.kind == "code":
            return ("session", self.session_id) if self.session_id is not None else None
        return ("review", self.review_id) if self.review_id is not None else None


# --- Turning what a user typed into an FTS5 query --------------------------------------------

# A "phrase" (an unclosed quote runs to the end), or a run of non-space characters.
_TERM = re.compile(r'"([^"]*)"?|([^\s"]+)')


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for `text`, or None when it holds nothing searchable."""
    parts: list[str] = []
    for match in _TERM.finditer(text):
        phrase, word = match.group(1), match.group(2)
        if phrase is not None:
            if _has_token(phrase):
                parts.append(_quoted(phrase))
            continue
        prefix = word.endswith("*")
        core = word.rstrip("*")
        if _has_token(core):
            parts.append(_quoted(core) + ("*" if prefix else ""))
    return " AND ".join(parts) or None


def _has_token(text: str) -> bool:
    # The unicode61 tokenizer keeps letters and digits only; a term without any would be an
    # empty phrase, which matches nothing.
    return any(ch.isalnum() for ch in text)


def _quoted(text: str) -> str:
    # Inside an FTS5 string every character is literal except the quote, which is doubled:
    # operators (AND, NEAR, -, :, ^, parentheses) typed by a user stay plain words.
    return '"' + text.replace('"', '""') + '"'


# --- One query per kind ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    name: str
    fts: str
    table: str  # the content table with its alias
    joins: str
    columns: str  # id, when, project, title, review_id, session_id, severity, status, cwe,
    # location
    key: str
    when: str
    project: str
    plain: str  # shown instead of a snippet when there is no text to match
    always: str = ""  # a condition every row of this kind must meet


# A review compared with a baseline keeps copies of the baseline's findings that are gone
# (app.store.reviews): history, not findings of any code, so search leaves them out.
_NOT_GONE = "f.baseline_state IS NOT 'gone'"

_FINDING = _Kind(
    "finding",
    "findings_fts",
    "findings f",
    "JOIN reviews r ON r.id = f.review_id LEFT JOIN projects p ON p.id = r.project_id",
    "f.id, f.created_at, COALESCE(p.name, ''), f.title, f.review_id, r.session_id, f.severity,"
    " f.status, f.cwe, f.file || COALESCE(':' || f.start_line, '')",
    "f.id",
    "f.created_at",
    "r.project_id",
    "f.message",
    _NOT_GONE,
)
_SESSION = _Kind(
    "session",
    "sessions_fts",
    "sessions s",
    "LEFT JOIN projects p ON p.id = s.project_id",
    "s.id, s.created_at, COALESCE(p.name, ''), s.request, NULL, s.id, NULL, s.status, '[]', ''",
    "s.id",
    "s.created_at",
    "s.project_id",
    "s.request",
)
_CODE = _Kind(
    "code",
    "code_artifacts_fts",
    "code_artifacts a",
    "LEFT JOIN projects p ON p.id = a.project_id",
    "a.id, a.created_at, COALESCE(p.name, ''), a.path || ' (v' || a.version || ')', NULL,"
    " a.session_id, NULL, NULL, '[]', ''",
    "a.id",
    "a.created_at",
    "a.project_id",
    "a.content",
)
_REVIEW = _Kind(
    "review",
    "reviews_fts",
    "reviews r",
    "LEFT JOIN projects p ON p.id = r.project_id",
    "r.id, r.started_at, COALESCE(p.name, ''), r.target, r.id, r.session_id, NULL, r.status,"
    " '[]', ''",
    "r.id",
    "r.started_at",
    "r.project_id",
    "r.target",
)
_BY_NAME = {k.name: k for k in (_FINDING, _SESSION, _CODE, _REVIEW)}


def search(
    db: sqlite_utils.Database,
    text: str,
    filters: SearchFilters = SearchFilters(),
    *,
    limit: int = 50,
) -> list[SearchHit]:
    """The best `limit` matches for `text` (ranked), or the newest rows the filters allow
    when `text` holds no words."""
    limit = max(1, min(limit, MAX_LIMIT))
    query = fts_query(text)
    hits: list[SearchHit] = []
    for name in filters.searched_kinds():
        kind = _BY_NAME[name]
        hits.extend(_search_kind(db, kind, query, filters, limit))
    if query is None:
        hits.sort(key=lambda h: (h.when, h.kind, h.id), reverse=True)
    else:
        hits.sort(key=lambda h: h.rank)
    return hits[:limit]


def _search_kind(
    db: sqlite_utils.Database,
    kind: _Kind,
    query: str | None,
    filters: SearchFilters,
    limit: int,
) -> list[SearchHit]:
    where, params = _filter_sql(kind, filters)
    filtered = bool(where)
    if kind.always:
        where.append(kind.always)
    if query is None:
        sql = (
            f"SELECT {kind.columns}, {_clipped(kind.plain)}, 0.0 FROM {kind.table} {kind.joins}"
            f" {_where(where)} ORDER BY {kind.key} DESC LIMIT ?"
        )
        args: list[Any] = [*params, limit]
    else:
        sql = (
            f"SELECT {kind.columns},"
            f" snippet({kind.fts}, -1, ?, ?, '…', {SNIPPET_TOKENS}), {kind.fts}.rank"
            f" FROM {kind.fts} JOIN {kind.table} ON {kind.key} = {kind.fts}.rowid {kind.joins}"
            f" {_where([f'{kind.fts} MATCH ?', *where])}"
            f" ORDER BY {_order(db, kind, query, filtered=filtered)} LIMIT ?"
        )
        args = [MARK_START, MARK_END, query, *params, limit]
    return [_hit(kind.name, row) for row in _rows(db, sql, args, query)]


def _order(db: sqlite_utils.Database, kind: _Kind, query: str, *, filtered: bool) -> str:
    """The ORDER BY that answers fastest with the best matches first.

    `rank` alone lets FTS5 sort every match itself, which is quick when SQLite can stop after
    the first `limit` rows; when filters may discard most of them, `rank + 0` (an expression
    FTS5 cannot take over) makes SQLite filter first and rank only the rows that are left.
    Measured on 100,000 findings (the findings query alone): 53 ms against 15 ms for a word
    in a date range of one project, 14 ms against 26 ms with no selective filter (see
    bench/history.py and docs/BENCHMARKS.md).
    """
    if not _rankable(db, kind, query):
        return f"{kind.fts}.rowid DESC"
    return f"{kind.fts}.rank + 0" if filtered else f"{kind.fts}.rank"


def _rankable(db: sqlite_utils.Database, kind: _Kind, query: str) -> bool:
    """Whether the matches are few enough to rank them all.

    FTS5 computes bm25 for every match before it can return the best one (about 1 ms per
    1,000 rows here), and a word found in most rows says little about relevance anyway. Past
    RANKED_MAX matches the newest rows are taken instead (still merged by their rank), which
    SQLite can stop reading at the limit. Finding out stops at RANKED_MAX rows too.
    """
    sql = f"SELECT 1 FROM {kind.fts} WHERE {kind.fts} MATCH ? LIMIT 1 OFFSET ?"
    return not _rows(db, sql, [query, RANKED_MAX], query)


def _rows(db: sqlite_utils.Database, sql: str, args: list[Any], query: str | None) -> list[Any]:
    try:
        return db.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        if "fts5" in str(exc):  # a query syntax error: fts_query should make it unreachable
            raise UserInputError(f"cannot search for {query!r}: {exc}") from exc
        raise storage_error(exc) from exc


def _clipped(column: str) -> str:
    # About as long as a snippet of SNIPPET_TOKENS words.
    return (
        f"CASE WHEN length({column}) > {PLAIN_CHARS} THEN substr({column}, 1, {PLAIN_CHARS - 1})"
        f" || '…' ELSE {column} END"
    )


def _where(conditions: Sequence[str]) -> str:
    return "WHERE " + " AND ".join(conditions) if conditions else ""


def _filter_sql(kind: _Kind, filters: SearchFilters) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if filters.project_id is not None:
        where.append(f"{kind.project} = ?")
        params.append(filters.project_id)
    if filters.since:
        where.append(f"{kind.when} >= ?")
        params.append(filters.since)
    if filters.before:
        where.append(f"{kind.when} < ?")
        params.append(filters.before)
    if kind is _FINDING:
        _finding_filters(filters, where, params)
    return where, params


def _finding_filters(filters: SearchFilters, where: list[str], params: list[Any]) -> None:
    if filters.severities:
        where.append(f"f.severity IN ({_marks(filters.severities)})")
        params.extend(filters.severities)
    if filters.statuses:
        where.append(f"f.status IN ({_marks(filters.statuses)})")
        params.extend(filters.statuses)
    if filters.cwes:
        # cwe holds a JSON list of numbers, e.g. [22, 73].
        where.append(
            f"EXISTS (SELECT 1 FROM json_each(f.cwe) WHERE value IN ({_marks(filters.cwes)}))"
        )
        params.extend(filters.cwes)
    if filters.sources:
        # A source filter "model" matches "model:qwen2.5-coder-0.5b"; "policy" any policy.
        tests = " OR ".join("value = ? OR substr(value, 1, ?) = ?" for _ in filters.sources)
        where.append(f"EXISTS (SELECT 1 FROM json_each(f.sources) WHERE {tests})")
        for source in filters.sources:
            params.extend([source, len(source) + 1, source + ":"])


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _hit(kind: str, row: Sequence[Any]) -> SearchHit:
    (hit_id, when, project, title, review_id, session_id, severity, status, cwe, location,
     snippet, rank) = row  # fmt: skip
    return SearchHit(
        kind=kind,
        id=int(hit_id),
        when=when,
        project=project,
        title=title,
        snippet=snippet or "",
        rank=float(rank),
        review_id=review_id,
        session_id=session_id,
        severity=severity,
        status=status,
        cwe=tuple(int(n) for n in json.loads(cwe or "[]")),
        location=location or "",
    )


# --- Recent history ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """A session or a review as the history list shows it."""

    kind: str  # "session" or "review"
    id: int
    when: str
    project: str
    title: str
    status: str
    findings: int | None = None  # reviews only
    session_id: int | None = None


def recent_history(
    db: sqlite_utils.Database, *, project_id: int | None = None, limit: int = 200
) -> list[HistoryRow]:
    """The newest sessions and reviews together, newest first.

    Each side is cut to `limit` by id (ids grow with time) before the two are merged, and
    findings are counted for the page only, so the cost does not grow with the history.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    where = "WHERE project_id = ?" if project_id is not None else ""
    params = [project_id] if project_id is not None else []
    rows = db.execute(
        "SELECT * FROM ("
        f" SELECT * FROM (SELECT 'session', id, created_at, project_id, request, status, id"
        f"  FROM sessions {where} ORDER BY id DESC LIMIT ?)"
        " UNION ALL"
        f" SELECT * FROM (SELECT 'review', id, started_at, project_id, target, status, session_id"
        f"  FROM reviews {where} ORDER BY id DESC LIMIT ?)"
        # On the same second, a session comes above the review of its code.
        ") ORDER BY 3 DESC, 1 DESC, 2 DESC LIMIT ?",
        [*params, limit, *params, limit, limit],
    ).fetchall()
    names = _project_names(db)
    counts = _finding_counts(db, [int(r[1]) for r in rows if r[0] == "review"])
    return [
        HistoryRow(
            kind=kind,
            id=int(row_id),
            when=when,
            project=names.get(project, "") if project is not None else "",
            title=title,
            status=status,
            findings=counts.get(int(row_id), 0) if kind == "review" else None,
            session_id=session_id,
        )
        for kind, row_id, when, project, title, status, session_id in rows
    ]


def _project_names(db: sqlite_utils.Database) -> dict[int, str]:
    return {int(pid): str(name) for pid, name in db.execute("SELECT id, name FROM projects")}


def _finding_counts(db: sqlite_utils.Database, review_ids: Sequence[int]) -> dict[int, int]:
    if not review_ids:
        return {}
    rows = db.execute(
        f"SELECT review_id, COUNT(*) FROM findings f WHERE review_id IN ({_marks(review_ids)})"
        f" AND {_NOT_GONE} GROUP BY review_id",
        list(review_ids),
    )
    return {int(rid): int(count) for rid, count in rows}
