"""Coverage: which analysers understood each file, and what no rule checked."""

from __future__ import annotations

from app.core.coverage import (
    NOT_COVERED,
    Analyser,
    counted_files,
    coverage_warnings,
    file_coverage,
    not_covered,
    uncovered_files,
)
from app.core.findings import ReviewWarning
from app.core.sources import source_from_text

ANALYSERS = [
    Analyser("hostile-input", None, by_rules=False),
    Analyser("bandit", frozenset({"python"}), by_rules=True),
    Analyser("detect-secrets", None, by_rules=False),
    Analyser("semgrep", frozenset({"javascript", "go"}), by_rules=True),
    Analyser("taint+policy", frozenset({"python"}), by_rules=True),
]
FILES = [
    source_from_text("app.py", "x = 1\n"),
    source_from_text("web/server.js", "let x = 1;\n"),
    source_from_text("Main.kt", "fun main() {}\n"),
    source_from_text("README.md", "# hi\n"),
]


def test_each_file_lists_the_analysers_that_read_its_language() -> None:
    coverage = {entry.path: entry for entry in file_coverage(FILES, ANALYSERS, [])}
    assert coverage["app.py"].analysers == (
        "hostile-input", "bandit", "detect-secrets", "taint+policy",
    )  # fmt: skip
    assert coverage["web/server.js"].by_rules
    assert coverage["Main.kt"].analysers == ("hostile-input", "detect-secrets")
    assert not coverage["Main.kt"].by_rules


def test_plain_text_is_not_listed_as_uncovered_code() -> None:
    missing = not_covered(file_coverage(FILES, ANALYSERS, []))
    assert [entry.path for entry in missing] == ["Main.kt"]


def test_a_stage_that_could_not_parse_a_file_did_not_cover_it() -> None:
    warnings = [ReviewWarning("parse_error", "bad", file="web/server.js", stage="semgrep")]
    coverage = {e.path: e for e in file_coverage(FILES, ANALYSERS, warnings)}
    assert "semgrep" not in coverage["web/server.js"].analysers
    assert not coverage["web/server.js"].by_rules


def test_a_combined_stage_loses_a_file_its_part_could_not_read() -> None:
    warnings = [ReviewWarning("parse_error", "bad", file="app.py", stage="taint")]
    warnings.append(ReviewWarning("parse_error", "bad", file="app.py", stage="bandit"))
    [python] = [e for e in file_coverage(FILES, ANALYSERS, warnings) if e.path == "app.py"]
    assert python.analysers == ("hostile-input", "detect-secrets")
    assert not python.by_rules


def test_a_failed_stage_covers_nothing() -> None:
    warnings = [ReviewWarning("stage_failed", "semgrep is not installed", stage="semgrep")]
    missing = not_covered(file_coverage(FILES, ANALYSERS, warnings))
    assert [entry.path for entry in missing] == ["web/server.js", "Main.kt"]


def test_a_partly_parsed_file_is_still_covered() -> None:
    warnings = [ReviewWarning("partly_parsed", "line 3", file="web/server.js", stage="semgrep")]
    assert [e.path for e in not_covered(file_coverage(FILES, ANALYSERS, warnings))] == ["Main.kt"]


def test_warnings_name_the_language_and_the_readers() -> None:
    coverage = file_coverage(FILES, ANALYSERS, [])
    [warning] = coverage_warnings(coverage)
    assert warning.kind == NOT_COVERED
    assert warning.file == "Main.kt"
    assert "Kotlin" in warning.message and "detect-secrets" in warning.message
    assert uncovered_files([warning]) == ["Main.kt"]
    assert coverage_warnings([e for e in coverage if e.path != "Main.kt"]) == []


def test_uncovered_files_are_counted_and_cut_after_the_limit() -> None:
    assert counted_files(["Main.kt"], limit=4) == ("1 file", "Main.kt")
    paths = [f"f{n}.kt" for n in range(6)]
    assert counted_files(paths, limit=4) == ("6 files", "f0.kt, f1.kt, f2.kt, f3.kt and 2 more")


def test_coverage_is_stored_as_plain_data() -> None:
    entry = file_coverage(FILES[2:3], ANALYSERS, [])[0]
    assert entry.to_dict() == {
        "path": "Main.kt",
        "language": "kotlin",
        "analysers": ["hostile-input", "detect-secrets"],
        "by_rules": False,
    }
