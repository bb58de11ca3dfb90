"""Baselines: findings keep their identity across a code change, and decisions carry over."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from app.core.baseline import compare_with_baseline
from app.core.errors import UserInputError
from app.core.projects import create_project
from app.core.review_service import resolve_threat_model
from app.core.triage import show_finding, triage
from app.store.db import transaction
from app.store.reviews import (
    ReviewRecord,
    StoredFinding,
    get_review,
    insert_review,
    review_findings,
)
from tests.triage.conftest import VULNERABLE, events_of, make_finding, review_folder, store_review

UNTIL = (date.today() + timedelta(days=90)).isoformat()

# The same code with five lines added on top (every finding moves down), the eval removed
# and a pickle call added.
CHANGED = (
    '"""Runs commands for the ops team."""\n\n# Helpers live below.\n\n\n'
    + VULNERABLE.replace('    return eval(request.args["expr"])\n', '    return "ok"\n')
    + "\n\nimport pickle\n\n\ndef load(blob):\n    return pickle.loads(blob)\n"
)


def by_title(findings: list[StoredFinding], words: str) -> StoredFinding:
    (match,) = [f for f in findings if words in f.finding.title.lower()]
    return match


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    (folder / "app.py").write_text(VULNERABLE, encoding="utf-8")
    return folder


def test_a_code_change_that_moves_lines_keeps_identity_and_carries_triage_over(
    db: sqlite_utils.Database, src: Path
) -> None:
    first = review_folder(db, src)
    assert first.review_id is not None
    before = review_findings(db, first.review_id)
    assert {f.baseline_state for f in before} == {"new"}
    debug = by_title(before, "debug")
    imported = by_title(before, "import subprocess")
    command = by_title(before, "shell command")
    triage(db, debug.id, "accepted", "dev entry point only", UNTIL, actor="alice")
    triage(db, imported.id, "false_positive", "an import alone is harmless", actor="bob")
    triage(db, command.id, "fixed", "quoted now", actor="carol")

    (src / "app.py").write_text(CHANGED, encoding="utf-8")
    second = review_folder(db, src)
    assert second.review_id is not None
    assert get_review(db, second.review_id).baseline_review_id == first.review_id
    after = review_findings(db, second.review_id)

    moved = by_title(after, "debug")
    assert moved.finding.start_line == debug.finding.start_line + 5  # the line moved ...
    assert moved.baseline_state == "unchanged"  # ... the finding is the same one
    assert (moved.status, moved.status_reason, moved.status_until) == (
        "accepted",
        "dev entry point only",
        UNTIL,
    )
    assert events_of(db, moved.id) == [
        ("airlock", None, "accepted",
         f"carried over from finding {debug.id} of review {first.review_id}", UNTIL),
    ]  # fmt: skip
    kept = by_title(after, "import subprocess")
    assert (kept.status, kept.baseline_state) == ("false_positive", "unchanged")
    assert events_of(db, kept.id)[0][3] == (
        f"carried over from finding {imported.id} of review {first.review_id}"
    )

    # Marked fixed, but still there: open again, and the history says why.
    back = by_title(after, "shell command")
    assert (back.status, back.baseline_state) == ("open", "unchanged")
    assert events_of(db, back.id) == [
        ("airlock", "fixed", "open",
         f"marked fixed in finding {command.id} of review {first.review_id}, "
         "but this review finds it again", None),
    ]  # fmt: skip

    new = [f for f in after if f.baseline_state == "new"]
    assert [f.finding.rule_id for f in new] == ["test.pickle"]
    assert all(f.status == "open" for f in new)

    # The eval is gone: recorded under the new review, left out of its findings by default.
    everything = review_findings(db, second.review_id, include_gone=True)
    gone = [f for f in everything if f.baseline_state == "gone"]
    assert {f.finding.rule_id for f in gone} == {
        f.finding.rule_id for f in before if f.finding.start_line == 11
    }
    assert all(f.status == "open" for f in gone)  # gone is not "fixed": nobody confirmed it
    assert not [f for f in after if f.baseline_state == "gone"]
    assert second.baseline is not None
    assert second.baseline.counts() == {"new": len(new), "unchanged": 3, "gone": len(gone)}


def test_a_decision_carried_over_twice_still_shows_who_made_it(
    db: sqlite_utils.Database, src: Path
) -> None:
    first = review_folder(db, src)
    assert first.review_id is not None
    debug = by_title(review_findings(db, first.review_id), "debug")
    triage(db, debug.id, "accepted", "dev only", UNTIL, actor="alice")
    review_folder(db, src)
    third = review_folder(db, src)
    assert third.review_id is not None
    latest = by_title(review_findings(db, third.review_id), "debug")
    detail = show_finding(db, latest.id)
    assert detail.stored.status == "accepted"
    origin = detail.inherited[0]
    assert (origin.finding_id, origin.actor, origin.new_status) == (debug.id, "alice", "accepted")
    assert len(detail.inherited) == 2  # alice's decision, then the first carry-over


def test_the_baseline_is_the_latest_review_of_the_same_files_in_the_same_project(
    db: sqlite_utils.Database, src: Path, tmp_path: Path
) -> None:
    create_project(db, "shop", template="web-api")
    shop = resolve_threat_model(db, project="shop", threat_model_file=None)
    other = tmp_path / "other"
    other.mkdir()
    (other / "tool.py").write_text("import pickle\n", encoding="utf-8")

    in_shop = review_folder(db, src, project=shop)
    review_folder(db, other, project=shop)  # newer, but read other files
    review_folder(db, src)  # newer, same files, but no project
    again = review_folder(db, src, project=shop)
    assert again.baseline is not None
    assert again.baseline.baseline_review_id == in_shop.review_id


def test_a_first_review_has_no_baseline_and_everything_is_new(
    db: sqlite_utils.Database, src: Path
) -> None:
    first = review_folder(db, src)
    assert first.baseline is not None and first.review_id is not None
    assert first.baseline.baseline_review_id is None
    assert "every finding is new" in first.baseline.summary()
    assert get_review(db, first.review_id).settings["files"] == ["app.py"]


def test_an_explicit_baseline_is_used_and_a_wrong_one_is_refused(
    db: sqlite_utils.Database, src: Path
) -> None:
    first = review_folder(db, src)
    review_folder(db, src)
    third = review_folder(db, src, baseline=first.review_id)
    assert third.baseline is not None
    assert third.baseline.baseline_review_id == first.review_id
    with pytest.raises(UserInputError, match="no review with id 404"):
        review_folder(db, src, baseline=404)
    record = ReviewRecord(target="x", app_version="0", started_at="t", status="failed")
    with transaction(db):
        failed = insert_review(db, record, [])
    with pytest.raises(UserInputError, match="failed, not complete"):
        review_folder(db, src, baseline=failed)


def test_a_review_that_is_not_saved_is_compared_but_writes_nothing(
    db: sqlite_utils.Database, src: Path
) -> None:
    review_folder(db, src)
    counts = [
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("findings", "reviews")
    ]
    (src / "app.py").write_text(CHANGED, encoding="utf-8")
    unsaved = review_folder(db, src, save=False)
    assert unsaved.review_id is None and unsaved.baseline is not None
    assert unsaved.baseline.counts()["unchanged"] == 3
    assert [
        db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("findings", "reviews")
    ] == counts


def test_findings_with_the_same_fingerprint_pair_up_in_line_order(
    db: sqlite_utils.Database,
) -> None:
    review_id = store_review(db, [make_finding(line=3), make_finding(line=8)])
    baseline = review_findings(db, review_id)
    moved = make_finding(line=13)
    comparison = compare_with_baseline(
        [moved], baseline, baseline_review_id=review_id, files={"app.py"}, same_target=False
    )
    assert comparison.states == ("unchanged",)
    assert comparison.matches[0] == baseline[0]
    assert comparison.gone == (baseline[1],)


def test_only_findings_of_files_reviewed_again_can_be_gone(db: sqlite_utils.Database) -> None:
    review_id = store_review(
        db, [make_finding(file="a.py"), make_finding(file="b.py")], target="src"
    )
    baseline = review_findings(db, review_id)
    partial = compare_with_baseline(
        [], baseline, baseline_review_id=review_id, files={"a.py"}, same_target=False
    )
    assert [g.finding.file for g in partial.gone] == ["a.py"]
    # The whole target again: b.py was deleted, so its finding is gone too.
    whole = compare_with_baseline(
        [], baseline, baseline_review_id=review_id, files={"a.py"}, same_target=True
    )
    assert [g.finding.file for g in whole.gone] == ["a.py", "b.py"]


def test_an_older_review_without_a_file_list_is_found_by_its_findings_files(
    db: sqlite_utils.Database, src: Path
) -> None:
    finding = make_finding(file="app.py", snippet="app.run(debug=True)", cwe=94)
    old = store_review(db, [finding], target=str(src), settings={})
    again = review_folder(db, src)
    assert again.baseline is not None
    assert again.baseline.baseline_review_id == old
