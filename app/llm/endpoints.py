"""Which inference servers Airlock may send code to: the endpoint URL rules and the allow-list.

An endpoint is an OpenAI-compatible server the user configured for a role. Code and prompts
go to it, so where it is matters. Every address its host name resolves to must be in one of
ALLOWED_NETWORKS (this machine, or a private network), or the host name must be on the
allow-list, which only an explicit user action adds to (`airlock models allow-host NAME
--yes`, or the confirmation dialog in the model manager).

We do not use `ipaddress`' `is_private`: it is also true for documentation ranges
(192.0.2.0/24, 2001:db8::/32), benchmarking (198.18.0.0/15), "reserved" 240.0.0.0/4 and more,
none of which is a company network. The list below is exactly what is allowed.

The check runs when an endpoint is configured and again at every connection (see
GuardedBackend in app.llm.openai_compat), because a name can resolve differently later.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from app.core.errors import EngineError, NetworkForbidden, UserInputError

DEFAULT_TIMEOUT_S = 120.0
MODEL_ID_PREFIX = "endpoint:"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# (network, what it is). Loopback, RFC 1918 private ranges, link-local, IPv6 unique local.
ALLOWED_NETWORKS: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ipaddress.ip_network(net), what)
    for net, what in (
        ("127.0.0.0/8", "loopback"),
        ("10.0.0.0/8", "private (RFC 1918)"),
        ("172.16.0.0/12", "private (RFC 1918)"),
        ("192.168.0.0/16", "private (RFC 1918)"),
        ("169.254.0.0/16", "link-local"),
        ("::1/128", "loopback"),
        ("fc00::/7", "unique local (RFC 4193)"),
        ("fe80::/10", "link-local"),
    )
)


class EndpointNotAllowed(NetworkForbidden):
    """The endpoint's host is a public address and is not on the allow-list."""


class EndpointUnreachable(EngineError):
    """The inference server cannot be reached (name not found, refused, timed out)."""


@dataclass(frozen=True)
class Endpoint:
    """Where a role's requests go. `url` is the API base, ending in /v1."""

    url: str
    model: str
    ca_bundle: Path | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S

    @property
    def host(self) -> str:
        return host_key(urlsplit(self.url).hostname or "")

    @property
    def port(self) -> int:
        parts = urlsplit(self.url)
        return parts.port or (443 if parts.scheme == "https" else 80)

    @property
    def netloc(self) -> str:
        """host[:port] as written in the URL: what the UI and the audit record show."""
        return urlsplit(self.url).netloc

    @property
    def model_id(self) -> str:
        """The id the audit record and the role list use: `endpoint:<host[:port]>/<model>`."""
        return f"{MODEL_ID_PREFIX}{self.netloc}/{self.model}"


