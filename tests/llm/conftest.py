"""Fixtures for app.llm: tiny GGUF files, fake model packages, a test catalog, the real model."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from app.core.paths import models_dir
from app.llm.catalog import Catalog, load_catalog
from app.llm.embedded import assemble
from app.llm.engine import EngineSettings
from app.llm.local import LocalEngine
from app.llm.offline import OFFLINE_ENV
from app.llm.registry import ModelRegistry
from app.store.db import open_database
from tests.llm.gguf_writer import gguf_bytes

# The settings the integration tests and the benchmark run the real model with: two threads
# (the CI machine has two cores) and a context that holds the ~2,000-token cancel prompt.
TEST_SETTINGS = EngineSettings(threads=2, context_size=4096, batch_size=512)


@pytest.fixture(autouse=True)
def restore_offline_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    """enforce_offline() changes the process environment; give each test its own copy."""
    for key in (*OFFLINE_ENV, "HF_HUB_OFFLINE"):
        if key in os.environ:
            monkeypatch.setenv(key, os.environ[key])
        else:
            monkeypatch.delenv(key, raising=False)
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", constants.HF_HUB_OFFLINE)


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_database()
    yield database
    database.close()


@pytest.fixture
def tiny_gguf(tmp_path: Path) -> Path:
    path = tmp_path / "tiny-model.gguf"
    path.write_bytes(gguf_bytes(tensors={"a.weight": 1024, "b.weight": 512}))
    return path


# -- fake model packages ----------------------------------------------------------------


def make_fake_packages(root: Path, prefix: str, payload: bytes, parts: int) -> list[str]:
    """Install-alike distributions `{prefix}-partN` whose data files concatenate to payload.

    Each package also has an __init__.py that records its import in a file: the tests assert
    that assembling never imports a model package's code.
    """
    size = -(-len(payload) // parts)
    names = []
    for index in range(parts):
        name = f"{prefix}-part{index + 1}"
        module = name.replace("-", "_")
        chunk = payload[index * size : (index + 1) * size]
        data = root / module / "data" / f"part{index + 1:02d}.bin"
        data.parent.mkdir(parents=True)
        data.write_bytes(chunk)
        init = root / module / "__init__.py"
        init.write_text(f"open({str(root / 'IMPORTED')!r}, 'a').write({module!r})\n")
        info = root / f"{module}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
        (info / "RECORD").write_text(
            f"{module}/__init__.py,,\n{module}/data/part{index + 1:02d}.bin,,{len(chunk)}\n"
            f"{module}-1.0.dist-info/METADATA,,\n{module}-1.0.dist-info/RECORD,,\n"
        )
        names.append(name)
    return names


TINY_CATALOG = """
schema = 1
default = "tiny"

[[model]]
id = "tiny"
display_name = "Tiny test model"
repo = "test/tiny-GGUF"
revision = "0123456789abcdef0123456789abcdef01234567"
file = "tiny.gguf"
size_bytes = {size}
sha256 = "{sha256}"
license = "MIT"
context_length = 512
ram_mb = 1
roles = ["generate", "review"]

[model.embedded]
extra = "tiny"
version = "1.0"
distributions = {distributions}

[[model]]
id = "unpinned"
display_name = "A model without a pinned hash"
repo = "test/unpinned-GGUF"
revision = "main"
file = "unpinned.gguf"
approx_size_gb = 0.001
sha256 = ""
license = "MIT"
context_length = 512
ram_mb = 1
roles = ["review"]
"""


@pytest.fixture
def tiny_payload() -> bytes:
    return gguf_bytes(tensors={"x.weight": 4096, "y.weight": 2048})


@pytest.fixture
def fake_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_payload: bytes
) -> list[str]:
    root = tmp_path / "site-packages"
    root.mkdir()
    names = make_fake_packages(root, "tiny-model", tiny_payload, parts=3)
    monkeypatch.syspath_prepend(str(root))
    return names


@pytest.fixture
def tiny_catalog(tmp_path: Path, tiny_payload: bytes, fake_packages: list[str]) -> Catalog:
    path = tmp_path / "catalog.toml"
    path.write_text(
        TINY_CATALOG.format(
            size=len(tiny_payload),
            sha256=hashlib.sha256(tiny_payload).hexdigest(),
            distributions=str(fake_packages).replace("'", '"'),
        )
    )
    return load_catalog(path)


@pytest.fixture
def registry(db: sqlite_utils.Database, tiny_catalog: Catalog) -> ModelRegistry:
    return ModelRegistry(db, catalog=tiny_catalog)


@pytest.fixture
def imported_marker(tmp_path: Path) -> Callable[[], bool]:
    """True once any fake model package's code has been imported."""
    marker = tmp_path / "site-packages" / "IMPORTED"
    return lambda: marker.exists() or any(name.startswith("tiny_model") for name in sys.modules)


# -- the real default model -------------------------------------------------------------


@pytest.fixture(scope="session")
def default_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded default model, assembled once per test session from its packages."""
    entry = load_catalog().default
    return assemble(entry, tmp_path_factory.mktemp("default-model") / entry.file)


@pytest.fixture(scope="module")
def model_engine(
    default_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalEngine]:
    """One warm engine host shared by a module's integration tests."""
    engine = LocalEngine(
        default_model,
        model_id="qwen2.5-coder-0.5b",
        settings=TEST_SETTINGS,
        log_dir=tmp_path_factory.mktemp("engine-logs"),
    )
    engine.start()
    yield engine
    engine.close()


@pytest.fixture
def default_model_in_home(default_model: Path) -> Path:
    """Place the assembled default model in this test's models dir, as first use would."""
    target = models_dir() / default_model.name
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(default_model, target)
    except OSError:
        shutil.copyfile(default_model, target)
    return target
