"""Coverage: for each reviewed file, which analysers understood it.

A review that says "no findings" about a Kotlin file that only the secrets scan and the model
could read would be claiming something nobody checked. Each stage says which languages it
reads (`languages`, None for every file) and whether it checks weaknesses by rules
(`by_rules`); a warning that a stage could not parse or skipped a file takes that stage off the
file. A file no rule-based analyser understood is "not covered by rules", and every output
says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.core.findings import ReviewWarning
from app.core.sources import SourceFile

MODEL = "model"
# Warnings that mean a stage did not read (all of) a file; partly_parsed still reads the rest.
_NOT_READ = frozenset({"parse_error", "stage_failed", "skipped", "cancelled"})
LANGUAGE_NAMES = {
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "csharp": "C#",
    "cpp": "C++",
    "github_actions": "GitHub Actions",
    "php": "PHP",
    "sql": "SQL",
    "yaml": "YAML",
    "template": "HTML template",
}


@dataclass(frozen=True)
class Analyser:
    """What coverage needs to know about one stage."""

    name: str
    languages: frozenset[str] | None  # None: every file
    by_rules: bool


@dataclass(frozen=True)
class FileCoverage:
    path: str
    language: str
    analysers: tuple[str, ...]
    by_rules: bool

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "language": self.language,
            "analysers": list(self.analysers),
            "by_rules": self.by_rules,
        }


def language_name(language: str) -> str:
    return LANGUAGE_NAMES.get(language, language.replace("_", " ").title())


def analyser_of(stage: object) -> Analyser:
    """A stage's reading, from its `languages` and `by_rules` attributes."""
    languages = getattr(stage, "languages", None)
    return Analyser(
        name=str(getattr(stage, "name", type(stage).__name__)),
        languages=frozenset(languages) if languages is not None else None,
        by_rules=bool(getattr(stage, "by_rules", False)),
    )


def file_coverage(
    files: Sequence[SourceFile],
    analysers: Sequence[Analyser],
    warnings: Iterable[ReviewWarning],
) -> list[FileCoverage]:
    """Each file with the analysers that understood it, in the files' order."""
    failed_files: set[tuple[str, str]] = set()
    failed_stages: set[str] = set()
    for warning in warnings:
        if warning.kind not in _NOT_READ or not warning.stage:
            continue
        if warning.file is None:
            failed_stages.add(warning.stage)
        else:
            failed_files.add((warning.stage, warning.file))
    coverage = []
    for file in files:
        read = [
            analyser
            for analyser in analysers
            if (analyser.languages is None or file.language in analyser.languages)
            and not _failed(analyser.name, file.path, failed_files, failed_stages)
        ]
        coverage.append(
            FileCoverage(
                path=file.path,
                language=file.language,
                analysers=tuple(analyser.name for analyser in read),
                by_rules=any(analyser.by_rules for analyser in read),
            )
        )
    return coverage


def _failed(name: str, path: str, files: set[tuple[str, str]], stages: set[str]) -> bool:
    # A combined stage ("taint+policy") reports warnings under its parts' names.
    parts = {name, *name.split("+")}
    return any(part in stages or (part, path) in files for part in parts)


# Plain text, JSON, Markdown and unknown files: there is nothing for a rule to check.
NOT_CODE = frozenset({"text"})


def not_covered(coverage: Iterable[FileCoverage]) -> list[FileCoverage]:
    """The code files no rule-based analyser understood."""
    return [entry for entry in coverage if not entry.by_rules and entry.language not in NOT_CODE]


NOT_COVERED = "not_covered"


def coverage_warnings(coverage: Sequence[FileCoverage]) -> list[ReviewWarning]:
    """One warning per code file no rule checked: every output (text, JSON, SARIF
    notifications, reports, the app) shows warnings, and the review's history keeps them."""
    warnings = []
    for entry in not_covered(coverage):
        readers = ", ".join(entry.analysers) or "no analyser"
        message = (
            f"not covered by rules: no rule-based analyser reads {language_name(entry.language)}; "
            f"read only by {readers}"
        )
        warnings.append(ReviewWarning(NOT_COVERED, message, file=entry.path))
    return warnings


def uncovered_files(warnings: Iterable[ReviewWarning]) -> list[str]:
    """The files a review's `not_covered` warnings name, in order."""
    return [w.file for w in warnings if w.kind == NOT_COVERED and w.file]


def counted_files(paths: Sequence[str], *, limit: int) -> tuple[str, str]:
    """("1 file" or "N files", the first `limit` paths joined, "and N more" after them): how
    the CLI's summary line and the app's summary name files no rule read."""
    count = "1 file" if len(paths) == 1 else f"{len(paths)} files"
    more = f" and {len(paths) - limit} more" if len(paths) > limit else ""
    return count, ", ".join(paths[:limit]) + more
