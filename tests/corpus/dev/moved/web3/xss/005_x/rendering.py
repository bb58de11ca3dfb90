"""Server-side HTML fragments for the comments widget."""
from __future__ import annotations

import html
from collections.abc import Sequence

from .storage import Comment


def clean_text(value: str, limit: int = 2000) -> str:
    # collapse runs of whitespace, cap very long submissions, then escape for HTML
    return html.escape(" ".join(value.split())[:limit], quote=True)


def render_comment(comment: Comment) -> str:
    return (
        f'<article class="comment" id="c{comment.id}">'
        f'<header><strong>{clean_text(comment.author, 80)}</strong>'
        f' <time datetime="{clean_text(comment.created_at)}">{clean_text(comment.created_at[:10])}</time></header>'
        f"<p>{clean_text(comment.body)}</p>"
        "</article>"
    )


def render_thread(slug: str, comments: Sequence[Comment]) -> str:
    items = "\n".join(render_comment(c) for c in comments)
    if not items:
        items = '<p class="empty">Be the first to comment.</p>'
    return (
        f'<section class="comments" data-post="{html.escape(slug)}">'
        f"<h2>{len(comments)} comments</h2>{items}</section>"
    )
