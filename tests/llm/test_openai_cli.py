"""`airlock models use --endpoint`, `models test`, `models allow-host` and `models list`
end to end, with a stub server on 127.0.0.1 and a real database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils
from click.testing import CliRunner

import app.cli
from app.cli.models import models_group
from app.llm.catalog import Catalog
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from tests.llm.openai_stub import StubServer, serve


@pytest.fixture(autouse=True)
def keys_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")


@pytest.fixture
def cli(tiny_catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    class TestRegistry(ModelRegistry):
        def __init__(self, db: sqlite_utils.Database) -> None:
            super().__init__(db, catalog=tiny_catalog)

    monkeypatch.setattr("app.cli.models.ModelRegistry", TestRegistry)
    return CliRunner()


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with serve() as server:
        yield server


def registry() -> ModelRegistry:
    return ModelRegistry(open_database())


def test_use_endpoint_stores_the_server_for_the_role_and_list_shows_it(
    cli: CliRunner, stub: StubServer
) -> None:
    used = cli.invoke(
        models_group,
        ["use", "--role", "review", "--endpoint", stub.url(), "--model", "stub-model",
         "--api-key-stdin", "--timeout", "45"],
        input="sk-from-stdin\n",
    )  # fmt: skip
    listed = cli.invoke(models_group, ["list"])

    assert used.exit_code == 0, used.output
    assert f"review now uses stub-model on {stub.url()}/v1" in used.output
    assert "API key in a 0600 file, timeout 45 s" in used.output
    assert "code under review and the prompts are sent to that server" in used.output
    assert "sk-from-stdin" not in used.output
    assert listed.exit_code == 0, listed.output
    assert f"review: inference server {stub.url()}/v1, model stub-model" in listed.output
    tiny = next(line for line in listed.output.splitlines() if line.startswith("tiny "))
    assert tiny.rstrip().endswith("generate")  # review is no longer the local model's
    assert registry().endpoint_api_key("review") == "sk-from-stdin"


def test_models_test_connects_and_lists_what_the_server_serves(
    cli: CliRunner, stub: StubServer
) -> None:
    stub.api_key = "sk-team"
    stub.models = ["stub-model", "other"]
    cli.invoke(
        models_group,
        ["use", "--role", "review", "--endpoint", stub.url(), "--model", "stub-model",
         "--api-key-stdin"],
        input="sk-team\n",
    )  # fmt: skip
    tested = cli.invoke(models_group, ["test", "review"])

    assert tested.exit_code == 0, tested.output
    assert "it serves: stub-model, other" in tested.output
    assert stub.received[-1].headers["authorization"] == "Bearer sk-team"


def test_models_test_fails_for_a_model_the_server_does_not_serve(
    cli: CliRunner, stub: StubServer
) -> None:
    cli.invoke(
        models_group, ["use", "--role", "generate", "--endpoint", stub.url(), "--model", "nope"]
    )
    tested = cli.invoke(app.cli.main, ["models", "test", "generate"])
    assert tested.exit_code == 2
    assert "does not list the model 'nope'" in tested.output


def test_models_test_on_a_local_role_says_so(cli: CliRunner) -> None:
    tested = cli.invoke(app.cli.main, ["models", "test", "review"])
    assert tested.exit_code == 2
    assert "uses a local model" in tested.output


def test_a_public_endpoint_is_refused_with_the_command_that_allows_it(cli: CliRunner) -> None:
    result = cli.invoke(
        app.cli.main,
        ["models", "use", "--role", "review", "--endpoint", "http://93.184.216.34", "--model", "m"],
    )
    assert result.exit_code == 6  # NetworkForbidden
    assert "airlock models allow-host 93.184.216.34 --yes" in result.output
    assert registry().endpoint_for_role("review") is None


def test_allow_host_asks_for_confirmation(cli: CliRunner) -> None:
    declined = cli.invoke(models_group, ["allow-host", "llm.partner.example"], input="n\n")
    assert declined.exit_code == 1
    assert "send the code under review" in declined.output
    assert registry().allowed_hosts() == []

    confirmed = cli.invoke(models_group, ["allow-host", "llm.partner.example"], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert cli.invoke(models_group, ["allow-host", "93.184.216.34", "--yes"]).exit_code == 0
    assert registry().allowed_hosts() == ["93.184.216.34", "llm.partner.example"]
    listed = cli.invoke(models_group, ["list"])
    assert "allowed public hosts: 93.184.216.34, llm.partner.example" in listed.output

    removed = cli.invoke(models_group, ["allow-host", "llm.partner.example", "--remove"])
    assert "removed from the allow-list" in removed.output
    assert registry().allowed_hosts() == ["93.184.216.34"]


def test_use_model_id_switches_a_role_back_to_a_local_model(
    cli: CliRunner, stub: StubServer
) -> None:
    cli.invoke(models_group, ["list"])  # assembles the tiny embedded model
    cli.invoke(models_group, ["use", "--role", "review", "--endpoint", stub.url(), "--model", "m"])
    back = cli.invoke(models_group, ["use", "tiny", "--role", "review"])
    assert back.exit_code == 0, back.output
    assert registry().endpoint_for_role("review") is None
    assert registry().effective_roles()["review"] == "tiny"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--role", "review"], "give a MODEL_ID, or --endpoint URL"),
        (["tiny", "--role", "review", "--endpoint", "http://127.0.0.1:9"], "give a MODEL_ID"),
        (["--role", "review", "--endpoint", "http://127.0.0.1:9"], "needs --model NAME"),
    ],
)
def test_use_needs_a_model_id_or_an_endpoint_with_a_model(
    cli: CliRunner, arguments: list[str], message: str
) -> None:
    result = cli.invoke(app.cli.main, ["models", "use", *arguments])
    assert result.exit_code == 2
    assert message in result.output
