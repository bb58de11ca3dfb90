"""OPML import for the feed reader (aiohttp)."""
import xml.sax
from xml.sax.handler import ContentHandler

import defusedxml
import defusedxml.sax
from aiohttp import web

from reader.auth import require_user
from reader.subscriptions import add_subscriptions

MAX_OPML = 2 * 1024 * 1024


class OPMLHandler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.title_parts: list[str] = []
        self.feeds: list[dict[str, str]] = []
        self._in_title = False

    def startElement(self, name, attrs):
        if name == "title":
            self._in_title = True
        elif name == "outline" and attrs.get("xmlUrl"):
            self.feeds.append(
                {
                    "title": attrs.get("title") or attrs.get("text") or "",
                    "url": attrs["xmlUrl"],
                    "site": attrs.get("htmlUrl", ""),
                }
            )

    def endElement(self, name):
        if name == "title":
            self._in_title = False

    def characters(self, content):
        if self._in_title:
            self.title_parts.append(content)

    @property
    def title(self) -> str:
        return "".join(self.title_parts).strip()


def parse_opml(data: bytes) -> OPMLHandler:
    handler = OPMLHandler()
    defusedxml.sax.parseString(data, handler)
    return handler


@require_user
async def import_opml(request: web.Request) -> web.Response:
    reader = await request.multipart()
    field = await reader.next()
    if field is None or field.name != "opml":
        raise web.HTTPBadRequest(text="expected an 'opml' file field")
    data = await field.read(decode=False)
    if len(data) > MAX_OPML:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_OPML, actual_size=len(data))

    try:
        result = parse_opml(bytes(data))
    except xml.sax.SAXException as exc:
        raise web.HTTPBadRequest(text=f"could not read OPML: {exc.getMessage()}")
    except defusedxml.DefusedXmlException:
        raise web.HTTPBadRequest(text="OPML files may not declare entities")

    added = await add_subscriptions(request["user"].id, result.feeds)
    return web.json_response({"collection": result.title, "found": len(result.feeds), "added": added})


def setup_routes(app: web.Application) -> None:
    app.router.add_post("/import/opml", import_opml)
