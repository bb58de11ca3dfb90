"""Full-text search (app.store.search, app.core.history) against a real SQLite file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import sqlite_utils

from app.core.errors import ProjectNotFound, UserInputError
from app.core.findings import Confidence, Finding, Severity
from app.core.history import SearchRequest, recent_history, search_history
from app.store import search as search_module
from app.store.db import open_database, transaction
from app.store.projects import insert_project
from app.store.reviews import ReviewRecord, insert_review
from app.store.search import MARK_END, MARK_START, SearchFilters, fts_query, search
from app.store.sessions import NewArtifact, NewSession, add_artifacts, insert_session

SQLI = Finding(
    rule_id="airlock.taint.sql-injection",
    title="SQL injection",
    cwe=(89,),
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    sources=("taint", "model:qwen2.5-coder-0.5b"),
    file="shop/orders.py",
    start_line=12,
    snippet="cur.execute(query)",
    message="request.args['name'] (line 10) reaches cur.execute",
    why="customer records are confidential",
    fix="pass name as a bound parameter",
    fingerprint="f-sqli",
)
TRAVERSAL = replace(
    SQLI,
    rule_id="airlock.taint.path-traversal",
    title="Path traversal",
    cwe=(22,),
    severity=Severity.MEDIUM,
    sources=("bandit",),
    file="shop/uploads.py",
    snippet="open(os.path.join(UPLOADS, name))",
    message="the client's file name reaches open",
    why="uploads stay inside their folder",
    fix="resolve the path and check that it stays inside UPLOADS",
    fingerprint="f-traversal",
)
SECRET = replace(
    SQLI,
    rule_id="detect-secrets.secret-keyword",
    title="Hard-coded secret",
    cwe=(798,),
    severity=Severity.CRITICAL,
    sources=("detect-secrets",),
    file="blog/settings.py",
    snippet="SECRET_KEY = 'x'",
    message="a secret is written in the code",
    why="anyone with the code can sign sessions",
    fix="read the secret from the environment",
    fingerprint="f-secret",
)
UPLOAD_CODE = """import os
from flask import Flask, request

app = Flask(__name__)


@app.route("/upload", methods=["POST"])
def upload_picture():
    picture = request.files["picture"]
    picture.save(os.path.join("/srv/uploads", picture.filename))
    return "ok"
"""


@dataclass(frozen=True)
class History:
    """Ids of what `seed_history` stored."""

    shop: int
    blog: int
    session: int
    shop_review: int
    blog_review: int
    path_review: int


def record(target: str, started: str, **fields: object) -> ReviewRecord:
    return ReviewRecord(target=target, app_version="0.1.0", started_at=started, **fields)  # type: ignore[arg-type]


def seed_history(db: sqlite_utils.Database) -> History:
    """Two projects; a session in `shop` with code and its review; a review in `blog`; a
    review of a folder with no project. Finding dates are set so date filters can be told
    apart."""
    with transaction(db):
        shop, blog = insert_project(db, "shop"), insert_project(db, "blog")
        session = insert_session(
            db, NewSession(shop, None, "A Flask endpoint for profile picture uploads")
        )
        add_artifacts(
            db, session, version=1, origin="generated",
            files=[NewArtifact("app.py", "python", UPLOAD_CODE)],
        )  # fmt: skip
        shop_review = insert_review(
            db,
            record(f"session {session} v1", "2026-03-10T09:00:00+00:00", project_id=shop,
                   session_id=session),
            [SQLI, TRAVERSAL],
        )  # fmt: skip
        blog_review = insert_review(
            db, record("blog/", "2026-05-20T09:00:00+00:00", project_id=blog), [SECRET, SQLI]
        )
        path_review = insert_review(
            db, record("/srv/legacy-billing", "2026-07-01T09:00:00+00:00"), [TRAVERSAL]
        )
        db.execute("UPDATE findings SET created_at = ? WHERE review_id = ?",
                   ["2026-03-10T09:00:05+00:00", shop_review])  # fmt: skip
        db.execute("UPDATE findings SET created_at = ? WHERE review_id = ?",
                   ["2026-05-20T09:00:05+00:00", blog_review])  # fmt: skip
        db.execute("UPDATE findings SET created_at = ? WHERE review_id = ?",
                   ["2026-07-01T09:00:05+00:00", path_review])  # fmt: skip
        db.execute("UPDATE sessions SET created_at = '2026-03-10T08:59:00+00:00'")
    return History(shop, blog, session, shop_review, blog_review, path_review)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    return open_database(tmp_path / "airlock.db")


@pytest.fixture
def seeded(db: sqlite_utils.Database) -> History:
    return seed_history(db)


def found(db: sqlite_utils.Database, text: str, **filters: object) -> list[tuple[str, str]]:
    """(kind, title) of each hit, best first."""
    return [(h.kind, h.title) for h in search(db, text, SearchFilters(**filters))]  # type: ignore[arg-type]


# --- What users type -------------------------------------------------------------------------


def test_words_phrases_and_prefixes_become_quoted_fts_terms() -> None:
    assert fts_query("sql injection") == '"sql" AND "injection"'
    assert fts_query('"sql injection" upload*') == '"sql injection" AND "upload"*'
    assert fts_query('say "hi') == '"say" AND "hi"'  # an unclosed quote runs to the end
    assert fts_query("NOT x OR y") == '"NOT" AND "x" AND "OR" AND "y"'
    assert fts_query('a"b') == '"a" AND "b"'


def test_text_without_letters_or_digits_is_nothing_to_search_for() -> None:
    assert fts_query("") is None
    assert fts_query('  * -- "" () ^ : ') is None


HOSTILE = [
    "AND", "OR", "NOT", "NEAR(a b, 2)", "a OR", "(", ")", "*", "**", "a**", '"', '"""',
    "col:foo", "title:injection", "-injection", "+x", "^start", "a AND AND b", "{x y}",
    "x' OR '1'='1", "'; DROP TABLE findings; --", "\\", "%", "_", "\x00", "😀 upload",
    "request.args['name']", "os.path.join(", "C++", "ünïcödé", "NEAR", "a:b:c", "[x]",
]  # fmt: skip


