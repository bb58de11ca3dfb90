"""`airlock models ...` end to end over a real database, with small model files."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from app.cli.models import models_group
from app.core.errors import ModelHashMismatch, ModelNotInstalled
from app.llm.catalog import Catalog
from app.llm.registry import ModelRegistry


@pytest.fixture
def tiny_cli(tiny_catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The CLI with the test catalog (a tiny embedded model in fake packages)."""

    class TestRegistry(ModelRegistry):
        def __init__(self, db: sqlite_utils.Database) -> None:
            super().__init__(db, catalog=tiny_catalog)

    monkeypatch.setattr("app.cli.models.ModelRegistry", TestRegistry)
    return CliRunner()


def test_list_on_a_fresh_install_assembles_and_shows_the_default_verified(
    tiny_cli: CliRunner,
) -> None:
    result = tiny_cli.invoke(models_group, ["list"])

    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("tiny "))
    assert "verified" in line and "NOT" not in line
    assert "generate, review" in line
    assert "not installed (hash from hub at pull)" in result.output


def test_import_then_use_for_review_then_remove(tiny_cli: CliRunner, tiny_gguf: Path) -> None:
    imported = tiny_cli.invoke(models_group, ["import", str(tiny_gguf), "--id", "my-model"])
    used = tiny_cli.invoke(models_group, ["use", "my-model", "--role", "review"])
    listed = tiny_cli.invoke(models_group, ["list"])
    removed = tiny_cli.invoke(models_group, ["remove", "my-model"])

    assert imported.exit_code == 0, imported.output
    assert "imported my-model" in imported.output
    assert used.output.strip() == "review now uses my-model"
    line = next(line for line in listed.output.splitlines() if line.startswith("my-model"))
    assert line.rstrip().endswith("review")
    assert "left in place" in removed.output
    assert tiny_gguf.exists()


def test_verify_reports_a_tampered_file_and_fails(tiny_cli: CliRunner, tiny_gguf: Path) -> None:
    tiny_cli.invoke(models_group, ["import", str(tiny_gguf)])
    data = bytearray(tiny_gguf.read_bytes())
    data[-1] ^= 0xFF
    tiny_gguf.write_bytes(bytes(data))

    result = tiny_cli.invoke(models_group, ["verify", "tiny-model"])

    assert "tiny-model: FAILED" in result.output
    assert isinstance(result.exception, ModelHashMismatch)
    assert result.exception.exit_code == 4


def test_use_of_a_model_that_is_not_installed_is_an_error(tiny_cli: CliRunner) -> None:
    result = tiny_cli.invoke(models_group, ["use", "unpinned", "--role", "generate"])

    assert isinstance(result.exception, ModelNotInstalled)


def test_settings_are_shown_and_changed(tiny_cli: CliRunner) -> None:
    changed = tiny_cli.invoke(models_group, ["settings", "--threads", "3", "--gpu-layers", "0"])
    shown = tiny_cli.invoke(models_group, ["settings"])

    assert changed.exit_code == 0, changed.output
    assert "threads = 3" in shown.output
    assert "context_size = 8192" in shown.output


@pytest.mark.model
def test_list_and_verify_with_the_real_catalog_show_the_default_model_verified() -> None:
    """A fresh `make run` environment: the packages are installed, nothing is assembled."""
    runner = CliRunner()

    listed = runner.invoke(models_group, ["list"])
    verified = runner.invoke(models_group, ["verify", "qwen2.5-coder-0.5b"])

    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    line = next(text for text in lines if text.startswith("qwen2.5-coder-0.5b"))
    assert "verified" in line and "NOT" not in line
    assert "generate, review" in line
    assert verified.exit_code == 0, verified.output
    assert (
        "qwen2.5-coder-0.5b: OK - SHA-256 "
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32 matches"
    ) in verified.output
