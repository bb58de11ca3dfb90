"""Reads product feeds that suppliers upload as XML."""
import sys
import xml.sax
from xml.sax.handler import ContentHandler, feature_external_ges

import defusedxml.sax


class FeedHandler(ContentHandler):
    def __init__(self):
        super().__init__()
        self.products = []
        self._text = []

    def characters(self, content):
        self._text.append(content)

    def endElement(self, name):
        if name == "name":
            self.products.append("".join(self._text).strip())
        self._text = []


def read_feed(path):
    handler = FeedHandler()
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    parser.setContentHandler(handler)
    parser.parse(path)
    return handler.products


if __name__ == "__main__":
    print("\n".join(read_feed(sys.argv[1])))
