"""Regular expressions that can take exponential (or high polynomial) time: nested quantifiers.

A conservative detector for catastrophic backtracking. It reads the pattern with Python's own
parser (`re._parser`, so the syntax is exactly what `re` accepts) and flags a repetition that
is unbounded (or repeated at least ten times) whose body holds an unbounded repetition X such
that the characters that may come right after X (in the body, or at the start of the body's
next round) overlap the characters X itself starts with: `(a+)+`, `(\\w+\\s?)*$`,
`(.*a){12}`, `(([a-z])+.)+`. Then a string of those characters can be split between the
rounds in exponentially many ways, and a failing match tries them all.

Not flagged (no ambiguity): `(\\d+\\.)+` (each round ends at a dot the digits cannot take),
`(ab+)+` (each round starts with an `a` the `b`s cannot take), bounded repeats such as
`(\\d{1,3}\\.){3}`, possessive repeats and atomic groups. Alternations of overlapping
branches (`(a|aa)+`) are not detected: the detector prefers missing a pattern to flagging a
safe one. Characters are compared on a sample alphabet (ASCII and a few non-ASCII letters,
digits and spaces), which is enough to see whether two classes overlap.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

_ALPHABET = frozenset(
    [chr(code) for code in range(32, 127)]
    + ["\t", "\n", "\r", "\u00e9", "\u03a9", "\u0663", "\u00a0"]
)
_ANY = _ALPHABET - {"\n"}
_NOTHING: frozenset[str] = frozenset()
# Repetitions counted as "many": unbounded, or bounded at this count or more.
_MANY = 10
_MAX_PATTERN = 2_000  # longer patterns are not analysed (parsing hostile input costs time)

try:  # CPython's own regular expression parser (private, present since 3.11)
    _PARSER: Any = importlib.import_module("re._parser")
    _UNBOUNDED: int = int(importlib.import_module("re._constants").MAXREPEAT)
except (ImportError, AttributeError):  # pragma: no cover - another Python implementation
    _PARSER = None
    _UNBOUNDED = 0

_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT"})
_ALL_REPEATS = _REPEATS | {"POSSESSIVE_REPEAT"}
_ZERO_WIDTH = frozenset({"AT", "ASSERT", "ASSERT_NOT"})
_LINE_ENDS = {
    "AT_END": frozenset({"\n"}),
    "AT_END_LINE": frozenset({"\n"}),
    "AT_END_STRING": frozenset(),
}


def _members(pattern: str) -> frozenset[str]:
    return frozenset(ch for ch in _ALPHABET if re.fullmatch(pattern, ch))


_CATEGORIES: dict[str, frozenset[str]] = {
    "CATEGORY_DIGIT": _members(r"\d"),
    "CATEGORY_NOT_DIGIT": _members(r"\D"),
    "CATEGORY_SPACE": _members(r"\s"),
    "CATEGORY_NOT_SPACE": _members(r"\S"),
    "CATEGORY_WORD": _members(r"\w"),
    "CATEGORY_NOT_WORD": _members(r"\W"),
    "CATEGORY_LINEBREAK": frozenset({"\n"}),
    "CATEGORY_NOT_LINEBREAK": _ALPHABET - {"\n"},
}

Node = tuple[Any, Any]


def _name(op: object) -> str:
    return str(getattr(op, "name", op))


def _char(code: object) -> frozenset[str]:
    return frozenset({chr(code)}) if isinstance(code, int) else _NOTHING


def _class(items: Sequence[Node]) -> frozenset[str]:
    """The characters a `[...]` set (or `\\d`, `\\w`) matches, on the sample alphabet."""
    chars: set[str] = set()
    negate = False
    for op, av in items:
        kind = _name(op)
        if kind == "NEGATE":
            negate = True
        elif kind == "LITERAL":
            chars |= _char(av)
        elif kind == "RANGE":
            low, high = av
            chars |= {ch for ch in _ALPHABET if low <= ord(ch) <= high}
        elif kind == "CATEGORY":
            chars |= _CATEGORIES.get(_name(av), _ALPHABET)
        else:
            chars |= _ALPHABET  # unknown item: assume it can match anything
    return _ALPHABET - chars if negate else frozenset(chars)


def _first(seq: Sequence[Node]) -> tuple[frozenset[str], bool]:
    """The characters a sequence of nodes can start with, and whether it can match empty."""
    chars: set[str] = set()
    for node in seq:
        first, nullable = _first_of(node)
        chars |= first
        if not nullable:
            return frozenset(chars), False
    return frozenset(chars), True


def _first_of(node: Node) -> tuple[frozenset[str], bool]:
    op, av = node
    kind = _name(op)
    if kind == "LITERAL":
        return _char(av), False
    if kind == "NOT_LITERAL":
        return _ALPHABET - _char(av), False
    if kind == "ANY":
        return _ANY, False
    if kind == "IN":
        return _class(av), False
    if kind == "AT" and _name(av) in _LINE_ENDS:
        return _LINE_ENDS[_name(av)], False  # `$`: only a line break (or the end) follows
    if kind in _ZERO_WIDTH:
        return _NOTHING, True
    if kind == "SUBPATTERN":
        return _first(av[3])
    if kind == "ATOMIC_GROUP":
        return _first(av)
    if kind == "BRANCH":
        alternatives = [_first(alt) for alt in av[1]]
        chars = frozenset().union(*(first for first, _ in alternatives))
        return chars, any(nullable for _, nullable in alternatives)
    if kind in _ALL_REPEATS:
        low, _high, body = av
        first, nullable = _first(body)
        return first, nullable or low == 0
    if kind == "GROUPREF_EXISTS":
        _group, yes, no = av
        first_yes, null_yes = _first(yes)
        first_no, null_no = _first(no) if no is not None else (_NOTHING, True)
        return first_yes | first_no, null_yes or null_no
    # A back-reference or something unknown: it may match anything, or nothing.
    return _ALPHABET, True


def _ambiguous(nodes: Sequence[Node], after: frozenset[str]) -> bool:
    """Does `nodes` hold an unbounded repeat whose next characters (within `nodes`, then
    `after`) overlap the characters it starts with?"""
    seq = list(nodes)
    for index, (op, av) in enumerate(seq):
        kind = _name(op)
        rest, rest_nullable = _first(seq[index + 1 :])
        follow = rest | (after if rest_nullable else _NOTHING)
        if kind in _REPEATS:
            _low, high, body = av
            first, _ = _first(body)
            if high == _UNBOUNDED and first & follow:
                return True
            again = first if high > 1 else _NOTHING
            if _ambiguous(body, again | follow):
                return True
        elif kind == "SUBPATTERN":
            if _ambiguous(av[3], follow):
                return True
        elif kind == "BRANCH":
            if any(_ambiguous(alt, follow) for alt in av[1]):
                return True
        elif kind == "GROUPREF_EXISTS":
            _group, yes, no = av
            if _ambiguous(yes, follow) or (no is not None and _ambiguous(no, follow)):
                return True
        # Atomic groups and possessive repeats give nothing back: no ambiguity there.
    return False


def _nested(seq: Sequence[Node]) -> bool:
    """Is some repeated-many-times body in `seq` ambiguous between its rounds?"""
    for op, av in seq:
        kind = _name(op)
        children: list[Sequence[Node]] = []
        if kind in _ALL_REPEATS:
            _low, high, body = av
            many = high == _UNBOUNDED or high >= _MANY
            if kind in _REPEATS and many and _ambiguous(body, _first(body)[0]):
                return True
            children = [body]
        elif kind == "SUBPATTERN":
            children = [av[3]]
        elif kind == "ATOMIC_GROUP":
            children = [av]
        elif kind == "BRANCH":
            children = list(av[1])
        elif kind in {"ASSERT", "ASSERT_NOT"}:
            children = [av[1]]
        elif kind == "GROUPREF_EXISTS":
            children = [part for part in av[1:] if part is not None]
        if any(_nested(child) for child in children):
            return True
    return False


@lru_cache(maxsize=1024)
def catastrophic(pattern: str, flags: int = 0) -> bool:
    """Can matching `pattern` backtrack catastrophically (nested quantifiers that overlap)?

    Patterns that do not parse, bytes patterns and very long patterns are not judged (False).
    """
    if _PARSER is None or not isinstance(pattern, str) or len(pattern) > _MAX_PATTERN:
        return False
    try:
        parsed = _PARSER.parse(pattern, flags)
    except (re.error, RecursionError, ValueError, TypeError, OverflowError):
        return False
    try:
        return _nested(list(parsed))
    except RecursionError:
        return False
