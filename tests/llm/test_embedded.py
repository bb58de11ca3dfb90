"""Assembling a model from its data packages: verified, atomic, never importing their code."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.errors import ModelFileError, ModelHashMismatch, ModelNotInstalled, OperationCancelled
from app.llm.catalog import Catalog, EmbeddedSource
from app.llm.embedded import assemble, find_parts, parts_installed
from app.llm.engine import Progress


def test_the_parts_concatenate_to_the_pinned_model_with_progress(
    tmp_path: Path, tiny_catalog: Catalog, tiny_payload: bytes
) -> None:
    destination = tmp_path / "models" / "tiny.gguf"
    seen: list[Progress] = []

    assemble(tiny_catalog.default, destination, progress=seen.append)

    assert destination.read_bytes() == tiny_payload
    assert seen[-1] == Progress("assemble", len(tiny_payload), len(tiny_payload), "tiny")
    assert list(destination.parent.iterdir()) == [destination]


def test_assembling_reads_the_packages_as_data_and_never_imports_them(
    tmp_path: Path, tiny_catalog: Catalog, imported_marker: Callable[[], bool]
) -> None:
    assemble(tiny_catalog.default, tmp_path / "tiny.gguf")

    assert not imported_marker()


def test_a_hash_mismatch_deletes_the_assembled_file_and_raises(
    tmp_path: Path, tiny_catalog: Catalog
) -> None:
    wrong = replace(tiny_catalog.default, sha256=hashlib.sha256(b"other").hexdigest())
    destination = tmp_path / "models" / "tiny.gguf"

    with pytest.raises(ModelHashMismatch, match="not the pinned"):
        assemble(wrong, destination)

    assert list(destination.parent.iterdir()) == []


def test_parts_that_do_not_add_up_to_the_model_size_are_refused_before_copying(
    tmp_path: Path, tiny_catalog: Catalog
) -> None:
    entry = tiny_catalog.default
    wrong = replace(entry, size_bytes=(entry.size_bytes or 0) + 1)

    with pytest.raises(ModelFileError, match=r"hold .* bytes, but the model has"):
        assemble(wrong, tmp_path / "tiny.gguf")


def test_a_missing_package_names_the_extra_to_install(tiny_catalog: Catalog) -> None:
    source = tiny_catalog.default.embedded
    assert source is not None
    missing = EmbeddedSource(source.extra, source.version, (*source.distributions, "nope-part9"))

    with pytest.raises(ModelNotInstalled, match=r"nope-part9 is not installed.*airlock\[tiny\]"):
        find_parts(missing)
    assert not parts_installed(missing)


def test_a_package_of_another_version_is_refused(tiny_catalog: Catalog) -> None:
    source = tiny_catalog.default.embedded
    assert source is not None

    with pytest.raises(ModelFileError, match=r"is version 1\.0, but 2\.0 is pinned"):
        find_parts(replace(source, version="2.0"))


def test_a_cancelled_assembly_leaves_no_file_behind(
    tmp_path: Path, tiny_catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.llm.embedded.CHUNK_SIZE", 1024)
    destination = tmp_path / "models" / "tiny.gguf"
    seen: list[Progress] = []

    with pytest.raises(OperationCancelled):
        assemble(
            tiny_catalog.default,
            destination,
            progress=seen.append,
            should_cancel=lambda: len(seen) > 2,
        )

    assert list(destination.parent.iterdir()) == []
