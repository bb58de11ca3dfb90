"""Per-finding comparison of two reviews, and unified diffs of file sets."""

from __future__ import annotations

from app.core.compare import compare_findings, unified_diff
from app.core.findings import Confidence, Finding, Severity
from app.store.reviews import StoredFinding


def _stored(
    fid: int, rule: str, snippet: str, *, file: str = "app.py", cwe: int = 22
) -> StoredFinding:
    finding = Finding(
        rule_id=rule, title=rule, cwe=(cwe,), severity=Severity.HIGH, confidence=Confidence.HIGH,
        sources=("t",), file=file, start_line=fid, snippet=snippet,
    ).with_fingerprint()  # fmt: skip
    return StoredFinding(fid, 1, finding, "open")


def test_a_finding_that_moved_lines_is_still_present_by_fingerprint() -> None:
    before = [_stored(1, "r.path", "open(name)")]
    after = [_stored(40, "r.path", "open(name)")]
    (change,) = compare_findings(before, after).changes
    assert (change.status, change.matched_by, change.counterpart) == (
        "still present", "fingerprint", after[0],
    )  # fmt: skip


def test_an_edited_line_with_the_same_rule_and_file_is_still_present() -> None:
    before = [_stored(1, "r.path", "open(name)")]
    after = [_stored(2, "r.path", "open(os.path.join(base, name))")]
    (change,) = compare_findings(before, after).changes
    assert (change.status, change.matched_by) == ("still present", "rule and file")


def test_the_same_rule_in_another_file_does_not_match() -> None:
    before = [_stored(1, "r.path", "open(name)")]
    after = [_stored(2, "r.path", "open(x)", file="other.py")]
    assert [c.status for c in compare_findings(before, after).changes] == ["fixed", "new"]


def test_each_later_finding_matches_at_most_one_earlier_finding() -> None:
    before = [_stored(1, "r.path", "open(a)"), _stored(2, "r.path", "open(b)")]
    after = [_stored(3, "r.path", "open(c)")]
    statuses = [c.status for c in compare_findings(before, after).changes]
    assert statuses == ["still present", "fixed"]


def test_fingerprint_matches_are_made_before_fallback_matches() -> None:
    before = [_stored(1, "r.path", "open(a)"), _stored(2, "r.path", "open(b)")]
    after = [_stored(3, "r.path", "open(b)")]
    changes = compare_findings(before, after).changes
    assert [(c.finding.id, c.status) for c in changes] == [(1, "fixed"), (2, "still present")]


def test_nothing_before_and_nothing_after_compares_empty() -> None:
    comparison = compare_findings([], [])
    assert comparison.changes == [] and comparison.summary() == "0 fixed, 0 still present, 0 new"


def test_a_diff_covers_changed_added_and_removed_files() -> None:
    diff = unified_diff(
        {"a.py": "x = 1\n", "gone.py": "y\n"},
        {"a.py": "x = 2\n", "new.py": "z"},
        old_label="v1",
        new_label="v2",
    )
    assert "--- v1/a.py\n+++ v2/a.py\n" in diff and "-x = 1\n+x = 2\n" in diff
    assert "--- v1/gone.py\n+++ /dev/null\n" in diff
    assert "--- /dev/null\n+++ v2/new.py\n" in diff
    assert "+z\n\\ No newline at end of file\n" in diff
