"""Jinja2 filters used by the search results templates.

``highlight`` wraps occurrences of the visitor's search query in <mark> tags so
the result list can show why a post matched.
"""
from __future__ import annotations

import re
from typing import Final

from jinja2 import Environment
from markupsafe import Markup, escape

ELLIPSIS: Final = "\u2026"


def _query_pattern(query: str) -> re.Pattern[str] | None:
    terms = [t for t in query.split() if len(t) > 1][:8]
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def snippet(text: str, query: str, width: int = 160) -> str:
    """Cut a window of ``text`` around the first match of ``query``."""
    if len(text) <= width:
        return text
    pattern = _query_pattern(query)
    match = pattern.search(text) if pattern else None
    start = max(0, (match.start() if match else 0) - width // 3)
    window = text[start : start + width]
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if start + width < len(text) else ""
    return f"{prefix}{window}{suffix}"


def highlight(text: str, query: str) -> Markup:
    pattern = _query_pattern(query or "")
    if pattern is None:
        return escape(text)
    pieces: list[Markup] = []
    pos = 0
    for m in pattern.finditer(text):
        pieces.append(escape(text[pos : m.start()]))
        pieces.append(Markup("<mark>{}</mark>").format(m.group(0)))
        pos = m.end()
    pieces.append(escape(text[pos:]))
    return Markup("").join(pieces)


def register(env: Environment) -> None:
    env.filters["snippet"] = snippet
    env.filters["highlight"] = highlight
