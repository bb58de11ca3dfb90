"""Server-side HTML fragments for the comments widget."""
from __future__ import annotations

from collections.abc import Sequence

from .storage import Comment


def clean_text(value: str, limit: int = 2000) -> str:
    # collapse runs of whitespace and cap very long submissions
    return " ".join(value.split())[:limit]


def render_comment(comment: Comment) -> str:
    return (
        f'<article class="comment" id="c{comment.id}">'
        f'<header><strong>{clean_text(comment.author, 80)}</strong>'
        f' <time datetime="{comment.created_at}">{comment.created_at[:10]}</time></header>'
        f"<p>{clean_text(comment.body)}</p>"
        "</article>"
    )


def render_thread(slug: str, comments: Sequence[Comment]) -> str:
    items = "\n".join(render_comment(c) for c in comments)
    if not items:
        items = '<p class="empty">Be the first to comment.</p>'
    return (
        f'<section class="comments" data-post="{slug}">'
        f"<h2>{len(comments)} comments</h2>{items}</section>"
    )
