"""Light formatting for discussion comments: line breaks, @mentions and links."""
import re

from markupsafe import Markup

MENTION_RE = re.compile(r"(?<![\w@/])@([A-Za-z0-9_]{2,32})\b")
LINK_RE = re.compile(r"\bhttps://[^\s<>\"']+")


def _link(match: re.Match) -> str:
    url = match.group(0)
    return f'<a href="{url}" rel="nofollow noopener" target="_blank">{url}</a>'


def _mention(match: re.Match) -> str:
    name = match.group(1)
    return f'<a class="mention" href="/u/{name}">@{name}</a>'


def render_comment_body(text: str) -> Markup:
    """Turn a stored comment into HTML for the thread template."""
    html = LINK_RE.sub(_link, text.strip())
    html = MENTION_RE.sub(_mention, html)
    html = "<br>\n".join(html.splitlines())
    return Markup(html)
