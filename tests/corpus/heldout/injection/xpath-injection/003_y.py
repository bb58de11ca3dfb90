"""Serves help-centre FAQ entries from the exported knowledge-base XML.

GET /faq?category=billing&lang=en
"""

import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from lxml import etree

KB_EXPORT = os.environ.get("KB_EXPORT", "/var/lib/helpcentre/kb.xml")
LANGUAGES = {"en": "en", "de": "de", "fr": "fr", "es": "es"}

_parser = etree.XMLParser(resolve_entities=False, no_network=True)
KB = etree.parse(KB_EXPORT, _parser)


def faq_entries(category: str, lang: str) -> list[dict]:
    query = (
        f"/kb/entry[@category='{category}' and @status='published']"
        f"/translation[@lang='{lang}']"
    )
    return [
        {
            "id": node.getparent().get("id"),
            "question": node.findtext("question"),
            "answer": node.findtext("answer"),
        }
        for node in KB.xpath(query)
    ]


class FaqHandler(BaseHTTPRequestHandler):
    def _json(self, status: int, payload) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/faq":
            self._json(404, {"error": "not found"})
            return
        params = parse_qs(url.query)
        category = params.get("category", [""])[0].lower()
        lang = LANGUAGES.get(params.get("lang", ["en"])[0], "en")

        if not category:
            self._json(400, {"error": "category is required"})
            return

        self._json(200, {"category": category, "entries": faq_entries(category, lang)})


def main() -> None:
    port = int(os.environ.get("FAQ_PORT", "8081"))
    ThreadingHTTPServer(("", port), FaqHandler).serve_forever()


if __name__ == "__main__":
    main()
