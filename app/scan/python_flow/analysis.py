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
from dataclasses import dataclass
from functools import lru_cache

from app.core.findings import ReviewWarning
from app.core.sources import SourceFile
from app.scan.python_flow.interpreter import FileAnalysis, analyse_tree
from app.scan.python_flow.relevance import relevant_to_callers, worth_recording
from app.scan.python_recovery import (
    Recovered,
    parse_leniently,
    partial_parse_warning,
    syntax_error_text,
)

_CACHE_SIZE = 16


class ParseFailure(Exception):
    """The file is not Python this interpreter (3.11) can parse, not even in part."""


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
        return _explain(exc)
    except (ValueError, RecursionError, MemoryError) as exc:
        return f"cannot be parsed: {type(exc).__name__}: {exc}"


def _explain(exc: SyntaxError) -> str:
    hint = " (Python 3.12+ syntax such as nested f-string quotes needs a newer parser)"
    newer = "f-string" in (exc.msg or "")
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


def analyse_source(file: SourceFile, *, words: tuple[str, ...] = ()) -> FileAnalysis:
    """The analysis of `file`; raises ParseFailure when it does not parse."""
    parse_source(file)
    return _analyse(file.text, tuple(sorted({w.lower() for w in words})))
