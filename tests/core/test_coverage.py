"""Coverage: which analysers understood each file, and what no rule checked."""

from __future__ import annotations

from app.core.coverage import (
    NOT_COVERED,
    Analyser,
    coverage_from_dicts,
    coverage_line,
    coverage_warnings,
    file_coverage,
    not_covered,
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


def test_warnings_and_the_summary_line_name_the_language_and_the_readers() -> None:
    coverage = file_coverage(FILES, ANALYSERS, [])
    [warning] = coverage_warnings(coverage)
    assert warning.kind == NOT_COVERED
    assert warning.file == "Main.kt"
    assert "Kotlin" in warning.message and "detect-secrets" in warning.message
    line = coverage_line(coverage)
    assert line is not None and line.startswith("1 file not covered by rules: Main.kt (Kotlin)")
    assert coverage_line([e for e in coverage if e.path != "Main.kt"]) is None


def test_coverage_round_trips_through_its_stored_form() -> None:
    coverage = file_coverage(FILES, ANALYSERS, [])
    assert coverage_from_dicts([entry.to_dict() for entry in coverage]) == coverage
    assert coverage_from_dicts(None) == []
