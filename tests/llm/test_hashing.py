"""Streamed SHA-256: right digest, progress to the end, cancel between chunks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.core.errors import OperationCancelled
from app.llm import hashing
from app.llm.engine import Progress


def test_the_streamed_digest_equals_hashlibs_and_progress_reaches_the_total(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hashing, "CHUNK_SIZE", 1000)
    data = bytes(range(256)) * 40
    path = tmp_path / "blob"
    path.write_bytes(data)
    seen: list[Progress] = []

    digest = hashing.sha256_file(path, progress=seen.append)

    assert digest == hashlib.sha256(data).hexdigest()
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total == len(data)
    assert seen[-1].stage == "verify"


def test_hashing_stops_between_chunks_when_cancelled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(hashing, "CHUNK_SIZE", 100)
    path = tmp_path / "blob"
    path.write_bytes(b"x" * 1000)
    seen: list[Progress] = []

    with pytest.raises(OperationCancelled):
        hashing.sha256_file(path, progress=seen.append, should_cancel=lambda: len(seen) > 3)

    assert seen[-1].done < 1000
