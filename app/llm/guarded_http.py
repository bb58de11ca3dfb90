"""An HTTP client that can only connect where the endpoint policy allows, and can be aborted.

httpx resolves host names and opens sockets in httpcore's network backend; ours wraps it so
that every connection re-checks the policy on the addresses it is about to use (a name may
resolve differently than when the endpoint was configured) and connects to exactly the
checked addresses. It also keeps the open sockets, so that cancel() can shut them down from
another thread: that wakes a thread blocked reading a slow server at once, which closing
the response alone does not do on Linux.

No proxy from the environment is used (trust_env=False): a proxy would see the code.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpcore
import httpx

from app.core.errors import UserInputError
from app.llm.endpoints import HostPolicy

_CONNECT_TIMEOUT_S = 10.0


class _TrackedStream(httpcore.NetworkStream):
    """A connection whose socket the backend can shut down from any thread."""

    def __init__(self, inner: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self._inner = inner
        self._backend = backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, timeout)

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, timeout)

    def close(self) -> None:
        self._backend.forget(self)
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # The TLS stream takes the socket over; keep tracking that one.
        self._inner = self._inner.start_tls(ssl_context, server_hostname, timeout)
        return self

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)

    def abort(self) -> None:
        sock = self._inner.get_extra_info("socket")
        if isinstance(sock, socket.socket):
            # socket.socket's own shutdown, also for an SSLSocket: no TLS close_notify dance.
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync backend behind the endpoint policy, with abort() for cancel."""

    def __init__(self, policy: HostPolicy, inner: httpcore.NetworkBackend | None = None) -> None:
        self._policy = policy
        self._inner = inner or httpcore.SyncBackend()
        self._lock = threading.Lock()
        self._open: set[_TrackedStream] = set()
        self._aborted = threading.Event()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._policy.addresses(host, port)  # raises EndpointNotAllowed
        failure: Exception | None = None
        for address in addresses:
            self._raise_if_aborted()
            try:
                stream = self._inner.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc  # try the next address of the name
                continue
            tracked = _TrackedStream(stream, self)
            with self._lock:
                self._open.add(tracked)
            # A cancel that came while connecting found nothing to shut down: apply it now.
            if self._aborted.is_set():
                tracked.close()
                self._raise_if_aborted()
            return tracked
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def _raise_if_aborted(self) -> None:
        if self._aborted.is_set():
            raise httpcore.ConnectError("the request was cancelled")

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used for inference servers")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)

    def forget(self, stream: _TrackedStream) -> None:
        with self._lock:
            self._open.discard(stream)

    def rearm(self) -> None:
        """Allow connections again after an abort(); called as each request starts."""
        self._aborted.clear()

    def abort(self) -> None:
        """Shut every open connection down (a blocked read returns at once) and refuse new
        ones until rearm()."""
        self._aborted.set()
        with self._lock:
            streams = list(self._open)
        for stream in streams:
            stream.abort()


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, ssl_context: ssl.SSLContext, backend: GuardedBackend) -> None:
        super().__init__(verify=ssl_context, trust_env=False)
        # httpx has no parameter for the network backend; its pool is replaced by an
        # identical one that uses ours (tests/llm/test_openai_engine.py checks that it does).
        # No keep-alive: every request gets its own connection, which cancel can shut.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_keepalive_connections=0,
            network_backend=backend,
        )


def ssl_context(ca_bundle: Path | None) -> ssl.SSLContext:
    """The system's trusted CAs, or only the given bundle (a company CA) when there is one."""
    if ca_bundle is None:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=str(ca_bundle))
    except (OSError, ssl.SSLError) as exc:
        raise UserInputError(
            f"cannot use {ca_bundle} as a CA bundle: {exc}; give a PEM file with the CA "
            "certificate(s) that signed the server's certificate"
        ) from exc


def guarded_client(
    *,
    policy: HostPolicy,
    ca_bundle: Path | None,
    timeout_s: float,
    headers: dict[str, str],
) -> tuple[httpx.Client, GuardedBackend]:
    """A client for one endpoint and the backend whose abort() cancels its requests."""
    backend = GuardedBackend(policy)
    transport = _GuardedTransport(ssl_context(ca_bundle), backend)
    client = httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(timeout_s, connect=min(_CONNECT_TIMEOUT_S, timeout_s)),
        headers=headers,
        trust_env=False,
        follow_redirects=False,
    )
    return client, backend
