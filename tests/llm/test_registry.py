"""Installed models over the store: install, import, verify, remove, roles and settings."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
import sqlite_utils

from app.core.errors import ModelFileError, ModelHashMismatch, ModelNotInstalled, UserInputError
from app.core.paths import models_dir
from app.llm import hashing
from app.llm.engine import EngineSettings
from app.llm.registry import ModelRegistry
from app.store.models import ModelRepository
from tests.llm.gguf_writer import gguf_bytes


def _count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    hashed: list[Path] = []
    real = hashing.sha256_file

    def counting(path: Path, **kwargs: object) -> str:
        hashed.append(path)
        return real(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("app.llm.registry.sha256_file", counting)
    return hashed


def test_first_use_assembles_the_embedded_default_and_records_it_verified(
    registry: ModelRegistry, tiny_payload: bytes
) -> None:
    record = registry.model_for_role("generate")

    assert record.id == "tiny"
    assert record.source == "embedded"
    assert record.path == models_dir() / "tiny.gguf"
    assert record.sha256 == hashlib.sha256(tiny_payload).hexdigest()
    assert record.verified_at is not None
    status = {s.id: s for s in registry.statuses()}["tiny"]
    assert status.installed and status.verified
    assert status.roles == ("generate", "review")


def test_a_status_lists_catalog_models_not_installed_with_their_ram_fit(
    registry: ModelRegistry,
) -> None:
    statuses = {s.id: s for s in registry.statuses()}

    assert statuses["tiny"].state == "not assembled yet (assembled on first use)"
    assert statuses["unpinned"].state == "not installed"
    assert statuses["unpinned"].fits_ram is True
    assert not statuses["unpinned"].hash_pinned


def test_an_imported_file_is_registered_in_place_not_copied(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    record = registry.import_file(tiny_gguf)

    assert record.id == "tiny-model"
    assert record.path == tiny_gguf.resolve()
    assert record.source == "import"
    assert not models_dir().exists() or not any(models_dir().iterdir())


def test_an_import_named_like_a_catalog_model_must_match_its_pinned_hash(
    registry: ModelRegistry, tmp_path: Path
) -> None:
    impostor = tmp_path / "tiny.gguf"
    impostor.write_bytes(gguf_bytes(tensors={"other.weight": 64}))

    with pytest.raises(ModelHashMismatch, match="catalog model tiny is pinned"):
        registry.import_file(impostor)

    assert registry.repo.list() == []


def test_an_import_whose_bytes_match_a_catalog_model_takes_its_id(
    registry: ModelRegistry, tmp_path: Path, tiny_payload: bytes
) -> None:
    carried_in = tmp_path / "usb" / "renamed.gguf"
    carried_in.parent.mkdir()
    carried_in.write_bytes(tiny_payload)

    record = registry.import_file(carried_in)

    assert record.id == "tiny"
    assert record.path == carried_in.resolve()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(gguf_bytes()[:-50]), "is truncated"),
        (lambda p: p.write_text("not a model"), "is not a GGUF model file"),
        (lambda p: p.touch(), "is empty"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: None, "does not exist"),
    ],
    ids=["truncated", "not-gguf", "zero-bytes", "directory", "missing"],
)
def test_a_bad_file_is_refused_at_import_with_its_name_and_fault(
    registry: ModelRegistry, tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "bad.gguf"
    make(path)  # type: ignore[operator]

    with pytest.raises(ModelFileError, match=message) as caught:
        registry.import_file(path)

    assert "bad.gguf" in str(caught.value)
    assert registry.repo.list() == []


def test_verify_rehashes_and_flags_a_file_changed_on_disk(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    registry.import_file(tiny_gguf)
    data = bytearray(tiny_gguf.read_bytes())
    data[-1] ^= 0xFF
    tiny_gguf.write_bytes(bytes(data))

    [result] = registry.verify("tiny-model")

    assert not result.ok
    assert "has SHA-256" in result.message
    status = {s.id: s for s in registry.statuses()}["tiny-model"]
    assert status.state == "NOT verified"


def test_loading_rehashes_only_when_size_or_mtime_changed(
    registry: ModelRegistry, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry.import_file(tiny_gguf)
    hashed = _count_hashes(monkeypatch)

    registry.verified_path("tiny-model")
    assert hashed == []

    stat = tiny_gguf.stat()
    os.utime(tiny_gguf, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    registry.verified_path("tiny-model")
    assert hashed == [tiny_gguf.resolve()]


def test_a_changed_file_with_a_different_hash_is_not_handed_out_for_loading(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    registry.import_file(tiny_gguf)
    data = bytearray(tiny_gguf.read_bytes())
    data[-1] ^= 0xFF
    tiny_gguf.write_bytes(bytes(data))

    with pytest.raises(ModelHashMismatch, match="will not be loaded"):
        registry.verified_path("tiny-model")


def test_verify_always_rehashes_even_when_the_stamp_is_unchanged(
    registry: ModelRegistry, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry.import_file(tiny_gguf)
    hashed = _count_hashes(monkeypatch)

    [result] = registry.verify()

    assert result.ok
    assert hashed == [tiny_gguf.resolve()]


def test_removing_an_imported_model_leaves_the_users_file_in_place(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    registry.import_file(tiny_gguf)

    message = registry.remove("tiny-model")

    assert "left in place" in message
    assert tiny_gguf.exists()
    with pytest.raises(ModelNotInstalled):
        registry.get("tiny-model")


def test_removing_an_assembled_model_deletes_its_file_and_its_role(
    registry: ModelRegistry,
) -> None:
    record = registry.model_for_role("review")
    registry.use("tiny", "review")

    message = registry.remove("tiny")

    assert "assembled again on next use" in message
    assert not record.path.exists()
    assert registry.repo.roles() == {}


def test_use_makes_a_model_the_default_for_one_role_only(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    registry.import_file(tiny_gguf)

    registry.use("tiny-model", "review")

    assert registry.effective_roles() == {"generate": "tiny", "review": "tiny-model"}


def test_use_refuses_unknown_roles_and_models_not_installed(
    registry: ModelRegistry, tiny_gguf: Path
) -> None:
    registry.import_file(tiny_gguf)

    with pytest.raises(UserInputError, match="unknown role"):
        registry.use("tiny-model", "summarise")
    with pytest.raises(ModelNotInstalled):
        registry.use("unpinned", "review")


def test_engine_settings_are_stored_and_read_back(registry: ModelRegistry) -> None:
    defaults = registry.engine_settings()

    changed = registry.set_engine_settings(threads=3, context_size=2048)

    assert changed == EngineSettings(
        threads=3, context_size=2048, gpu_layers=defaults.gpu_layers, batch_size=512
    )
    with pytest.raises(UserInputError):
        registry.set_engine_settings(threads=0)
    assert defaults.flash_attention == 1
    assert registry.set_engine_settings(flash_attention=0).flash_attention == 0


def test_repository_writes_outside_a_transaction_are_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(RuntimeError, match="inside transaction"):
        ModelRepository(db).set_setting("engine.threads", "2")