@pytest.mark.parametrize("text", HOSTILE)
def test_no_input_makes_the_search_fail(
    db: sqlite_utils.Database, seeded: History, text: str
) -> None:
    hits = search(db, text)
    assert all(h.kind in search_module.KINDS for h in hits)
    assert db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 5


# --- Matching and ranking ----------------------------------------------------------------------


def test_every_word_must_match(db: sqlite_utils.Database, seeded: History) -> None:
    assert {t for _, t in found(db, "bound parameter")} == {"SQL injection"}
    assert found(db, "bound traversal") == []


def test_a_phrase_matches_its_words_in_order_only(
    db: sqlite_utils.Database, seeded: History
) -> None:
    assert ("finding", "SQL injection") in found(db, '"sql injection"')
    assert found(db, '"injection sql"') == []


def test_a_prefix_matches_longer_words_and_stemming_matches_other_forms(
    db: sqlite_utils.Database, seeded: History
) -> None:
    assert ("finding", "Path traversal") in found(db, "trav*")
    assert found(db, "trav") == []
    assert ("finding", "Path traversal") in found(db, "upload")  # "uploads" in its text


def test_sessions_code_and_review_targets_are_searched_too(
    db: sqlite_utils.Database, seeded: History
) -> None:
    kinds = {kind for kind, _ in found(db, "picture")}
    assert kinds == {"session", "code"}
    assert found(db, "legacy billing") == [("review", "/srv/legacy-billing")]


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_explanation(
    db: sqlite_utils.Database, seeded: History
) -> None:
    debug = replace(SECRET, title="Debug mode on", why="traversal of the debugger")
    with transaction(db):
        insert_review(db, record("other", "2026-08-01T00:00:00+00:00"), [debug])
    titles = [t for kind, t in found(db, "traversal") if kind == "finding"]
    assert titles[0] == "Path traversal"
    assert titles[-1] == "Debug mode on"


def test_snippets_mark_the_matched_words(db: sqlite_utils.Database, seeded: History) -> None:
    hit = next(h for h in search(db, "bound") if h.kind == "finding")
    assert f"{MARK_START}bound{MARK_END} parameter" in hit.snippet


def test_results_are_limited(db: sqlite_utils.Database, seeded: History) -> None:
    assert len(search(db, "the", limit=2)) == 2
    assert len(search(db, "the", limit=50)) > 2


def test_a_hit_opens_its_session_or_review(db: sqlite_utils.Database, seeded: History) -> None:
    by_kind = {h.kind: h for h in search(db, "picture")}
    assert by_kind["session"].opens() == ("session", seeded.session)
    assert by_kind["code"].opens() == ("session", seeded.session)
    legacy = search(db, "legacy")[0]
    assert legacy.opens() == ("review", seeded.path_review)
    secret = search(db, "secret")[0]
    assert (secret.kind, secret.opens()) == ("finding", ("review", seeded.blog_review))
    assert secret.project == "blog" and secret.cwe == (798,) and secret.severity == "critical"


