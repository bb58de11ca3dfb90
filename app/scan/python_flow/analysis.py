"""Parse and analyse a Python file once, shared by the taint stage and the policy checks.

Results are memoised by the file's text (and the sensitive words asked for), so a review of a
few files (generated code) parses each once for both stages. The memo is kept small on
purpose: trees and analyses are millions of objects, and holding hundreds of them made the
garbage collector's full passes cost more than the analysis (measured: 2.5x slower). A file
whose statements partly do not parse is analysed without them (app/scan/python_recovery.py);
one that does not parse at all raises `ParseFailure` with a message a user can act on.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from app.core.findings import ReviewWarning
from app.core.sources import SourceFile
from app.scan.python_flow.frame import ProjectLinks
from app.scan.python_flow.interpreter import FileAnalysis, analyse_tree
from app.scan.python_flow.project import ProjectIndex
from app.scan.python_flow.relevance import relevant_to_callers, worth_recording
from app.scan.python_recovery import (
    Recovered,
    parse_leniently,
    partial_parse_warning,
    syntax_error_text,
)

_CACHE_SIZE = 16


class ParseFailure(Exception):
    """The file is not Python this interpreter can parse, not even in part."""


@dataclass(frozen=True)
class Parsed:
    """A file's tree; `partial` says which lines were left out because they do not parse."""

    tree: ast.Module
    partial: Recovered | None = None


def _parse(text: str) -> Parsed:
    outcome = _parse_once(text)
    if isinstance(outcome, str):
        raise ParseFailure(outcome)
    return outcome


@lru_cache(maxsize=_CACHE_SIZE)
def _parse_once(text: str) -> Parsed | str:
    """The tree, or why there is none. A failure is remembered too: trying to recover a
    broken file parses it several times, and both stages ask for every file."""
    try:
        return Parsed(*parse_leniently(text))
    except SyntaxError as exc:
        return _explain(exc, text)
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"cannot be parsed: {type(exc).__name__}: {exc}"


# A string prefix this interpreter may not know yet: 3.14's template strings (t"...").
_NEWER_PREFIX = re.compile(r"(?<![\w.])(?:[tT][rR]?|[rR][tT])[\"']")


def _explain(exc: SyntaxError, text: str) -> str:
    """The parser's message, and a hint when the line looks like newer Python syntax."""
    lines = text.splitlines()
    line = lines[exc.lineno - 1] if exc.lineno and 0 < exc.lineno <= len(lines) else ""
    newer = "f-string" in (exc.msg or "") or bool(_NEWER_PREFIX.search(line))
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    hint = (
        f" (syntax newer than Python {version}, such as 3.14 template strings, needs a newer "
        "interpreter)"
    )
    return f"{syntax_error_text(exc)}{hint if newer else ''}"


def parse_source(file: SourceFile) -> Parsed:
    return _parse(file.text)


def partial_parse_warning_for(file: SourceFile, stage: str) -> ReviewWarning | None:
    """The warning naming the lines of `file` left out because they do not parse, if any."""
    partial = parse_source(file).partial
    return partial_parse_warning(partial, file.path, stage) if partial is not None else None


@lru_cache(maxsize=_CACHE_SIZE)
def _analyse(text: str, words: tuple[str, ...]) -> FileAnalysis:
    tree = _parse(text).tree
    return analyse_tree(tree, words=words, relevant=relevant_to_callers, record=worth_recording)


def _normal_words(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({w.lower() for w in words}))


def analyse_source(
    file: SourceFile, *, words: tuple[str, ...] = (), project: ProjectIndex | None = None
) -> FileAnalysis:
    """The analysis of `file`; raises ParseFailure when it does not parse. In a `project`
    (several files reviewed together), calls into its other modules are followed."""
    parse_source(file)
    if project is not None and project.covers(file.path):
        return project.analysis(file.path)
    return _analyse(file.text, _normal_words(words))


def project_of(files: Sequence[SourceFile], *, words: tuple[str, ...] = ()) -> ProjectIndex | None:
    """The reviewed Python files as one project, when there is more than one."""
    python = [f for f in files if f.language == "python"]
    if len(python) < 2:
        return None
    wanted = _normal_words(words)

    def analyse(file: SourceFile, links: ProjectLinks) -> FileAnalysis:
        tree = _parse(file.text).tree
        return analyse_tree(
            tree, words=wanted, relevant=relevant_to_callers, record=worth_recording, links=links
        )

    return ProjectIndex(python, analyse)


def own_events(analysis: FileAnalysis) -> FileAnalysis:
    """The analysis without what other modules' functions did when called from it: the
    policy checks judge each file's own code (an imported helper is checked in its file)."""
    if not any(event.origin for event in analysis.events):
        return analysis
    return replace(analysis, events=tuple(e for e in analysis.events if not e.origin))
