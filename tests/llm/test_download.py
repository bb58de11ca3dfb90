"""`models pull` against a hub stand-in on 127.0.0.1: progress, resume, verification."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import huggingface_hub.constants
import pytest
import sqlite_utils
from click.testing import CliRunner

from app.cli.models import models_group
from app.core.errors import ModelError, ModelHashMismatch, OperationCancelled
from app.llm.catalog import Catalog
from app.llm.download import pull
from app.llm.engine import Progress
from app.llm.offline import enforce_offline
from app.llm.registry import ModelRegistry
from tests.llm.hub_stub import HubStub, serve

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app runs offline; pull must lift that itself (and put it back)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    # Small chunks, so that progress, cancel and cuts happen within a small test file.
    monkeypatch.setattr(huggingface_hub.constants, "DOWNLOAD_CHUNK_SIZE", 4096)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    return tmp_path / "models"


def _stub(catalog: Catalog, content: bytes, **kwargs: object) -> HubStub:
    entry = catalog.default
    return HubStub(entry.repo, entry.revision, entry.file, content, **kwargs)  # type: ignore[arg-type]


def test_a_pull_downloads_verifies_and_reports_progress(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    seen: list[Progress] = []
    with serve(_stub(tiny_catalog, tiny_payload)) as hub:
        result = pull(tiny_catalog.default, target, endpoint=hub.endpoint, progress=seen.append)

    assert result.path.read_bytes() == tiny_payload
    assert result.commit == COMMIT
    downloads = [p for p in seen if p.stage == "download"]
    assert len(downloads) > 3
    assert downloads[-1].done == downloads[-1].total == len(tiny_payload)
    assert any(p.stage == "verify" for p in seen)
    assert sorted(os.listdir(target)) == ["tiny.gguf"]


def test_a_pull_resumes_after_the_connection_is_cut(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    with serve(_stub(tiny_catalog, tiny_payload, cut_first_get_after=10_000)) as hub:
        result = pull(tiny_catalog.default, target, endpoint=hub.endpoint)

    assert result.path.read_bytes() == tiny_payload
    first, second = hub.gets()
    assert first is None
    assert second is not None and second.startswith("bytes=")
    assert second != "bytes=0-"


def test_a_cancelled_pull_continues_where_it_stopped_on_the_next_run(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    seen: list[Progress] = []
    with serve(_stub(tiny_catalog, tiny_payload)) as hub:
        with pytest.raises(OperationCancelled, match="pull again to resume"):
            pull(
                tiny_catalog.default,
                target,
                endpoint=hub.endpoint,
                progress=seen.append,
                should_cancel=lambda: len(seen) >= 2,
            )
        kept = (target / ".tiny.gguf.part").stat().st_size
        result = pull(tiny_catalog.default, target, endpoint=hub.endpoint)

    assert 0 < kept < len(tiny_payload)
    assert hub.gets()[-1] == f"bytes={kept}-"
    assert result.path.read_bytes() == tiny_payload


def test_a_download_whose_bytes_differ_from_the_pinned_hash_is_deleted(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    tampered = tiny_payload[:-1] + b"!"
    # The server does not claim an LFS hash, so the bytes are only found out after download.
    stub = _stub(tiny_catalog, tampered, report_sha256="")
    with serve(stub) as hub, pytest.raises(ModelHashMismatch, match="the file was deleted"):
        pull(tiny_catalog.default, target, endpoint=hub.endpoint)

    assert os.listdir(target) == []


def test_a_hub_that_announces_another_hash_than_the_pin_is_not_downloaded_from(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    other = hashlib.sha256(b"another model").hexdigest()
    stub = _stub(tiny_catalog, tiny_payload, report_sha256=other)
    with serve(stub) as hub, pytest.raises(ModelHashMismatch, match="catalog pins"):
        pull(tiny_catalog.default, target, endpoint=hub.endpoint)

    assert hub.gets() == []


def test_an_entry_without_a_pinned_hash_is_checked_against_the_hubs_lfs_hash(
    target: Path, tiny_catalog: Catalog
) -> None:
    entry = tiny_catalog.require("unpinned")
    content = b"GGUF" + bytes(5000)
    stub = HubStub(entry.repo, entry.revision, entry.file, content)
    with serve(stub) as hub:
        result = pull(entry, target, endpoint=hub.endpoint)

    assert result.sha256 == hashlib.sha256(content).hexdigest()


def test_a_pull_fails_clearly_when_the_hub_does_not_have_the_file(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    stub = _stub(tiny_catalog, tiny_payload)
    stub.filename = "other.gguf"
    with serve(stub) as hub, pytest.raises(ModelError, match="cannot reach test/tiny-GGUF"):
        pull(tiny_catalog.default, target, endpoint=hub.endpoint)


def test_offline_mode_is_back_on_after_a_pull(
    target: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    with serve(_stub(tiny_catalog, tiny_payload)) as hub:
        pull(tiny_catalog.default, target, endpoint=hub.endpoint)

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert huggingface_hub.constants.HF_HUB_OFFLINE is True


def test_the_pull_command_records_the_model_with_its_hash_and_resolved_commit(
    tiny_catalog: Catalog,
    tiny_payload: bytes,
    db: sqlite_utils.Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("app.cli.models.ModelRegistry", _registry_with(tiny_catalog))
    with serve(_stub(tiny_catalog, tiny_payload)) as hub:
        result = CliRunner().invoke(models_group, ["pull", "tiny", "--endpoint", hub.endpoint])

    assert result.exit_code == 0, result.output
    assert "pulled tiny" in result.output
    record = ModelRegistry(db, catalog=tiny_catalog).get("tiny")
    assert record.source == "pull"
    assert record.catalog_revision == COMMIT
    assert record.sha256 == hashlib.sha256(tiny_payload).hexdigest()


def test_the_hub_client_refuses_requests_outside_a_pull(tiny_catalog: Catalog) -> None:
    enforce_offline()
    entry = tiny_catalog.default
    url = huggingface_hub.hf_hub_url(entry.repo, entry.file, endpoint="http://127.0.0.1:9")

    with pytest.raises(huggingface_hub.errors.OfflineModeIsEnabled):
        huggingface_hub.get_hf_file_metadata(url)


def _registry_with(catalog: Catalog) -> type[ModelRegistry]:
    class TestRegistry(ModelRegistry):
        def __init__(self, db: sqlite_utils.Database) -> None:
            super().__init__(db, catalog=catalog)

    return TestRegistry
