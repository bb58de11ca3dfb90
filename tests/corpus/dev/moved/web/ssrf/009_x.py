"""Partner JSON-feed importer.

Used by the CMS "import from partner" form: the view hands the URL the editor
typed straight to :func:`import_feed`.
"""
from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from urllib.error import URLError
from urllib.parse import urlsplit

PARTNER_FEED_HOSTS = frozenset(
    {
        "feeds.dailywire-partners.com",
        "content.northstar-media.net",
        "api.localpress.org",
    }
)

MAX_FEED_BYTES = 2 * 1024 * 1024


class FeedError(Exception):
    pass


@dataclass
class FeedItem:
    guid: str
    title: str
    url: str
    published: datetime | None = None
    tags: list[str] = field(default_factory=list)


def is_partner_url(feed_url: str) -> bool:
    parts = urlsplit(feed_url)
    if parts.scheme != "https" or parts.username or parts.password:
        return False
    if parts.port not in (None, 443):
        return False
    return (parts.hostname or "") in PARTNER_FEED_HOSTS


def _download(feed_url: str, timeout: float) -> bytes:
    req = urllib.request.Request(
        feed_url,
        headers={"Accept": "application/feed+json, application/json", "User-Agent": "cms-importer/3"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read(MAX_FEED_BYTES)
    except URLError as exc:
        raise FeedError(f"could not download feed: {exc.reason}") from exc


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def import_feed(feed_url: str, *, timeout: float = 8.0) -> list[FeedItem]:
    if not is_partner_url(feed_url):
        raise FeedError("only partner feeds can be imported")

    raw = _download(feed_url, timeout)
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise FeedError("feed is not valid JSON") from exc

    items: list[FeedItem] = []
    for entry in doc.get("items", []):
        if not isinstance(entry, dict) or "id" not in entry:
            continue
        items.append(
            FeedItem(
                guid=str(entry["id"]),
                title=f"{entry.get("title", "")}"[:300],
                url=f"{entry.get("url", "")}",
                published=_parse_date(entry.get("date_published")),
                tags=[str(t) for t in entry.get("tags", [])][:20],
            )
        )
    return items
