"""Finding the line a model meant from the code it copied.

The review shows the model unnumbered code and asks it to copy the line it means. Small models
copy loosely: spacing changes, a statement's first line only, two lines run together, a
trailing comment dropped, a typo. The search below goes from strict to loose and stays inside
the lines the model was shown; among equally good lines it prefers one holding the construct
of the weakness asked about. A copy that matches nothing gives no line (the claim is then kept
unverified), never a guess.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from app.core.sources import SourceFile

# Shorter copies (`x`, `)`, `return`) match too many lines to mean one of them.
MIN_QUOTE_CHARS = 6
# difflib's ratio (0..1) at or above which a loose copy still names that line: a typo or a
# changed quote mark in a 30-character line keeps it above 0.9, while two different lines of
# one file that share a call (`cur.execute(a)` / `cur.execute(b, (x,))`) fall below it.
MIN_SIMILARITY = 0.75

_SPACE = re.compile(r"\s+")
_QUOTES = "\"'`"


def locate_quote(
    file: SourceFile,
    quote: str,
    first: int,
    last: int,
    *,
    prefer: Callable[[int], bool] = lambda _line: False,
) -> int | None:
    """The 1-based line in first..last that `quote` copies, or None when none does."""
    wanted = _squash(quote)
    if len(wanted) < MIN_QUOTE_CHARS:
        return None
    lines = [
        (n, _squash(file.line(n))) for n in range(max(first, 1), min(last, len(file.lines)) + 1)
    ]
    lines = [(n, text) for n, text in lines if text]
    for matches in (_exact, _contained, _similar):
        found = matches(wanted, lines)
        if found:
            return next((n for n in found if prefer(n)), found[0])
    return None


def _squash(text: str) -> str:
    """Code compared without its spacing and without quote marks wrapped around it."""
    squashed = _SPACE.sub("", text)
    while len(squashed) > 1 and squashed[0] == squashed[-1] and squashed[0] in _QUOTES:
        squashed = squashed[1:-1]
    return squashed


def _exact(wanted: str, lines: list[tuple[int, str]]) -> list[int]:
    return [n for n, text in lines if text == wanted]


def _contained(wanted: str, lines: list[tuple[int, str]]) -> list[int]:
    """A part of a line, or a copy that runs a line on with the next (a line counts when it is
    most of the copy, so `)` or `else:` inside a long copy does not)."""
    return [
        n
        for n, text in lines
        if wanted in text or (len(text) * 2 >= len(wanted) and text in wanted)
    ]


def _similar(wanted: str, lines: list[tuple[int, str]]) -> list[int]:
    scored = []
    for n, text in lines:
        matcher = difflib.SequenceMatcher(None, wanted, text, autojunk=False)
        if matcher.real_quick_ratio() >= MIN_SIMILARITY and matcher.quick_ratio() >= MIN_SIMILARITY:
            ratio = matcher.ratio()
            if ratio >= MIN_SIMILARITY:
                scored.append((ratio, n))
    best = max((ratio for ratio, _n in scored), default=0.0)
    return [n for ratio, n in scored if ratio == best]
