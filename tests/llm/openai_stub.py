"""A tiny OpenAI-compatible server on 127.0.0.1 that streams canned server-sent events.

Each test sets what the next reply is (fragments, an HTTP error, garbage, a stall) and reads
back what the client sent. Plain http.server in a thread; TLS when given a certificate.
"""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# How long a stalled reply holds the connection at most, so that no test can hang forever.
STALL_LIMIT_S = 20.0


@dataclass
class Reply:
    fragments: list[str] = field(default_factory=lambda: ["Hello", ", ", "world"])
    model: str = "stub-model"
    usage: dict[str, Any] | None = None
    status: int = 200
    body: bytes | None = None  # sent as is instead of the event stream
    content_type: str = "text/event-stream"
    stall_after: int | None = None  # send this many fragments, then hold the connection
    stall_before_headers: bool = False
    error_chunk: dict[str, Any] | None = None  # sent after the fragments


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None


class StubServer:
    def __init__(self, *, certfile: Path | None = None, keyfile: Path | None = None) -> None:
        self.reply = Reply()
        self.api_key: str | None = None
        self.models = ["stub-model"]
        self.received: list[Received] = []
        self.release = threading.Event()
        self.disconnected = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        if certfile is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(certfile, keyfile)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, host: str = "127.0.0.1", scheme: str = "http") -> str:
        return f"{scheme}://{host}:{self.port}"

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


@contextmanager
def serve(**kwargs: Any) -> Iterator[StubServer]:
    server = StubServer(**kwargs).start()
    try:
        yield server
    finally:
        server.stop()


def _handler(stub: StubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return None

        def do_GET(self) -> None:
            self._record(None)
            if not self._authorized():
                return
            body = {"object": "list", "data": [{"id": m, "object": "model"} for m in stub.models]}
            self._send(200, json.dumps(body).encode(), "application/json")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._record(json.loads(self.rfile.read(length) or b"null"))
            if not self._authorized():
                return
            reply = stub.reply
            if reply.stall_before_headers:
                stub.release.wait(STALL_LIMIT_S)
                return
            if reply.status != 200 or reply.body is not None:
                self._send(reply.status, reply.body or b"", reply.content_type)
                return
            self._stream(reply)

        def _record(self, body: dict[str, Any] | None) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            stub.received.append(Received(self.command, self.path, headers, body))

        def _authorized(self) -> bool:
            if stub.api_key is None:
                return True
            if self.headers.get("Authorization") == f"Bearer {stub.api_key}":
                return True
            error = {"error": {"message": "Invalid API key", "type": "invalid_request_error"}}
            self._send(401, json.dumps(error).encode(), "application/json")
            return False

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, reply: Reply) -> None:
            self.send_response(200)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for index, text in enumerate(reply.fragments):
                    if reply.stall_after is not None and index >= reply.stall_after:
                        self._stall()
                        return
                    self._event({"model": reply.model, "choices": [{"delta": {"content": text}}]})
                if reply.stall_after is not None:
                    self._stall()
                    return
                if reply.error_chunk is not None:
                    self._event({"error": reply.error_chunk})
                if reply.usage is not None:
                    self._event({"model": reply.model, "choices": [], "usage": reply.usage})
                self.wfile.write(b"data: [DONE]\n\n")
            except OSError:
                stub.disconnected.set()

        def _event(self, data: dict[str, Any]) -> None:
            self.wfile.write(b": keep-alive comment\n")
            self.wfile.write(b"data: " + json.dumps(data).encode() + b"\n\n")
            self.wfile.flush()

        def _stall(self) -> None:
            # Wait for the test to release us; then probe whether the client went away.
            stub.release.wait(STALL_LIMIT_S)
            # The first write after the client left may still be buffered; a later one fails.
            for _ in range(40):
                try:
                    self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                except OSError:
                    stub.disconnected.set()
                    return
                threading.Event().wait(0.05)

    return Handler
