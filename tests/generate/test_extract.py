"""Code extraction on a corpus of awkward model replies, plus fuzzing: it never raises."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.extract import extract_code, guess_language, safe_path

REPLIES = Path(__file__).parent / "replies"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((REPLIES / "expected.yaml").read_text())


def test_every_reply_in_the_corpus_has_an_expectation() -> None:
    assert {p.stem for p in REPLIES.glob("*.md")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_corpus_reply_yields_the_expected_files(name: str) -> None:
    expected = EXPECTED[name]
    result = extract_code((REPLIES / f"{name}.md").read_text(encoding="utf-8"))
    assert [(f.path, f.language) for f in result.files] == [
        (f["path"], f["language"]) for f in expected["files"]
    ]
    for found, wanted in zip(result.files, expected["files"], strict=True):
        assert found.content.startswith(wanted.get("starts", ""))
        assert wanted.get("contains", "") in found.content
        assert "lacks" not in wanted or wanted["lacks"] not in found.content
        assert found.named is wanted.get("named", True)
    assert result.truncated is expected.get("truncated", False)
    for note in expected.get("notes", []):
        assert note in result.notes


def test_unsafe_file_names_are_reported_in_the_notes() -> None:
    result = extract_code((REPLIES / "unsafe_names.md").read_text(encoding="utf-8"))
    ignored = [n for n in result.notes if n.startswith("ignored the unsafe file name")]
    assert ignored == [
        "ignored the unsafe file name '../../etc/cron.d/evil.py'",
        "ignored the unsafe file name 'C:\\\\Windows\\\\system32\\\\x.py'",
    ]


def test_windows_line_endings_are_read_like_unix_ones() -> None:
    reply = "```python\r\n# file: app.py\r\nimport os\r\nprint(os.sep)\r\n```\r\n"
    (found,) = extract_code(reply).files
    assert (found.path, found.content) == ("app.py", "import os\nprint(os.sep)\n")


def test_a_header_can_also_say_filename_or_path() -> None:
    reply = "```\n# filename: a.py\nx = 1\n```\n```\n// path: src/b.ts\nlet y = 2;\n```"
    assert [(f.path, f.language) for f in extract_code(reply).files] == [
        ("a.py", "python"),
        ("src/b.ts", "typescript"),
    ]


def test_an_unnamed_shell_script_longer_than_a_command_is_kept() -> None:
    reply = "```bash\n#!/bin/sh\nset -e\nmkdir -p /srv/uploads\nchmod 700 /srv/uploads\n```"
    (found,) = extract_code(reply).files
    assert (found.path, found.language) == ("script.sh", "shell")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("app.py", "app.py"),
        ("./src/app.py", "src/app.py"),
        ("`app.py`", "app.py"),
        (".github/workflows/ci.yml", ".github/workflows/ci.yml"),
        ("Dockerfile", "Dockerfile"),
        ("../app.py", None),
        ("/etc/passwd.py", "etc/passwd.py"),
        ("C:\\x.py", None),
        ("a/../../b.py", None),
        ("app", None),
        ("..", None),
        ("a b.py", None),
        ("app.py\x00.txt", None),
    ],
)
def test_safe_path_keeps_plain_relative_paths_only(name: str, expected: str | None) -> None:
    assert safe_path(name) == expected


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("from flask import Flask\n", "python"),
        ("FROM python:3.12\nRUN true\n", "dockerfile"),
        ('resource "aws_s3_bucket" "b" {\n}\n', "terraform"),
        ("on: push\njobs:\n  build:\n", "github_actions"),
        ("const x = require('x');\n", "javascript"),
        ("CREATE TABLE t (id int);\n", "sql"),
        ("just some words\n", "text"),
    ],
)
def test_the_language_of_untagged_code_is_guessed_from_its_content(
    code: str, language: str
) -> None:
    assert guess_language(code) == language


_PIECES = st.sampled_from(
    ["```", "```python", "```py app.py", "~~~", "````", "# file: ", "// file: x.js", "../",
     "**app.py**", "\n", "\r\n", "import os", "def f(:", " ", "`", "\x00", "é", "\u202e",
     "FROM x", "Q?", "C:\\", "/etc/", "a.py", ":", "{.python}"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40).map("".join))
def test_extraction_never_raises_and_every_file_is_safe(reply: str) -> None:
    result = extract_code(reply)
    for found in result.files:
        assert found.content.strip()
        assert safe_path(found.path) == found.path
        assert not found.path.startswith("/") and ".." not in found.path.split("/")
    assert len({f.path for f in result.files}) == len(result.files)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_extraction_never_raises_on_arbitrary_text(reply: str) -> None:
    extract_code(reply)
