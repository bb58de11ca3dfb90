"""`airlock history list` and `airlock history search` through click, on a real SQLite file."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner, Result

from app.cli import main
from app.store.db import open_database
from tests.store.test_search import History, seed_history


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def seeded() -> History:
    db = open_database()  # the test's AIRLOCK_HOME, as the commands use it
    try:
        return seed_history(db)
    finally:
        db.close()


def test_list_on_an_empty_history_says_how_to_start() -> None:
    result = run("history", "list")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no sessions or reviews yet" in result.stderr


def test_list_shows_sessions_and_reviews_newest_first(seeded: History) -> None:
    result = run("history", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        f"review {seeded.path_review}",
        f"review {seeded.blog_review}",
        f"review {seeded.shop_review}",
        f"session {seeded.session}",
    ]
    assert lines[1].split("\t")[1:4] == ["2026-05-20 09:00", "blog", "complete, 2 findings"]
    assert "profile picture uploads" in lines[3]


def test_list_by_project_as_json(seeded: History) -> None:
    result = run("history", "list", "--project", "shop", "--json")
    rows = json.loads(result.stdout)
    assert {(row["kind"], row["id"]) for row in rows} == {
        ("review", seeded.shop_review),
        ("session", seeded.session),
    }


def test_search_prints_ranked_hits_with_marked_snippets(seeded: History) -> None:
    result = run("history", "search", "bound", "parameter")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t") == [
        "finding 1", "2026-03-10 09:00", "shop", "high open CWE-89",
        f"open: review {seeded.shop_review}",
    ]  # fmt: skip
    assert lines[1].strip() == (
        "SQL injection: pass name as a **bound** **parameter**  (shop/orders.py:12)"
    )
    assert len(lines) == 4  # the same finding in the blog review


def test_search_filters_combine_and_accept_lists(seeded: History) -> None:
    result = run("history", "search", "--severity", "high,critical", "--cwe", "CWE-798", "--json")
    hits = json.loads(result.stdout)
    assert [(h["kind"], h["title"], h["opens"]) for h in hits] == [
        ("finding", "Hard-coded secret", {"kind": "review", "id": seeded.blog_review})
    ]
    assert "\x02" not in hits[0]["snippet"]  # JSON carries plain text, no match markers


def test_search_phrases_prefixes_and_kinds(seeded: History) -> None:
    phrase = run("history", "search", '"profile picture"', "--kind", "session")
    assert phrase.stdout.splitlines()[0].startswith(f"session {seeded.session}\t")
    prefix = run("history", "search", "legac*", "--since", "2026-06-01", "--until", "2026-07-01")
    assert prefix.stdout.splitlines()[0].startswith(f"review {seeded.path_review}\t")


def test_a_search_without_matches_says_so(seeded: History) -> None:
    result = run("history", "search", "kubernetes")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no matches" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x", "--severity", "urgent"), "unknown severity 'urgent' (choose from critical,"),
        (("x", "--since", "yesterday"), "since 'yesterday' is not a date (expected YYYY-MM-DD)"),
        (("x", "--project", "nope"), "no project named 'nope'"),
        (("--", "-- ()"), "nothing to search for"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(
    seeded: History, args: tuple[str, ...], message: str
) -> None:
    result = run("history", "search", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("airlock: error: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_user_text_is_never_an_fts_syntax_error(seeded: History) -> None:
    for text in ('"unclosed', "NEAR(", "a OR", "title:x", "*", "'; DROP TABLE findings; --"):
        result = run("history", "search", text)
        assert result.exit_code in (0, 2), result.output
        assert "syntax" not in result.output
    assert "**SQL** injection  (shop/orders.py:12)" in run("history", "search", "sql").stdout
