"""The model manager's inference-server box, the engines the app gets for a server role, and
the offline indicator naming the server host. A stub server on 127.0.0.1 stands in for the
team's server; a public address is only ever checked, never contacted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.llm.catalog import Catalog, load_catalog
from app.llm.endpoints import Endpoint
from app.llm.openai_compat import OpenAICompatibleEngine
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from app.ui.endpoint_jobs import EndpointsSnapshot
from app.ui.endpoint_panel import EndpointPanel
from app.ui.engines import LocalEngineSource
from app.ui.model_manager import ModelManager
from app.ui.status_bar import StatusBar
from app.ui.workers import TaskRunner
from tests.llm.openai_stub import StubServer, serve

CATALOG = """
schema = 1
default = "stub"

[[model]]
id = "stub"
display_name = "Stub model"
repo = "test/stub-GGUF"
revision = "0123456789abcdef0123456789abcdef01234567"
file = "stub.gguf"
approx_size_gb = 0.001
sha256 = ""
license = "MIT"
context_length = 512
ram_mb = 1
roles = ["generate", "review"]
"""


@pytest.fixture(autouse=True)
def keys_in_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRLOCK_CREDENTIALS", "file")


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG)
    loaded = load_catalog(path)
    monkeypatch.setattr("app.llm.registry.load_catalog", lambda: loaded)
    return loaded


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with serve() as server:
        yield server


@pytest.fixture
def manager(qtbot: QtBot, catalog: Catalog) -> Iterator[ModelManager]:
    runner = TaskRunner()
    widget = ModelManager(runner)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    settle(widget, qtbot)
    yield widget
    assert runner.shutdown(10_000)


def settle(manager: ModelManager, qtbot: QtBot) -> None:
    """Wait until the job and both refreshes (models, servers) have finished."""
    qtbot.waitUntil(lambda: not manager._runner.is_busy(), timeout=30_000)


def fill(manager: ModelManager, url: str, model: str = "stub-model", key: str = "") -> None:
    panel = manager.endpoints
    panel.select_role("review")
    panel.url.setText(url)
    panel.model.setText(model)
    panel.api_key.setText(key)


def stored_registry() -> ModelRegistry:
    return ModelRegistry(open_database())


def test_test_connection_lists_the_served_models_and_keeps_the_form(
    manager: ModelManager, qtbot: QtBot, stub: StubServer
) -> None:
    stub.models = ["stub-model", "bigger-model"]
    online: list[object] = []
    manager.network.connect(online.append)
    fill(manager, stub.url(), key="sk-typed")

    manager.buttons["endpoint-test"].click()
    settle(manager, qtbot)

    assert "it serves stub-model, bigger-model" in manager.banner.text.text()
    assert stub.received[-1].path == "/v1/models"
    assert stub.received[-1].headers["authorization"] == "Bearer sk-typed"
    assert online == [f"testing {stub.url()}", None]
    assert manager.endpoints.url.text() == stub.url()  # not saved, not reset
    assert stored_registry().endpoint_for_role("review") is None


def test_using_a_server_saves_it_for_the_role_with_its_key(
    manager: ModelManager, qtbot: QtBot, stub: StubServer
) -> None:
    fill(manager, stub.url(), key="sk-saved")
    manager.buttons["endpoint-save"].click()
    settle(manager, qtbot)

    registry = stored_registry()
    assert registry.effective_roles()["review"] == f"endpoint:127.0.0.1:{stub.port}/stub-model"
    assert registry.endpoint_api_key("review") == "sk-saved"
    panel = manager.endpoints
    assert f"Reviewing: stub-model on 127.0.0.1:{stub.port}" in panel.current.text()
    assert panel.api_key.text() == "" and "a key is stored" in panel.api_key.placeholderText()
    assert panel.url.text() == f"{stub.url()}/v1"
    assert manager.snapshot is not None
    assert manager.snapshot.roles["review"].startswith("endpoint:")

    panel.buttons["endpoint-clear"].click()
    settle(manager, qtbot)
    assert stored_registry().endpoint_for_role("review") is None
    assert "uses the local model stub again" in manager.banner.text.text()


def test_a_late_snapshot_keeps_the_typed_form_and_a_saved_server_fills_it(qtbot: QtBot) -> None:
    # The first snapshot can arrive after the user started typing (or after a failed first
    # refresh): only a change of the role's stored server replaces the form.
    panel = EndpointPanel()
    qtbot.addWidget(panel)
    panel.select_role("review")
    panel.url.setText("http://typed:8000")
    nothing = EndpointsSnapshot(endpoints={}, has_key={}, allowed_hosts=())
    panel.show_snapshot(nothing)
    panel.show_snapshot(nothing)
    assert panel.url.text() == "http://typed:8000"

    saved = Endpoint(url="http://gpu.lan:8000/v1", model="big")
    panel.show_snapshot(
        EndpointsSnapshot(endpoints={"review": saved}, has_key={"review": True}, allowed_hosts=())
    )
    assert (panel.url.text(), panel.model.text()) == ("http://gpu.lan:8000/v1", "big")
    assert "a key is stored" in panel.api_key.placeholderText()
    panel.url.setText("http://other:8000")  # editing the saved server, before saving
    panel.show_snapshot(
        EndpointsSnapshot(endpoints={"review": saved}, has_key={"review": True}, allowed_hosts=())
    )
    assert panel.url.text() == "http://other:8000"
    panel.show_snapshot(nothing)  # cleared elsewhere
    assert panel.url.text() == ""


def test_a_public_host_needs_a_confirmation_before_it_is_used(
    manager: ModelManager, qtbot: QtBot
) -> None:
    fill(manager, "http://93.184.216.34:8000")
    manager.buttons["endpoint-save"].click()
    settle(manager, qtbot)

    assert manager.banner.level == "warning"
    assert "send the code under review" in manager.banner.text.text()
    assert manager.banner.action_button.text() == "Allow 93.184.216.34 and use it"
    assert stored_registry().endpoint_for_role("review") is None

    manager.banner.action_button.click()  # the confirmation
    settle(manager, qtbot)
    registry = stored_registry()
    assert registry.allowed_hosts() == ["93.184.216.34"]
    assert registry.endpoint_for_role("review") is not None
    assert "Allowed public hosts: 93.184.216.34" in manager.endpoints.current.text()


def test_the_app_gets_a_server_engine_for_a_server_role(catalog: Catalog, stub: StubServer) -> None:
    stored_registry().use_endpoint("review", stub.url(), "stub-model")
    source = LocalEngineSource()
    ignore = lambda _: None  # noqa: E731
    choice = source.choice("review", progress=ignore, should_cancel=lambda: False)

    assert isinstance(choice.engine, OpenAICompatibleEngine)
    assert (choice.model_id, choice.model_sha256) == (
        f"endpoint:127.0.0.1:{stub.port}/stub-model",
        None,
    )
    again = source.choice("review", progress=ignore, should_cancel=lambda: False)
    assert again.engine is choice.engine
    assert "".join(choice.engine.stream_chat([])) == "Hello, world"
    assert source.last_timing() is not None
    source.close()
    assert choice.engine.info().running is False


def test_the_offline_indicator_names_the_server_host(qtbot: QtBot) -> None:
    bar = StatusBar()
    qtbot.addWidget(bar)
    bar.set_models({"generate": "qwen2.5-coder-0.5b", "review": "endpoint:llm.corp:8000/qwen-32b"})

    assert "Offline except llm.corp:8000" in bar.network.text()
    assert "review role(s) use the inference server at llm.corp:8000" in bar.network.toolTip()
    assert bar.models.text() == "Generate: qwen2.5-coder-0.5b · Review: qwen-32b on llm.corp:8000"
    bar.set_online("downloading qwen2.5-coder-7b")
    assert "Online: downloading" in bar.network.text()
    bar.set_online(None)
    assert "Offline except llm.corp:8000" in bar.network.text()

    bar.set_models({"generate": "qwen2.5-coder-0.5b", "review": "qwen2.5-coder-0.5b"})
    assert bar.network.text().endswith("Offline")
    assert "model download" in bar.network.toolTip()
