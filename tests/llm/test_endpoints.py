"""Where Airlock may send code: endpoint URLs, the allowed networks, the allow-list, and a
role's endpoint as the registry stores it (a real SQLite file; no connection is ever made)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from app.core.errors import NetworkForbidden, UserInputError
from app.core.paths import database_path
from app.llm.catalog import Catalog
from app.llm.credentials import FileStore, key_name
from app.llm.endpoints import (
    Endpoint,
    EndpointNotAllowed,
    EndpointUnreachable,
    HostPolicy,
    allowed_network,
    endpoint_host,
    normalize_url,
)
from app.llm.registry import ModelRegistry


@pytest.fixture(autouse=True)
def keys_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real OS keyring."""
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A DNS stand-in: names map to the addresses a test gives; no real lookup happens."""
    names: dict[str, list[str]] = {}

    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in names[host]]

    monkeypatch.setattr("app.llm.endpoints.socket.getaddrinfo", getaddrinfo)
    return names


# -- URLs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://gpu-box:8000", "http://gpu-box:8000/v1"),
        ("http://GPU-Box:8000/", "http://gpu-box:8000/v1"),
        ("https://llm.corp.internal/v1/", "https://llm.corp.internal/v1"),
        ("https://llm.corp.internal/qwen", "https://llm.corp.internal/qwen/v1"),
        ("http://[::1]:8080", "http://[::1]:8080/v1"),
    ],
)
def test_an_endpoint_url_is_normalised_to_the_api_base(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("ftp://gpu-box/", "http:// or https://"),
        ("gpu-box:8000", "http:// or https://"),
        ("http:///v1", "no host name"),
        ("http://gpu-box:eighty", "not a valid URL"),
        ("http://gpu-box:8000/v1?key=1", "without ?query"),
    ],
)
def test_a_url_that_is_not_a_server_base_is_refused(given: str, message: str) -> None:
    with pytest.raises(UserInputError, match=message.replace("?", r"\?")):
        normalize_url(given)


def test_credentials_in_the_url_are_refused_and_not_repeated() -> None:
    with pytest.raises(UserInputError, match="api-key-stdin") as raised:
        normalize_url("https://bob:hunter2@llm.corp.internal/v1")
    assert "hunter2" not in str(raised.value)


def test_the_model_id_names_host_port_and_model() -> None:
    endpoint = Endpoint("http://gpu-box:8000/v1", "Qwen/Qwen2.5-Coder-32B-Instruct")
    assert endpoint.model_id == "endpoint:gpu-box:8000/Qwen/Qwen2.5-Coder-32B-Instruct"
    assert endpoint_host(endpoint.model_id) == "gpu-box:8000"
    assert endpoint_host("qwen2.5-coder-0.5b") is None


# -- networks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.20",
     "169.254.10.1", "::1", "fd12:3456::1", "fe80::1", "::ffff:10.0.0.7"],
)  # fmt: skip
def test_this_machine_and_private_networks_are_allowed(address: str) -> None:
    assert allowed_network(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize(
    "address",
    [
        "93.184.216.34",  # public
        "8.8.8.8",
        "172.32.0.1",  # just outside 172.16.0.0/12
        "100.64.0.1",  # carrier-grade NAT: not a company network
        "192.0.2.10",  # documentation: ipaddress calls it private, we do not
        "198.18.0.1",  # benchmarking
        "0.0.0.0",  # "all interfaces" is not a server address
        "2001:db8::1",
        "2606:4700::1111",
        "::ffff:8.8.8.8",  # a public IPv4 address written as IPv6
    ],
)
def test_public_and_special_addresses_are_not_allowed(address: str) -> None:
    assert allowed_network(ipaddress.ip_address(address)) is None


def test_a_public_ip_literal_is_refused_without_a_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_lookup(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("looked up an IP literal")

    monkeypatch.setattr("app.llm.endpoints.socket.getaddrinfo", no_lookup)
    with pytest.raises(EndpointNotAllowed, match=r"93\.184\.216\.34 is a public address") as raised:
        HostPolicy().addresses("93.184.216.34", 80)
    assert isinstance(raised.value, NetworkForbidden)
    assert "airlock models allow-host 93.184.216.34 --yes" in str(raised.value)


def test_a_name_is_allowed_only_if_every_address_is_private(
    resolver: dict[str, list[str]],
) -> None:
    resolver["llm.corp.internal"] = ["10.0.0.5", "fd00::5"]
    resolver["split.corp.internal"] = ["10.0.0.6", "93.184.216.34"]
    addresses = HostPolicy().addresses("llm.corp.internal", 443)
    assert [str(a) for a in addresses] == ["10.0.0.5", "fd00::5"]
    with pytest.raises(EndpointNotAllowed, match=r"\(93.184.216.34\)"):
        HostPolicy().addresses("split.corp.internal", 443)


def test_an_allow_listed_name_may_resolve_to_a_public_address(
    resolver: dict[str, list[str]],
) -> None:
    resolver["llm.partner.example"] = ["93.184.216.34"]
    policy = HostPolicy.of(["LLM.Partner.Example."])
    assert [str(a) for a in policy.addresses("llm.partner.example", 443)] == ["93.184.216.34"]


def test_a_name_that_does_not_resolve_says_to_check_the_network(
    resolver: dict[str, list[str]],
) -> None:
    with pytest.raises(EndpointUnreachable, match=r"cannot resolve.*VPN"):
        HostPolicy().addresses("llm.corp.internal", 443)


# -- a role's endpoint in the registry ------------------------------------------------------


@pytest.fixture
def endpoints_registry(db: sqlite_utils.Database, tiny_catalog: Catalog) -> ModelRegistry:
    return ModelRegistry(db, catalog=tiny_catalog)


def test_a_role_can_use_a_local_server_and_the_roles_show_it(
    endpoints_registry: ModelRegistry,
) -> None:
    endpoint = endpoints_registry.use_endpoint("review", "http://127.0.0.1:8080", "qwen-32b")

    assert endpoint == Endpoint("http://127.0.0.1:8080/v1", "qwen-32b")
    assert endpoints_registry.endpoint_for_role("review") == endpoint
    assert endpoints_registry.endpoint_for_role("generate") is None
    assert endpoints_registry.effective_roles() == {
        "generate": "tiny",
        "review": "endpoint:127.0.0.1:8080/qwen-32b",
    }
    with pytest.raises(UserInputError, match="uses the inference server"):
        endpoints_registry.model_for_role("review")


def test_a_public_endpoint_is_refused_until_its_host_is_allowed(
    endpoints_registry: ModelRegistry, resolver: dict[str, list[str]]
) -> None:
    resolver["llm.partner.example"] = ["93.184.216.34"]
    with pytest.raises(EndpointNotAllowed):
        endpoints_registry.use_endpoint("review", "https://llm.partner.example", "m")
    assert endpoints_registry.endpoint_for_role("review") is None

    assert endpoints_registry.allow_host("LLM.partner.example") == "llm.partner.example"
    endpoints_registry.use_endpoint("review", "https://llm.partner.example", "m")
    assert endpoints_registry.allowed_hosts() == ["llm.partner.example"]
    assert endpoints_registry.endpoint_for_role("review") is not None

    assert endpoints_registry.disallow_host("llm.partner.example")
    with pytest.raises(EndpointNotAllowed):
        endpoints_registry.use_endpoint("generate", "https://llm.partner.example", "m")


@pytest.mark.parametrize("host", ["http://x.example", "x.example/v1", "", "a b"])
def test_only_a_host_name_can_be_allowed(endpoints_registry: ModelRegistry, host: str) -> None:
    with pytest.raises(UserInputError, match="not a host name"):
        endpoints_registry.allow_host(host)


def test_the_api_key_goes_to_the_key_store_never_to_the_database(
    endpoints_registry: ModelRegistry, db: sqlite_utils.Database
) -> None:
    endpoints_registry.use_endpoint(
        "review", "http://10.0.0.5:8000", "m", api_key="sk-canary-key-31337"
    )
    assert endpoints_registry.endpoint_api_key("review") == "sk-canary-key-31337"
    assert endpoints_registry.endpoint_key_store("review") == "file"
    db.execute("PRAGMA wal_checkpoint(FULL)")
    raw = database_path().read_bytes() + database_path().with_suffix(".db-wal").read_bytes()
    assert b"sk-canary-key-31337" not in raw
    assert b"http://10.0.0.5:8000/v1" in raw  # the row itself was written


def test_a_key_is_kept_for_the_same_url_and_dropped_for_another(
    endpoints_registry: ModelRegistry,
) -> None:
    endpoints_registry.use_endpoint("review", "http://10.0.0.5:8000", "m", api_key="k1")
    endpoints_registry.use_endpoint("review", "http://10.0.0.5:8000/v1", "m", timeout_s=30)
    assert endpoints_registry.endpoint_api_key("review") == "k1"

    endpoints_registry.use_endpoint("review", "http://10.0.0.9:8000", "m")
    assert endpoints_registry.endpoint_api_key("review") is None
    assert not FileStore().path(key_name("review")).exists()


def test_switching_back_to_a_local_model_forgets_the_endpoint_and_its_key(
    endpoints_registry: ModelRegistry, tiny_gguf: Path
) -> None:
    endpoints_registry.import_file(tiny_gguf, model_id="mine")
    endpoints_registry.use_endpoint("review", "http://127.0.0.1:9", "m", api_key="k1")
    endpoints_registry.use("mine", "review")

    assert endpoints_registry.endpoint_for_role("review") is None
    assert endpoints_registry.effective_roles()["review"] == "mine"
    assert not FileStore().path(key_name("review")).exists()


def test_endpoint_settings_are_checked(endpoints_registry: ModelRegistry, tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="--model NAME"):
        endpoints_registry.use_endpoint("review", "http://127.0.0.1:9", " ")
    with pytest.raises(UserInputError, match="timeout must be positive"):
        endpoints_registry.use_endpoint("review", "http://127.0.0.1:9", "m", timeout_s=0)
    with pytest.raises(UserInputError, match="is not a file"):
        endpoints_registry.use_endpoint(
            "review", "http://127.0.0.1:9", "m", ca_bundle=tmp_path / "missing.pem"
        )
    with pytest.raises(UserInputError, match="unknown role"):
        endpoints_registry.use_endpoint("triage", "http://127.0.0.1:9", "m")
    assert endpoints_registry.endpoints() == {}
