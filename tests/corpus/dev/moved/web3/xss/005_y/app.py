import re

import falcon

from .rendering import render_thread
from .storage import CommentStore

SLUG_RE = re.compile(r"^[a-z0-9-]{1,80}$")


class CommentsResource:
    def __init__(self, store: CommentStore):
        self.store = store

    def _check_slug(self, slug: str) -> None:
        if not SLUG_RE.fullmatch(slug):
            raise falcon.HTTPNotFound()

    def on_get(self, req: falcon.Request, resp: falcon.Response, slug: str) -> None:
        self._check_slug(slug)
        resp.content_type = falcon.MEDIA_HTML
        resp.text = render_thread(slug, self.store.for_post(slug))

    def on_post(self, req: falcon.Request, resp: falcon.Response, slug: str) -> None:
        self._check_slug(slug)
        form = req.get_media()
        author = (form.get("author") or "").strip()
        body = (form.get("body") or "").strip()
        if not author or not body:
            raise falcon.HTTPBadRequest(title="author and body are required")
        self.store.add(slug, author, body)
        raise falcon.HTTPSeeOther(f"/posts/{slug}/comments")


def create_app(db_path: str = "comments.db") -> falcon.App:
    app = falcon.App()
    app.add_route("/posts/{slug}/comments", CommentsResource(CommentStore(db_path)))
    return app
