"""Parsing what the model answers, leniently, and never trusting it.

Small models wander from the format: extra prose, "Line 12:", markdown bullets, a claim
without a line. The parser takes what it can; an answer it cannot read at all is reported,
not guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_REASON_CHARS = 300
MAX_ANSWER_CHARS = 20_000

_FINDING_LINE = re.compile(
    r"FINDING\s*[|:,-]?\s*(?:line\s*)?(?P<line>\d{1,7})?\s*[|:,-]?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
# Possessive (`*+`): a backtracking `\s*[:#]?\s*` took seconds on "line", 20,000 spaces, "x".
_LOOSE_LINE = re.compile(r"\bline[s]?\s*+[:#]?\s*+(?P<line>\d{1,7})", re.IGNORECASE)
_CWE = re.compile(r"CWE[-\s_]?(?P<number>\d{1,5})", re.IGNORECASE)
_NONE = re.compile(r"^\W*(none|no|nothing|n/a)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ModelClaim:
    line: int | None
    reason: str
    cwe: int | None = None


@dataclass(frozen=True)
class ParsedAnswer:
    claims: tuple[ModelClaim, ...]
    understood: bool  # False: the answer followed no format we know


def parse_answer(text: str) -> ParsedAnswer:
    """Claims from one answer. `NONE` gives no claims; unreadable text is flagged as such."""
    text = text[:MAX_ANSWER_CHARS]
    claims = tuple(
        claim for raw in text.splitlines() if (claim := _parse_line(raw.strip())) is not None
    )
    if claims:
        return ParsedAnswer(claims, understood=True)
    stripped = text.strip()
    if not stripped or _NONE.match(stripped):
        return ParsedAnswer((), understood=True)
    return ParsedAnswer((), understood=False)


def _parse_line(line: str) -> ModelClaim | None:
    match = _FINDING_LINE.search(line)
    if match is None:
        loose = _LOOSE_LINE.search(line)
        if loose is None or _NONE.match(line):
            return None
        return ModelClaim(int(loose["line"]), clean_reason(line), _cwe_in(line))
    rest = match["rest"]
    line_number = int(match["line"]) if match["line"] else _loose_line(rest)
    return ModelClaim(line_number, clean_reason(_CWE.sub("", rest)), _cwe_in(rest))


def _loose_line(text: str) -> int | None:
    match = _LOOSE_LINE.search(text)
    return int(match["line"]) if match else None


def _cwe_in(text: str) -> int | None:
    match = _CWE.search(text)
    return int(match["number"]) if match else None


def clean_reason(text: str) -> str:
    """Model text made safe to show: no control or invisible characters, bounded length."""
    printable = "".join(
        ch if unicodedata.category(ch)[0] != "C" else " " for ch in text.replace("\t", " ")
    )
    collapsed = re.sub(r"\s+", " ", printable).strip(" |:-")
    return collapsed[:MAX_REASON_CHARS]
