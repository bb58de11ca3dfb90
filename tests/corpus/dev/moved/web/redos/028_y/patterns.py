"""Helpers that turn a free-text search box into a compiled matcher."""
from __future__ import annotations

import re
import shlex
from functools import lru_cache

MAX_TERMS = 10
MAX_TERM_LEN = 60


def split_terms(query: str) -> list[str]:
    """Split on whitespace but keep "quoted phrases" together."""
    try:
        parts = shlex.split(query)
    except ValueError:
        parts = query.split()
    terms = [p.strip() for p in parts if p.strip()]
    return [t[:MAX_TERM_LEN] for t in terms[:MAX_TERMS]]


@lru_cache(maxsize=256)
def _compile(alternation: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{alternation})", re.IGNORECASE)


def term_pattern(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    # longest first so that "new york" wins over "new"
    ordered = sorted(set(terms), key=len, reverse=True)
    return _compile("|".join(re.escape(t) for t in ordered))
