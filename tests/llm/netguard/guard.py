"""Refuse and record every attempt to reach a non-loopback address from this process.

Used by the offline test in the test process itself and, through sitecustomize.py on
PYTHONPATH, in the engine host child process.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any

Record = Callable[[str], None]


def is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host is None or host in ("localhost", "ip6-localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False  # any other host name: resolving it is already a network attempt


def guarded_functions(record: Record) -> dict[tuple[Any, str], Callable[..., Any]]:
    """Replacements for the socket calls that reach out, keyed by (owner, attribute)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo

    def refuse(what: str) -> None:
        record(what)
        raise OSError(f"network access blocked by the offline test: {what}")

    def check(sock: socket.socket, address: Any) -> None:
        inet = sock.family in (socket.AF_INET, socket.AF_INET6)
        if inet and not is_loopback(address[0]):
            refuse(f"connect {address!r}")

    def connect(self: socket.socket, address: Any) -> None:
        check(self, address)
        real_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        check(self, address)
        return real_connect_ex(self, address)

    def sendto(self: socket.socket, data: bytes, *args: Any) -> int:
        check(self, args[-1])
        return real_sendto(self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            refuse(f"getaddrinfo {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    return {
        (socket.socket, "connect"): connect,
        (socket.socket, "connect_ex"): connect_ex,
        (socket.socket, "sendto"): sendto,
        (socket, "getaddrinfo"): getaddrinfo,
    }


def install(record: Record) -> None:
    """Install for the life of the process (the child host)."""
    for (owner, name), function in guarded_functions(record).items():
        setattr(owner, name, function)
