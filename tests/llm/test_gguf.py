"""The GGUF structure check: every kind of bad file gets a message naming the file and fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import ModelFileError
from app.llm.gguf import check_gguf
from tests.llm.gguf_writer import gguf_bytes


def test_a_complete_gguf_file_passes_and_reports_its_metadata(tiny_gguf: Path) -> None:
    summary = check_gguf(tiny_gguf)

    assert summary.version == 3
    assert summary.tensor_count == 2
    assert summary.architecture == "llama"
    assert summary.data_end is not None
    assert summary.data_end <= tiny_gguf.stat().st_size


def test_a_file_cut_inside_the_tensor_data_is_reported_as_truncated(tiny_gguf: Path) -> None:
    data = tiny_gguf.read_bytes()
    tiny_gguf.write_bytes(data[: len(data) - 100])

    with pytest.raises(ModelFileError, match="is truncated: its tensors need") as caught:
        check_gguf(tiny_gguf)
    assert str(tiny_gguf) in str(caught.value)


def test_a_file_cut_inside_the_header_is_reported_as_truncated(tiny_gguf: Path) -> None:
    tiny_gguf.write_bytes(tiny_gguf.read_bytes()[:40])

    with pytest.raises(ModelFileError, match="truncated: it ends inside the GGUF header"):
        check_gguf(tiny_gguf)


def test_a_file_that_is_not_gguf_is_named_and_refused(tmp_path: Path) -> None:
    page = tmp_path / "model.gguf"
    page.write_text("<!doctype html><title>404 Not Found</title>")

    with pytest.raises(ModelFileError, match="is not a GGUF model file") as caught:
        check_gguf(page)
    assert str(page) in str(caught.value)


def test_an_empty_file_is_refused_as_empty(tmp_path: Path) -> None:
    empty = tmp_path / "empty.gguf"
    empty.touch()

    with pytest.raises(ModelFileError, match=r"is empty \(0 bytes\)"):
        check_gguf(empty)


def test_a_directory_is_refused_as_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.gguf"
    folder.mkdir()

    with pytest.raises(ModelFileError, match="is a directory, not a model file"):
        check_gguf(folder)


def test_a_missing_file_is_reported_as_missing(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="does not exist") as caught:
        check_gguf(tmp_path / "nowhere.gguf")
    assert "nowhere.gguf" in str(caught.value)


def test_an_unsupported_gguf_version_is_refused(tmp_path: Path) -> None:
    old = tmp_path / "old.gguf"
    old.write_bytes(gguf_bytes(version=1))

    with pytest.raises(ModelFileError, match="GGUF version 1"):
        check_gguf(old)


def test_a_header_with_absurd_counts_is_refused_without_reading_on(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + (3).to_bytes(4, "little") + b"\xff" * 16 + b"\0" * 64)

    with pytest.raises(ModelFileError, match="damaged GGUF header"):
        check_gguf(broken)


def test_a_tensor_of_unknown_type_skips_only_the_length_check(tmp_path: Path) -> None:
    future = tmp_path / "future.gguf"
    future.write_bytes(gguf_bytes(tensor_type=250))

    summary = check_gguf(future)

    assert summary.data_end is None