# --- Filters ---------------------------------------------------------------------------------


def test_project_filter_applies_to_every_kind(db: sqlite_utils.Database, seeded: History) -> None:
    hits = search(db, "sql", SearchFilters(project_id=seeded.blog))
    assert [(h.kind, h.review_id) for h in hits] == [("finding", seeded.blog_review)]
    picture = search(db, "picture", SearchFilters(project_id=seeded.blog))
    assert picture == []


def test_finding_filters_combine_with_and(db: sqlite_utils.Database, seeded: History) -> None:
    assert {t for _, t in found(db, "", severities=("high", "critical"))} == {
        "SQL injection",
        "Hard-coded secret",
    }
    assert found(db, "", severities=("high", "critical"), cwes=(798,)) == [
        ("finding", "Hard-coded secret")
    ]
    assert found(db, "", severities=("medium",), cwes=(798,)) == []


def test_finding_filters_leave_out_sessions_code_and_reviews(
    db: sqlite_utils.Database, seeded: History
) -> None:
    assert {kind for kind, _ in found(db, "upload*", severities=("medium",))} == {"finding"}


def test_source_filter_matches_a_source_or_its_family(
    db: sqlite_utils.Database, seeded: History
) -> None:
    assert {t for _, t in found(db, "", sources=("model",))} == {"SQL injection"}
    assert found(db, "", sources=("mod",)) == []
    assert {t for _, t in found(db, "", sources=("bandit", "detect-secrets"))} == {
        "Path traversal",
        "Hard-coded secret",
    }


def test_status_filter_follows_triage(db: sqlite_utils.Database, seeded: History) -> None:
    with transaction(db):
        db.execute("UPDATE findings SET status = 'accepted' WHERE title = 'Hard-coded secret'")
    assert found(db, "secret", statuses=("accepted",)) == [("finding", "Hard-coded secret")]
    assert found(db, "secret", statuses=("open",)) == []


def test_date_filters_are_inclusive_days(db: sqlite_utils.Database, seeded: History) -> None:
    request = SearchRequest("traversal", since="2026-03-10", until="2026-05-20")
    hits = search_history(db, request)
    assert [h.review_id for h in hits] == [seeded.shop_review]
    later = search_history(db, SearchRequest("traversal", since="2026-03-11"))
    assert [h.review_id for h in later] == [seeded.path_review]


def test_kinds_filter(db: sqlite_utils.Database, seeded: History) -> None:
    assert {kind for kind, _ in found(db, "picture", kinds=("code",))} == {"code"}


def test_without_words_the_newest_matching_rows_come_first(
    db: sqlite_utils.Database, seeded: History
) -> None:
    hits = search(db, "", SearchFilters(cwes=(22,)))
    assert [h.review_id for h in hits] == [seeded.path_review, seeded.shop_review]
    assert hits[0].snippet == TRAVERSAL.message


def test_gone_copies_of_baseline_findings_are_not_search_results(
    db: sqlite_utils.Database, seeded: History
) -> None:
    with transaction(db):
        db.execute("UPDATE findings SET baseline_state = 'gone' WHERE title = 'Hard-coded secret'")
    assert found(db, "secret") == []
    counts = {row.id: row.findings for row in recent_history(db)}
    assert counts[seeded.blog_review] == 1


def test_filtered_ranking_orders_like_unfiltered_ranking(
    db: sqlite_utils.Database, seeded: History
) -> None:
    unfiltered = [h.id for h in search(db, "the", SearchFilters(kinds=("finding",)))]
    everything = SearchFilters(kinds=("finding",), since="2000-01-01")
    assert [h.id for h in search(db, "the", everything)] == unfiltered