def normalize_url(url: str) -> str:
    """The API base for `url`: http(s) only, no credentials, query or fragment; ends in /v1.

    `http://gpu-box:8000`, `http://gpu-box:8000/` and `http://gpu-box:8000/v1` are the same
    endpoint; a proxy path is kept (`https://llm.corp/qwen` -> `https://llm.corp/qwen/v1`).
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise UserInputError(f"{url!r} is not a valid URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise UserInputError(f"{url!r}: use an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise UserInputError(
            f"{_redacted(parts.scheme, parts.hostname, port)}: do not put credentials in the "
            "URL; give the API key with --api-key-stdin (it is kept in the OS keyring)"
        )
    if not parts.hostname:
        raise UserInputError(f"{url!r} has no host name")
    if parts.query or parts.fragment:
        raise UserInputError(f"{url!r}: give the server's base URL without ?query or #fragment")
    path = parts.path.rstrip("/")
    if not path.endswith("/v1"):
        path += "/v1"
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, "", ""))


def make_endpoint(
    url: str,
    model: str,
    *,
    ca_bundle: Path | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
) -> Endpoint:
    """An Endpoint from what the user typed, checked (not yet against the host policy)."""
    if not model.strip():
        raise UserInputError("give the model name the server knows (--model NAME)")
    if timeout_s <= 0:
        raise UserInputError(f"the timeout must be positive, got {timeout_s:g}")
    if ca_bundle is not None and not ca_bundle.expanduser().is_file():
        raise UserInputError(f"CA bundle {ca_bundle} is not a file")
    bundle = ca_bundle.expanduser().resolve() if ca_bundle else None
    return Endpoint(normalize_url(url), model.strip(), bundle, float(timeout_s))


def _redacted(scheme: str, host: str | None, port: int | None) -> str:
    return f"{scheme}://{host or '?'}" + (f":{port}" if port else "")


def host_key(host: str) -> str:
    """A host name as the allow-list compares it: lower case, no trailing dot or brackets."""
    return host.strip().strip("[]").rstrip(".").lower()


def allowed_network(address: IPAddress) -> str | None:
    """What kind of network `address` is in, if it is one Airlock sends code to unasked."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:8.8.8.8 is 8.8.8.8
    for network, what in ALLOWED_NETWORKS:
        if address.version == network.version and address in network:
            return what
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` stands for; an IP literal is returned without any lookup."""
    literal = _literal(host)
    if literal is not None:
        return [literal]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise EndpointUnreachable(
            f"cannot resolve the inference server's host name {host!r}: {exc}; check the URL "
            "and that this machine is on the company network (VPN)"
        ) from exc
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in found:
            found.append(address)
    return found


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host_key(host).split("%")[0])
    except ValueError:
        return None


@dataclass(frozen=True)
class HostPolicy:
    """Decides whether a connection to a host may be made: the allow-list and the networks."""

    allowed_hosts: frozenset[str] = frozenset()

    @classmethod
    def of(cls, hosts: list[str] | tuple[str, ...] | frozenset[str]) -> HostPolicy:
        return cls(frozenset(host_key(host) for host in hosts))

    def is_allowed_by_name(self, host: str) -> bool:
        return host_key(host) in self.allowed_hosts

    def addresses(self, host: str, port: int) -> list[IPAddress]:
        """The addresses to connect to for host:port; raises EndpointNotAllowed for a public
        address that was not allowed by name. A literal public IP is refused without any
        lookup or connection."""
        literal = _literal(host)
        if literal is not None and not self.is_allowed_by_name(host):
            self._check([literal], host)  # refused before anything touches the network
            return [literal]
        addresses = resolve(host, port)
        if not self.is_allowed_by_name(host):
            self._check(addresses, host)
        return addresses

    def _check(self, addresses: list[IPAddress], host: str) -> None:
        public = [str(address) for address in addresses if allowed_network(address) is None]
        if not public:
            return
        name = host_key(host)
        raise EndpointNotAllowed(
            f"{name} is a public address ({', '.join(public)}), not this machine or a private "
            "network; Airlock sends code and prompts to an inference server, so a public host "
            f"must be allowed by name first: `airlock models allow-host {name} --yes`"
        )


def check_endpoint(endpoint: Endpoint, policy: HostPolicy) -> list[IPAddress]:
    """Refuse an endpoint the policy does not allow (resolving its name, not connecting)."""
    return policy.addresses(endpoint.host, endpoint.port)


def endpoint_host(model_id: str) -> str | None:
    """The host[:port] an `endpoint:` model id names, or None for a local model id."""
    if not model_id.startswith(MODEL_ID_PREFIX):
        return None
    return model_id[len(MODEL_ID_PREFIX) :].split("/", 1)[0] or None


@runtime_checkable
class RemoteEngine(Protocol):
    """An engine that sends requests to a server (OpenAICompatibleEngine)."""

    def audit_fields(self) -> dict[str, str | None]: ...


def engine_audit(engine: object) -> dict[str, str | None]:
    """What a review or session records about a remote engine: {"endpoint", "server_model"};
    nothing for a local one (its model file's SHA-256 is recorded instead)."""
    return engine.audit_fields() if isinstance(engine, RemoteEngine) else {}
