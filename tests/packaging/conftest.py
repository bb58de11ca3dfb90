"""Fixtures for the offline bundle: the builder module and a tiny fake bundle to verify."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALL_SH = REPO / "packaging" / "offline" / "install.sh"


def _load_builder() -> ModuleType:
    # packaging/ is a folder of scripts, not a package (and `packaging` is a PyPI name).
    spec = importlib.util.spec_from_file_location(
        "airlock_bundle", REPO / "packaging" / "bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def builder() -> ModuleType:
    return _load_builder()


def current_python_tag() -> str:
    return f"cp{sys.version_info.major}{sys.version_info.minor}"


@pytest.fixture
def fake_bundle(tmp_path: Path, builder: ModuleType) -> Path:
    """A sealed bundle folder shaped like the real one, with a few small fake wheels."""
    root = tmp_path / "airlock-offline-0.1.0-test"
    (root / "wheelhouse").mkdir(parents=True)
    (root / "desktop").mkdir()
    shutil.copy2(INSTALL_SH, root / "install.sh")
    (root / "INSTALL.md").write_text("# Installing\n", encoding="utf-8")
    (root / "wheelhouse" / "airlock-0.1.0-py3-none-any.whl").write_bytes(b"airlock wheel" * 50)
    (root / "wheelhouse" / "click-8.5.1-py3-none-any.whl").write_bytes(bytes(range(256)) * 8)
    (root / "desktop" / "airlock.desktop").write_text("[Desktop Entry]\n", encoding="utf-8")
    builder.seal(
        root,
        airlock_version="0.1.0",
        python_tag=current_python_tag(),
        platform="linux_x86_64",
        built_at=datetime(2026, 11, 26, 6, 0, tzinfo=UTC),
        default_model={"id": "qwen2.5-coder-0.5b"},
        llama_cpp={"cmake_args": "-DGGML_NATIVE=OFF", "cpu_features": []},
    )
    return root
