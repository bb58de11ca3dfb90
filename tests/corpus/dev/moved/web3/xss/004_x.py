"""Tiny catalogue search service (Tornado)."""
import asyncio
import json

import tornado.escape
import tornado.web

from catalogue.store import ProductStore

PAGE = """<!doctype html>
<html><head><title>Search</title><link rel="stylesheet" href="/static/site.css"></head>
<body>{body}</body></html>"""


class BaseHandler(tornado.web.RequestHandler):
    @property
    def store(self) -> ProductStore:
        return self.application.settings["store"]


class SearchPageHandler(BaseHandler):
    async def get(self):
        term = self.get_query_argument("q", "").strip()
        if not term:
            self.redirect("/")
            return

        hits = await self.store.search(term, limit=20)
        if not hits:
            body = f"<h1>Nothing found</h1><p>No products match <em>{term}</em>. Try a shorter query.</p>"
        else:
            rows = "".join(
                f"<li><a href=\"/p/{h["id"]:d}\">{tornado.escape.xhtml_escape(h["title"])}</a></li>"
                for h in hits
            )
            body = f"<h1>{len(hits)} results</h1><ul>{rows}</ul>"
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.write(PAGE.format(body=body))


class SearchApiHandler(BaseHandler):
    async def get(self):
        term = self.get_query_argument("q", "").strip()
        hits = await self.store.search(term, limit=50) if term else []
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({"query": term, "results": hits}))


def make_app(store: ProductStore) -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/search", SearchPageHandler),
            (r"/api/search", SearchApiHandler),
        ],
        store=store,
        xsrf_cookies=True,
        cookie_secret=store.settings.cookie_secret,
    )


async def main():
    store = await ProductStore.open_default()
    make_app(store).listen(8888)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
