"""Analyse the rest of a Python file when some of it does not parse.

Generated code is often cut off at the model's token limit in the middle of its last function,
and a file brought for review may use one construct this interpreter cannot parse (Python
3.12 f-strings on 3.11). Refusing the whole file would hide every weakness in the lines that
are fine, so the top-level statements the parser rejects are blanked out (line numbers stay as
they were) and the rest is analysed, with a warning that names the lines that were not.

A whole top-level statement goes, never a part of one: checks that look for something missing
from a function (no size check in an upload handler) must not judge half a function.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field

from app.core.findings import PARTLY_PARSED, ReviewWarning

# Each round parses the whole file again; a file with more broken statements than this is
# reported as unparseable rather than analysed at growing cost.
MAX_ROUNDS = 8
# Lines at column 0 that continue the statement above rather than start a new one.
_CONTINUATIONS = ("else", "elif", "except", "finally", "case")
_CLOSERS = (")", "]", "}")


@dataclass(frozen=True)
class Recovered:
    """`text` with the unparseable statements blanked; `skipped` are 1-based line ranges."""

    text: str
    skipped: tuple[tuple[int, int], ...]
    error: str
    tree: ast.Module = field(compare=False, repr=False)

    def describe(self) -> str:
        spans = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in self.skipped)
        return f"lines {spans} not analysed ({self.error})"


def partial_parse_warning(recovered: Recovered, path: str, stage: str) -> ReviewWarning:
    """One per stage; the review folds a file's into one warning (app/core/review.py)."""
    return ReviewWarning(PARTLY_PARSED, recovered.describe(), file=path, stage=stage)


def syntax_error_text(exc: SyntaxError) -> str:
    where = f"line {exc.lineno}: " if exc.lineno else ""
    return f"{where}{exc.msg}"


def parse_quietly(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarning for "\d" and the like: not ours to show
        return ast.parse(text)


def parse_leniently(text: str) -> tuple[ast.Module, Recovered | None]:
    """The tree of `text`, with what was left out when some of it does not parse.

    Raises the file's first SyntaxError when nothing can be recovered (and ValueError,
    RecursionError or MemoryError as `ast.parse` does).
    """
    try:
        return parse_quietly(text), None
    except SyntaxError as exc:
        recovered = recover(text, exc)
        if recovered is None:
            raise
        return recovered.tree, recovered


def parse_or_none(text: str) -> tuple[ast.Module, Recovered | None] | None:
    """`parse_leniently`, or None when nothing of `text` parses."""
    try:
        return parse_leniently(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def recover(text: str, error: SyntaxError) -> Recovered | None:
    """The parseable rest of `text` that failed with `error`, or None when nothing is left
    or the file keeps failing after MAX_ROUNDS statements were blanked."""
    lines = text.splitlines(keepends=True)
    skipped: list[tuple[int, int]] = []
    current: SyntaxError = error
    for _ in range(MAX_ROUNDS):
        span = _broken_statement(lines, current.lineno)
        if span is None:
            return None
        _blank(lines, span)
        skipped.append(span)
        candidate = "".join(lines)
        if not candidate.strip():
            return None
        try:
            tree = parse_quietly(candidate)
        except SyntaxError as again:
            current = again
            continue
        except (ValueError, RecursionError, MemoryError):
            return None
        return Recovered(candidate, tuple(_merged(skipped)), syntax_error_text(error), tree)
    return None


def _broken_statement(lines: list[str], lineno: int | None) -> tuple[int, int] | None:
    """The 1-based line range of the top-level statement holding `lineno`."""
    if not lineno or not lines:
        return None
    error_index = min(lineno, len(lines)) - 1
    start = error_index
    while start > 0 and not _starts_statement(lines[start]):
        start -= 1
    while start > 0 and lines[start - 1].startswith("@"):
        start -= 1  # the decorators belong to the statement they decorate
    end = error_index + 1
    while end < len(lines) and not _starts_statement(lines[end]):
        end += 1
    return start + 1, end


def _starts_statement(line: str) -> bool:
    if not line or line[0] in " \t\r\n#" or line.startswith(_CLOSERS):
        return False
    word = line.split(None, 1)[0].rstrip(":")
    return word not in _CONTINUATIONS


def _blank(lines: list[str], span: tuple[int, int]) -> None:
    for index in range(span[0] - 1, span[1]):
        line = lines[index]
        ending = line[len(line.rstrip("\r\n")) :]
        lines[index] = ending or ""


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
