"""The HTML report is one self-contained page: nothing to fetch, nothing to run, every value
from code or people shown as text, light and dark, printable."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from app.core.report import review_report
from app.core.report_html import report_to_html
from tests.report.builders import HOSTILE, MODEL_SHA, NOW, PROMPT_SHA, open_db, sample

# Elements that load something or run something; none may appear.
_ACTIVE = {"script", "link", "img", "iframe", "object", "embed", "frame", "video", "audio",
           "source", "svg", "math", "form", "input", "base", "template"}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def _page(tmp_path: Path) -> tuple[str, _Page]:
    db = open_db(tmp_path)
    ids = sample(db)
    page_html = report_to_html(review_report(db, ids["second"], now=NOW))
    parsed = _Page()
    parsed.feed(page_html)
    parsed.close()
    return page_html, parsed


def test_the_page_references_nothing_outside_itself(tmp_path: Path) -> None:
    page_html, page = _page(tmp_path)
    assert "http://" not in page_html and "https://" not in page_html
    assert not [tag for tag, _ in page.tags if tag in _ACTIVE]
    for tag, attrs in page.tags:
        assert "src" not in attrs and "srcset" not in attrs, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css
    # Every in-page link leads somewhere on the page.
    ids = {attrs["id"] for _, attrs in page.tags if attrs.get("id")}
    hrefs = {attrs["href"] for _, attrs in page.tags if attrs.get("href")}
    assert hrefs and {href[1:] for href in hrefs} <= ids


def test_a_content_security_policy_forbids_scripts_and_fetches(tmp_path: Path) -> None:
    _, page = _page(tmp_path)
    policy = next(
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy is not None and "default-src 'none'" in policy
    assert "script-src" not in policy


def test_hostile_code_and_text_are_shown_as_text(tmp_path: Path) -> None:
    page_html, page = _page(tmp_path)
    assert "<script>" not in page_html and "<img" not in page_html
    # The snippet reads back exactly once the page is parsed: escaped, not interpreted.
    assert HOSTILE in page.text
    assert "Shell command built from <input>" in "".join(page.text)
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;" in page_html


def test_the_page_has_light_dark_and_print_styles(tmp_path: Path) -> None:
    _, page = _page(tmp_path)
    css = "".join(page.styles)
    assert "@media (prefers-color-scheme: dark)" in css
    assert "@media print" in css
    assert any(tag == "meta" and attrs.get("name") == "color-scheme" for tag, attrs in page.tags)


def test_the_page_shows_findings_triage_history_and_audit_record(tmp_path: Path) -> None:
    _, page = _page(tmp_path)
    words = " ".join(" ".join(page.text).split())
    for expected in (
        "Airlock report: review 2",
        "Accepted risk until 2026-06-30",
        "Internal admin tool only.",
        "Open (acceptance expired on 2026-02-15)",
        "False positive",
        "IDs are not secrets.",
        "Pass the value as a query parameter.",
        "An attacker can read or change any row.",
        "2026-02-02T10:00:00+00:00 alice open → accepted risk 2026-06-30",
        "gone: no longer found",
        f"Model file SHA-256 {MODEL_SHA}",
        f"review.system.v1 {PROMPT_SHA}",
        "model.temperature 0.0",
        "Airlock version 0.1.0",
        "Started 2026-02-10T09:00:00+00:00",
        "Finished 2026-02-10T09:00:07+00:00",
        "file over 1 MB: not reviewed",
    ):
        assert expected in words, expected
    articles = [
        attrs
        for tag, attrs in page.tags
        if tag == "article" and "finding" in (attrs.get("class") or "")
    ]
    assert len(articles) == 6  # five findings and the note
    summary_cells = re.findall(r"Total (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", words)
    assert summary_cells == [("2", "1", "1", "0", "1", "5")]  # findings only
    assert "Findings (5)" in words and "Notes (1)" in words
    assert "Questions for the reviewer" not in words  # no section without items
