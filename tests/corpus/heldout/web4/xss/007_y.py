"""Tiny internal docs search served by gunicorn behind the intranet proxy.

    gunicorn docsearch:application
"""
import json
import os
from urllib.parse import parse_qs

INDEX_PATH = os.environ.get("DOCSEARCH_INDEX", "/srv/docsearch/index.json")

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Docs search</title>
<link rel="stylesheet" href="/static/docsearch.css"></head>
<body>
<form action="/search" method="get">
  <input type="search" name="q" value="{query}" autofocus>
  <button>Search</button>
</form>
{body}
</body>
</html>
"""


def load_index():
    with open(INDEX_PATH, encoding="utf-8") as fh:
        return json.load(fh)


DOCS = load_index()


def search(query, limit=25):
    terms = query.lower().split()
    hits = []
    for doc in DOCS:
        haystack = (doc["title"] + " " + doc["summary"]).lower()
        if all(t in haystack for t in terms):
            hits.append(doc)
            if len(hits) >= limit:
                break
    return hits


def render_results(query, hits):
    if not query:
        return "<p>Type something to search the handbook.</p>"
    if not hits:
        return f"<p class=\"empty\">Nothing found for <strong>{query}</strong>.</p>"
    items = "\n".join(
        f'<li><a href="/docs/{doc["slug"]}">{doc["title"]}</a><br><small>{doc["summary"]}</small></li>'
        for doc in hits
    )
    return f"<p>{len(hits)} result(s) for <strong>{query}</strong></p>\n<ul>\n{items}\n</ul>"


def application(environ, start_response):
    if environ.get("PATH_INFO", "/") not in ("/", "/search"):
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"not found"]

    params = parse_qs(environ.get("QUERY_STRING", ""))
    query = params.get("q", [""])[0].strip()[:200]

    hits = search(query) if query else []
    html = PAGE.format(query=query.replace('"', "&quot;"), body=render_results(query, hits))

    start_response("200 OK", [
        ("Content-Type", "text/html; charset=utf-8"),
        ("X-Content-Type-Options", "nosniff"),
    ])
    return [html.encode("utf-8")]
