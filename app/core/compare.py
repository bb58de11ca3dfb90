"""Per-finding comparison of two reviews (before and after a fix), and diffs of code versions.

A finding is the same across versions when its fingerprint matches (CWE family, file and
normalised snippet, so it survives line moves); failing that, when its rule and file match,
which catches a finding whose line was edited without removing the weakness. Each finding
of the later review matches at most one of the earlier one.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.store.reviews import StoredFinding

Status = Literal["fixed", "still present", "new"]
MatchedBy = Literal["fingerprint", "rule and file"]
_Key = Callable[[StoredFinding], tuple[str, ...]]


@dataclass(frozen=True)
class FindingChange:
    status: Status
    finding: StoredFinding
    """The finding from the earlier review (fixed, still present) or the later one (new)."""
    counterpart: StoredFinding | None = None
    matched_by: MatchedBy | None = None
    targeted: bool = False


@dataclass(frozen=True)
class Comparison:
    changes: list[FindingChange]

    def count(self, status: Status) -> int:
        return sum(1 for change in self.changes if change.status == status)

    def summary(self) -> str:
        return ", ".join(f"{self.count(s)} {s}" for s in ("fixed", "still present", "new"))


def compare_findings(
    before: Sequence[StoredFinding],
    after: Sequence[StoredFinding],
    *,
    targeted: Collection[int] = (),
) -> Comparison:
    """Each earlier finding as fixed or still present, then each unmatched later one as new."""
    remaining = list(after)
    matches: dict[int, tuple[StoredFinding, MatchedBy]] = {}
    passes: tuple[tuple[MatchedBy, _Key], ...] = (
        ("fingerprint", _fingerprint),
        ("rule and file", _rule_and_file),
    )
    for matched_by, key in passes:
        for finding in before:
            found = None if finding.id in matches else _take(remaining, key(finding), key)
            if found is not None:
                matches[finding.id] = (found, matched_by)
    changes = [_change(f, matches.get(f.id), f.id in targeted) for f in before]
    changes += [FindingChange("new", f) for f in remaining]
    return Comparison(changes)


def _fingerprint(finding: StoredFinding) -> tuple[str, ...]:
    return (finding.finding.fingerprint,)


def _rule_and_file(finding: StoredFinding) -> tuple[str, ...]:
    return (finding.finding.rule_id, finding.finding.file)


def _take(pool: list[StoredFinding], wanted: tuple[str, ...], key: _Key) -> StoredFinding | None:
    for index, candidate in enumerate(pool):
        if key(candidate) == wanted:
            return pool.pop(index)
    return None


def _change(
    finding: StoredFinding, match: tuple[StoredFinding, MatchedBy] | None, targeted: bool
) -> FindingChange:
    if match is None:
        return FindingChange("fixed", finding, targeted=targeted)
    counterpart, matched_by = match
    return FindingChange("still present", finding, counterpart, matched_by, targeted)


def unified_diff(
    before: dict[str, str], after: dict[str, str], *, old_label: str, new_label: str
) -> str:
    """A unified diff of two sets of files (path -> content); files only on one side too."""
    chunks = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        lines = difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            (new or "").splitlines(keepends=True),
            fromfile=f"{old_label}/{path}" if old is not None else "/dev/null",
            tofile=f"{new_label}/{path}" if new is not None else "/dev/null",
        )
        chunks.append("".join(_terminated(lines)))
    return "".join(chunks)


def _terminated(lines: Iterable[str]) -> list[str]:
    """Diff lines, each ending in a newline (a file without a final newline breaks patch)."""
    marker = "\n\\ No newline at end of file\n"
    return [line if line.endswith("\n") else line + marker for line in lines]
