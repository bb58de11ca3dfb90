"""Parse and analyse a Python file once, shared by the taint stage and the policy checks.

Results are memoised by the file's text (and the sensitive words asked for), so a review of a
few files (generated code) parses each once for both stages. The memo is kept small on
purpose: trees and analyses are millions of objects, and holding hundreds of them made the
garbage collector's full passes cost more than the analysis (measured: 2.5x slower). A file
that does not parse raises `ParseFailure` with a message a user can act on.
"""

from __future__ import annotations

import ast
import warnings
from functools import lru_cache

from app.core.sources import SourceFile
from app.scan.python_flow.interpreter import FileAnalysis, analyse_tree
from app.scan.python_flow.relevance import relevant_to_callers, worth_recording

_CACHE_SIZE = 16


class ParseFailure(Exception):
    """The file is not Python this interpreter (3.11) can parse."""


@lru_cache(maxsize=_CACHE_SIZE)
def _parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and the like: not ours to show
        return ast.parse(text)


def parse_source(file: SourceFile) -> ast.Module:
    try:
        return _parse(file.text)
    except SyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        hint = " (Python 3.12+ syntax such as nested f-string quotes needs a newer parser)"
        newer = "f-string" in (exc.msg or "")
        raise ParseFailure(f"{where}{exc.msg}{hint if newer else ''}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise ParseFailure(f"cannot be parsed: {type(exc).__name__}: {exc}") from None


@lru_cache(maxsize=_CACHE_SIZE)
def _analyse(text: str, words: tuple[str, ...]) -> FileAnalysis:
    tree = _parse(text)
    return analyse_tree(tree, words=words, relevant=relevant_to_callers, record=worth_recording)


def analyse_source(file: SourceFile, *, words: tuple[str, ...] = ()) -> FileAnalysis:
    """The analysis of `file`; raises ParseFailure when it does not parse."""
    parse_source(file)
    return _analyse(file.text, tuple(sorted({w.lower() for w in words})))
