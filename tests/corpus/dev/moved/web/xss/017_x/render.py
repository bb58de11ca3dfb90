"""HTML snippets for the embeddable schedule widget."""
from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime

WIDGET_CSS = "/static/widget.css"


def _event_item(starts_at: datetime, name: str) -> str:
    return (
        f'<li><time datetime="{starts_at.isoformat()}">{starts_at:%a %d %b, %H:%M}</time> '
        f"{html.escape(name)}</li>"
    )


def render_widget(title: str, theme: str, events: Iterable[tuple[datetime, str]]) -> str:
    safe_title = html.escape(title)
    items = "\n".join(_event_item(ts, name) for ts, name in events) or "<li>No upcoming events</li>"
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><link rel="stylesheet" href="{WIDGET_CSS}"></head>
<body class="widget widget--{theme}">
  <h3 class="widget__title">{safe_title}</h3>
  <ul class="widget__events">
{items}
  </ul>
</body></html>"""
