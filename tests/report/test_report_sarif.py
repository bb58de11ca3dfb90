"""A report as SARIF: triage as `suppressions`, baselines as `baselineState`, valid against
the official SARIF 2.1.0 schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.report import project_report, review_report
from app.core.report_sarif import report_to_sarif
from app.core.sarif import FINGERPRINT_KEY
from tests.report.builders import NOW, open_db, sample
from tests.sarif.test_sarif import assert_valid


def _results_by_rule(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    (run,) = doc["runs"]
    return {result["ruleId"]: result for result in run["results"]}


def test_triage_becomes_suppressions_and_baselines_and_validates(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    doc = report_to_sarif(review_report(db, ids["second"], now=NOW))
    assert_valid(doc)
    results = _results_by_rule(doc)
    assert results["airlock.sql-injection"]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Internal admin tool only.",
            "properties": {
                "decision": "accepted",
                "expires": "2026-06-30",
                "decidedBy": "airlock",
                "decidedAt": "2026-02-10T09:00:08+00:00",
            },
        }
    ]
    assert results["B311"]["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "IDs are not secrets.",
            "properties": {
                "decision": "false_positive",
                "decidedBy": "bob",
                "decidedAt": "2026-02-11T10:00:00+00:00",
            },
        }
    ]
    # Open and an expired acceptance: known not to be suppressed.
    for rule in ("airlock.command-injection", "B104"):
        assert results[rule]["suppressions"] == [], rule
    assert results["B104"]["properties"]["triageStatus"] == "open"
    # The info item (B201, debug mode) is a note: not a result, counted in the run instead.
    assert {rule: r["baselineState"] for rule, r in results.items()} == {
        "airlock.sql-injection": "unchanged",
        "airlock.command-injection": "new",
        "B311": "new",
        "B104": "new",
        "B105": "absent",
    }
    assert doc["runs"][0]["properties"] == {"notes": 1, "questionsForReviewer": 0}


def test_without_a_baseline_results_carry_no_baseline_state(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    doc = report_to_sarif(review_report(db, ids["first"], now=NOW))
    assert_valid(doc)
    for result in doc["runs"][0]["results"]:
        assert "baselineState" not in result
        assert "suppressions" in result


def test_review_warnings_and_the_reviews_version_are_exported(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    (run,) = report_to_sarif(review_report(db, ids["second"], now=NOW))["runs"]
    assert run["tool"]["driver"]["semanticVersion"] == "0.1.0"
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["message"]["text"] for n in notes] == ["file over 1 MB: not reviewed"]


def test_a_project_report_exports_one_result_per_distinct_finding(tmp_path: Path) -> None:
    db = open_db(tmp_path)
    ids = sample(db)
    doc = report_to_sarif(project_report(db, "photo-api", now=NOW))
    assert_valid(doc)
    prints = [r["partialFingerprints"][FINGERPRINT_KEY] for r in doc["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) == 5  # the note (B201) is not a result
    # The SQL injection is exported as it stood in the second review: unchanged, accepted.
    sql = _results_by_rule(doc)["airlock.sql-injection"]
    assert sql["baselineState"] == "unchanged"
    assert sql["suppressions"][0]["properties"]["decidedBy"] == "airlock"
    assert ids["second"] in {review.id for review in project_report(db, "photo-api").reviews}
