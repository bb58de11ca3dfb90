"""Podcast directory importer.

The submission form hands us a ``ShowSubmission`` built from what the
podcaster typed in; ``import_show`` pulls the RSS feed and returns the
parsed episode list for the moderation queue.
"""
from __future__ import annotations

import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import defusedxml.ElementTree as SafeET

HOSTING_PROVIDERS = frozenset({
    "anchor.fm",
    "feeds.buzzsprout.com",
    "feeds.simplecast.com",
    "feeds.transistor.fm",
    "rss.art19.com",
})
MAX_FEED_BYTES = 5 * 1024 * 1024


class SubmissionRejected(ValueError):
    pass


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_opener = urllib.request.build_opener(_NoRedirects())
_opener.addheaders = [("User-Agent", "podcast-directory-importer/1.4")]


@dataclass
class ShowSubmission:
    title: str
    page_url: str
    feed_url: str
    contact_email: str = ""


@dataclass
class Episode:
    title: str
    audio_url: str
    published: datetime | None = None


@dataclass
class ImportedShow:
    title: str
    feed_url: str
    episodes: list[Episode] = field(default_factory=list)


def _check_provider(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme != "https":
        raise SubmissionRejected("feeds must be served over https")
    if (parts.hostname or "").lower() not in HOSTING_PROVIDERS:
        raise SubmissionRejected(f"{parts.hostname!r} is not a supported hosting provider")


def _parse_episodes(root: ElementTree.Element) -> list[Episode]:
    episodes = []
    for item in root.iterfind("./channel/item"):
        enclosure = item.find("enclosure")
        if enclosure is None or not enclosure.get("url"):
            continue
        pub = item.findtext("pubDate")
        episodes.append(Episode(
            title=(item.findtext("title") or "").strip(),
            audio_url=enclosure.get("url"),
            published=parsedate_to_datetime(pub) if pub else None,
        ))
    return episodes


def import_show(submission: ShowSubmission) -> ImportedShow:
    _check_provider(submission.page_url)

    with _opener.open(submission.feed_url, timeout=15) as resp:
        raw = resp.read(MAX_FEED_BYTES + 1)
    if len(raw) > MAX_FEED_BYTES:
        raise SubmissionRejected("feed is too large")

    root = SafeET.fromstring(raw)
    return ImportedShow(
        title=root.findtext("./channel/title") or submission.title,
        feed_url=submission.feed_url,
        episodes=_parse_episodes(root),
    )
