from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.sources import collect_sources, detect_language


@pytest.mark.parametrize(
    ("path", "text", "language"),
    [
        ("app.py", "", "python"),
        ("Dockerfile", "FROM x", "dockerfile"),
        ("build/Dockerfile.prod", "FROM x", "dockerfile"),
        (".github/workflows/ci.yml", "on: push", "github_actions"),
        ("ci.yaml", "on: push\njobs:\n  a: {}\n", "github_actions"),
        ("config.yaml", "a: 1", "yaml"),
        ("main.tf", "", "terraform"),
        ("schema.sql", "", "sql"),
        ("deploy", "#!/bin/bash\necho hi", "shell"),
        ("tool", "#!/usr/bin/env python3\n", "python"),
        ("web/app.ts", "", "typescript"),
        ("README", "hello", "text"),
    ],
)
def test_language_is_detected_by_name_then_content(path: str, text: str, language: str) -> None:
    assert detect_language(path, text) == language


def test_problem_files_become_warnings_never_silent_skips(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("print('hi')\n")
    (tmp_path / "big.py").write_bytes(b"x = 1\n" * 2000)
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin1.py").write_bytes("café = 1\n".encode("latin-1"))
    outside = tmp_path.parent / f"{tmp_path.name}-outside.py"
    outside.write_text("secret = 1\n")
    os.symlink(outside, tmp_path / "link.py")
    os.symlink(tmp_path, tmp_path / "loop")
    collected = collect_sources([tmp_path], max_bytes=1000)
    assert [f.path for f in collected.files] == ["ok.py"]
    kinds = {w.file: w.kind for w in collected.warnings}
    assert kinds["big.py"] == "too_large"
    assert kinds["blob.bin"] == "binary"
    assert kinds["latin1.py"] == "encoding"
    assert kinds["link.py"] == "outside"
    assert "symlink_loop" in kinds.values()


def test_a_missing_path_is_a_warning(tmp_path: Path) -> None:
    collected = collect_sources([tmp_path / "nope.py"])
    assert collected.files == []
    assert collected.warnings[0].kind == "missing"


def test_tool_folders_are_not_reviewed(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "a.js").write_text("x")
    (tmp_path / "main.py").write_text("x = 1\n")
    assert [f.path for f in collect_sources([tmp_path]).files] == ["main.py"]
