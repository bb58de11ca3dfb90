"""Search and highlighting for the notes service.

``search_notes`` and ``highlight_snippet`` are called by the HTTP layer with
the raw ``q`` parameter from the search box.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from .patterns import split_terms, term_pattern

SNIPPET_RADIUS = 80


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    body: str


@dataclass(frozen=True)
class Hit:
    note_id: int
    title: str
    snippet_html: str


def highlight_snippet(text: str, query: str) -> str:
    pattern = term_pattern(split_terms(query))
    if pattern is None:
        return html.escape(text[: SNIPPET_RADIUS * 2])

    first = pattern.search(text)
    start = max(0, first.start() - SNIPPET_RADIUS) if first else 0
    window = text[start : start + SNIPPET_RADIUS * 2]

    out: list[str] = []
    pos = 0
    for m in pattern.finditer(window):
        out.append(html.escape(window[pos : m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    return "".join(out)


def search_notes(notes: Iterable[Note], query: str, limit: int = 25) -> list[Hit]:
    pattern = term_pattern(split_terms(query))
    if pattern is None:
        return []
    hits: list[Hit] = []
    for note in notes:
        if pattern.search(note.title) or pattern.search(note.body):
            hits.append(Hit(note.id, note.title, highlight_snippet(note.body, query)))
            if len(hits) >= limit:
                break
    return hits
