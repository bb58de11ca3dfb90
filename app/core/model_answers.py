"""Parsing what the model answers, leniently, and never trusting it.

Small models wander from the format: extra prose, "Line 12:", markdown bullets, a claim
without a line. The parser takes what it can; an answer it cannot read at all is reported,
not guessed at.

The review asks the model to point at code by copying the line (`FINDING | <code> | <reason>`)
rather than by number: numbering every line cost a fifth of each review prompt, and the small
models misread numbers more often than they miscopy text. A number, when given, is still read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_REASON_CHARS = 300
MAX_ANSWER_CHARS = 20_000

_FINDING_LINE = re.compile(
    r"FINDING\s*[|:,-]?\s*(?:(?:line\s*)?(?P<line>\d{1,7})(?!\w)\s*[|:,-]?)?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
_FIELD_SEPARATOR = re.compile(r"\s*\|\s*")
_CWE_ONLY = re.compile(r"^CWE[-\s_]?\d{1,5}$", re.IGNORECASE)
# Possessive (`*+`): a backtracking `\s*[:#]?\s*` took seconds on "line", 20,000 spaces, "x".
_LOOSE_LINE = re.compile(r"\bline[s]?\s*+[:#]?\s*+(?P<line>\d{1,7})", re.IGNORECASE)
_CWE = re.compile(r"CWE[-\s_]?(?P<number>\d{1,5})", re.IGNORECASE)
_NONE = re.compile(r"^\W*(none|no|nothing|n/a)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ModelClaim:
    line: int | None
    reason: str
    cwe: int | None = None
    quote: str | None = None  # the code the model copied to point at a line


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
    if match["line"]:
        return ModelClaim(int(match["line"]), clean_reason(_CWE.sub("", rest)), _cwe_in(rest))
    quote, reason = _quote_and_reason(rest)
    line_number = _loose_line(rest)  # "line 4: ..." in prose still names a line
    return ModelClaim(line_number, clean_reason(_CWE.sub("", reason)), _cwe_in(rest), quote)


def _quote_and_reason(rest: str) -> tuple[str | None, str]:
    """`<code> | [CWE-n |] <reason>`: the reason is the last field, the code all before it.

    Code may itself hold `|` (`str | None`, shell pipes), so every field but the last belongs
    to the quote. With a single field there is nothing to tell code from prose: it is both,
    and the quote only counts if it is found in the file.
    """
    fields = [f for f in _FIELD_SEPARATOR.split(rest) if f and not _CWE_ONLY.match(f)]
    if not fields:
        return None, rest
    quote = " | ".join(fields[:-1]) if len(fields) > 1 else fields[0]
    return _clean_quote(quote) or None, fields[-1]


def _clean_quote(text: str) -> str:
    """The copied code without the backticks models wrap it in, made safe to show."""
    return clean_reason(text.strip().strip("`").strip())


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