def test_a_word_in_too_many_rows_lists_the_newest_of_them(
    db: sqlite_utils.Database, seeded: History, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RANKED_MAX", 2)
    hits = search(db, "the", SearchFilters(kinds=("finding",)), limit=2)
    matching = db.execute(
        "SELECT rowid FROM findings_fts WHERE findings_fts MATCH 'the' ORDER BY rowid DESC"
    ).fetchall()
    assert len(matching) > 2
    assert sorted(h.id for h in hits) == sorted(row[0] for row in matching[:2])


# --- The index follows the tables --------------------------------------------------------------


def fts_consistent(db: sqlite_utils.Database) -> None:
    """FTS5's own check that each index matches its content table (raises if not)."""
    for table in ("findings", "sessions", "code_artifacts", "reviews"):
        db.execute(f"INSERT INTO {table}_fts ({table}_fts, rank) VALUES ('integrity-check', 1)")


def test_changing_and_deleting_rows_keeps_the_index_in_step(
    db: sqlite_utils.Database, seeded: History
) -> None:
    with transaction(db):
        db.execute(
            "UPDATE findings SET title = 'Blind SQL injection' WHERE title = 'SQL injection'"
        )
        db.execute("UPDATE findings SET status = 'fixed'")  # not indexed: no re-indexing
        db.execute("UPDATE sessions SET request = 'An invoice export'")
    fts_consistent(db)
    assert {t for _, t in found(db, "blind")} == {"Blind SQL injection"}
    assert found(db, "picture", kinds=("session",)) == []
    assert found(db, "invoice") == [("session", "An invoice export")]
    with transaction(db):
        db.execute("DELETE FROM projects WHERE id = ?", [seeded.shop])  # cascades
    fts_consistent(db)
    assert found(db, "picture") == []
    assert {h.review_id for h in search(db, "sql")} == {seeded.blog_review}


# --- The service: checking what the user gave ------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SearchRequest("x", severities=["urgent"]), "unknown severity 'urgent'"),
        (SearchRequest("x", statuses=["done"]), "unknown status 'done'"),
        (SearchRequest("x", cwes=["SQLi"]), "bad CWE 'SQLi'"),
        (SearchRequest("x", since="last week"), "not a date"),
        (SearchRequest("x", since="2026-02-01", until="2026-01-01"), "is after"),
        (SearchRequest("x", kinds=["file"]), "unknown kind 'file'"),
        (SearchRequest("  ** ()"), "nothing to search for"),
    ],
)
def test_bad_search_input_is_a_clear_user_error(
    db: sqlite_utils.Database, request_: SearchRequest, message: str
) -> None:
    with pytest.raises(UserInputError, match=message):
        search_history(db, request_)


def test_an_unknown_project_is_named(db: sqlite_utils.Database) -> None:
    with pytest.raises(ProjectNotFound, match="nope"):
        search_history(db, SearchRequest("x", project="nope"))


def test_user_spellings_are_accepted(db: sqlite_utils.Database, seeded: History) -> None:
    request = SearchRequest("", cwes=["cwe-798"], severities=["CRITICAL"], statuses=["Open"])
    assert [h.title for h in search_history(db, request)] == ["Hard-coded secret"]
    fp = SearchRequest("", statuses=["false-positive"])
    assert search_history(db, fp) == []


# --- The recent-history list -------------------------------------------------------------------


def test_recent_history_lists_sessions_and_reviews_newest_first(
    db: sqlite_utils.Database, seeded: History
) -> None:
    rows = recent_history(db)
    assert [(r.kind, r.id) for r in rows] == [
        ("review", seeded.path_review),
        ("review", seeded.blog_review),
        ("review", seeded.shop_review),
        ("session", seeded.session),
    ]
    assert [r.findings for r in rows] == [1, 2, 2, None]
    assert [r.project for r in rows] == ["", "blog", "shop", "shop"]


def test_recent_history_by_project_and_limit(db: sqlite_utils.Database, seeded: History) -> None:
    shop = recent_history(db, project="shop")
    assert {(r.kind, r.id) for r in shop} == {
        ("review", seeded.shop_review),
        ("session", seeded.session),
    }
    assert len(recent_history(db, limit=1)) == 1


def test_a_session_is_listed_above_its_review_of_the_same_second(
    db: sqlite_utils.Database, seeded: History
) -> None:
    with transaction(db):
        db.execute("UPDATE reviews SET started_at = '2026-03-10T08:59:00+00:00' WHERE id = ?",
                   [seeded.shop_review])  # fmt: skip
    kinds = [(r.kind, r.id) for r in recent_history(db)][-2:]
    assert kinds == [("session", seeded.session), ("review", seeded.shop_review)]


def test_without_words_long_text_is_clipped_like_a_snippet(
    db: sqlite_utils.Database, seeded: History
) -> None:
    long = replace(SECRET, message="word " * 100, fingerprint="long")
    with transaction(db):
        insert_review(db, record("long", "2026-09-01T00:00:00+00:00"), [long])
    snippet = search(db, "", SearchFilters(cwes=(798,)))[0].snippet
    assert len(snippet) == search_module.PLAIN_CHARS
    assert snippet.endswith("…")
