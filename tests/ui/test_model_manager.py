"""The model manager: catalog state, import with hash progress, roles, verify, remove, settings,
and a pull from a hub stand-in on 127.0.0.1 that is cut half-way and then resumed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import huggingface_hub.constants
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.paths import models_dir
from app.llm.catalog import Catalog, load_catalog
from app.llm.engine import Progress
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from app.ui.model_jobs import RateMeter, human_duration
from app.ui.model_manager import ModelManager
from app.ui.workers import TaskRunner
from tests.llm.gguf_writer import gguf_bytes
from tests.llm.hub_stub import HubStub, serve

PAYLOAD = gguf_bytes(tensors={"x.weight": 64 * 1024})
CATALOG = f"""
schema = 1
default = "stub"

[[model]]
id = "stub"
display_name = "Stub model"
repo = "test/stub-GGUF"
revision = "0123456789abcdef0123456789abcdef01234567"
file = "stub.gguf"
size_bytes = {len(PAYLOAD)}
sha256 = "{hashlib.sha256(PAYLOAD).hexdigest()}"
license = "MIT"
context_length = 512
ram_mb = 1
roles = ["generate", "review"]
"""


@pytest.fixture
def catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(CATALOG)
    loaded = load_catalog(path)
    monkeypatch.setattr("app.llm.registry.load_catalog", lambda: loaded)
    return loaded


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app runs offline; a pull lifts that for itself. Small chunks for a small file."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(huggingface_hub.constants, "DOWNLOAD_CHUNK_SIZE", 4096)


@pytest.fixture
def manager(qtbot: QtBot, catalog: Catalog) -> Iterator[ModelManager]:
    runner = TaskRunner()
    widget = ModelManager(runner)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.changed, timeout=30_000):
        widget.refresh()
    yield widget
    assert runner.shutdown(10_000)


def finish(manager: ModelManager, qtbot: QtBot, action: object) -> None:
    """Run an action, and wait until the manager has shown the refreshed state."""
    with qtbot.waitSignal(manager.changed, timeout=60_000):
        action()  # type: ignore[operator]


def state_of(manager: ModelManager, model_id: str) -> str:
    manager.select(model_id)
    row = manager.table.currentRow()
    item = manager.table.item(row, 3)
    return item.text() if item is not None else ""


def test_the_catalog_is_listed_with_size_memory_fit_and_state(manager: ModelManager) -> None:
    assert manager.table.rowCount() == 1
    texts = [manager.table.item(0, c).text() for c in range(5)]  # type: ignore[union-attr]
    assert "Stub model (default)" in texts[0]
    assert "fits this machine" in texts[2]
    assert texts[3] == "not installed"
    assert not manager.buttons["verify"].isEnabled()


def test_an_imported_gguf_is_hashed_registered_and_can_take_a_role(
    manager: ModelManager, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "my-model.gguf"
    path.write_bytes(gguf_bytes(tensors={"w.weight": 4096}))
    finish(manager, qtbot, lambda: manager.import_path(path))
    assert "imported my-model" in manager.banner.text.text()
    assert state_of(manager, "my-model").startswith("verified")
    finish(manager, qtbot, lambda: manager.buttons["review"].click())
    db = open_database()
    assert ModelRegistry(db).effective_roles()["review"] == "my-model"
    db.close()
    finish(manager, qtbot, lambda: manager.buttons["verify"].click())
    assert "matches" in manager.banner.text.text()


def test_removing_asks_first_then_unregisters(
    manager: ModelManager, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "spare.gguf"
    path.write_bytes(gguf_bytes())
    finish(manager, qtbot, lambda: manager.import_path(path))
    manager.select("spare")
    qtbot.mouseClick(manager.buttons["remove"], Qt.MouseButton.LeftButton)
    assert manager.banner.level == "warning" and "Remove spare?" in manager.banner.text.text()
    finish(manager, qtbot, manager.banner.action_button.click)
    assert manager.table.rowCount() == 1
    assert path.exists()  # an imported file is only unregistered


def test_engine_settings_are_saved(manager: ModelManager, qtbot: QtBot) -> None:
    manager.threads.setValue(3)
    manager.context.setValue(4096)
    finish(manager, qtbot, manager.buttons["settings"].click)
    db = open_database()
    settings = ModelRegistry(db).engine_settings()
    db.close()
    assert (settings.threads, settings.context_size, settings.gpu_layers) == (3, 4096, 0)


@pytest.mark.usefixtures("offline")
def test_a_pull_resumes_an_earlier_partial_download_and_goes_offline_again(
    manager: ModelManager, catalog: Catalog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = models_dir() / ".stub.gguf.part"  # what an interrupted pull leaves behind
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(PAYLOAD[:100_000])
    finish(manager, qtbot, manager.refresh)
    assert "partly downloaded (100.0 KB)" in state_of(manager, "stub")
    assert manager.buttons["pull"].text() == "Resume pull"
    entry = catalog.default
    stub = HubStub(entry.repo, entry.revision, entry.file, PAYLOAD)
    online: list[object] = []
    manager.network.connect(online.append)
    with serve(stub) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
        finish(manager, qtbot, manager.buttons["pull"].click)
    assert state_of(manager, "stub").startswith("verified")
    assert stub.gets() == ["bytes=100000-"]
    assert online[0] == "downloading stub" and online[-1] is None
    assert "SHA-256" in manager.banner.text.text()


def test_download_progress_reads_as_amount_speed_and_time_left() -> None:
    meter = RateMeter()
    meter.add(Progress("download", 0, 1_000_000_000), now=0.0)
    meter.add(Progress("download", 100_000_000, 1_000_000_000), now=4.0)
    text = meter.describe(Progress("download", 100_000_000, 1_000_000_000))
    assert text == "100.0 MB of 1.0 GB, 25.0 MB/s, 36 s left"
    assert human_duration(3725) == "1 h 2 min"
