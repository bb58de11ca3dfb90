"""A stand-in for the Hugging Face hub on 127.0.0.1: the two calls a file download makes.

HEAD /{repo}/resolve/{revision}/{file} answers with the metadata headers the hub client reads
(X-Repo-Commit, X-Linked-Etag = the LFS SHA-256, X-Linked-Size); GET serves the bytes, with
Range support so a download can resume. It can cut the first GET's connection half-way.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


@dataclass
class HubStub:
    repo: str
    revision: str
    filename: str
    content: bytes
    commit: str = "0123456789abcdef0123456789abcdef01234567"
    report_sha256: str | None = None
    cut_first_get_after: int | None = None
    requests: list[tuple[str, str, str | None]] = field(default_factory=list)
    endpoint: str = ""

    def __post_init__(self) -> None:
        if self.report_sha256 is None:
            self.report_sha256 = hashlib.sha256(self.content).hexdigest()

    @property
    def path(self) -> str:
        return f"/{self.repo}/resolve/{self.revision}/{self.filename}"

    def gets(self) -> list[str | None]:
        """The Range header of every GET, in order (None for a plain GET)."""
        return [range_ for method, _, range_ in self.requests if method == "GET"]


def _handler(stub: HubStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return None

        def do_HEAD(self) -> None:
            stub.requests.append(("HEAD", self.path, None))
            if not self._known():
                return
            self.send_response(200)
            self._metadata_headers()
            self.send_header("Content-Length", str(len(stub.content)))
            self.end_headers()

        def do_GET(self) -> None:
            range_header = self.headers.get("Range")
            stub.requests.append(("GET", self.path, range_header))
            if not self._known():
                return
            start = int(range_header.split("=")[1].split("-")[0]) if range_header else 0
            body = stub.content[start:]
            self.send_response(206 if range_header else 200)
            self._metadata_headers()
            self.send_header("Content-Length", str(len(body)))
            if range_header:
                total = len(stub.content)
                self.send_header("Content-Range", f"bytes {start}-{total - 1}/{total}")
            self.end_headers()
            cut = stub.cut_first_get_after
            if cut is not None and len(stub.gets()) == 1:
                self.wfile.write(body[:cut])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

        def _known(self) -> bool:
            if unquote(self.path) == stub.path:
                return True
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False

        def _metadata_headers(self) -> None:
            self.send_header("X-Repo-Commit", stub.commit)
            self.send_header("ETag", '"git-blob-etag"')
            if stub.report_sha256:
                self.send_header("X-Linked-Etag", f'"{stub.report_sha256}"')
                self.send_header("X-Linked-Size", str(len(stub.content)))
            self.send_header("Accept-Ranges", "bytes")

    return Handler


@contextmanager
def serve(stub: HubStub) -> Iterator[HubStub]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
