"""Review progress on stderr: stage lines always, file counts only on a terminal."""

from __future__ import annotations

import io

import pytest

from app.cli.progress import print_progress
from app.llm.engine import Progress

STAGE = Progress("review", 4, 6, "taint+policy")
FILES = Progress("review", 4, 6, "taint+policy: 120/2000 files", part=0.06)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _printed(monkeypatch: pytest.MonkeyPatch, stream: io.StringIO) -> str:
    monkeypatch.setattr("sys.stderr", stream)
    for event in (STAGE, FILES, Progress("review", 6, 6, "done")):
        print_progress(event)
    return stream.getvalue()


def test_a_log_gets_one_line_per_stage_and_no_file_counts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _printed(monkeypatch, io.StringIO()) == "airlock: review: taint+policy (5/6)\n"


def test_a_terminal_sees_the_stage_line_rewritten_with_the_file_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert _printed(monkeypatch, _Terminal()) == (
        "airlock: review: taint+policy (5/6)\n"
        "\x1b[1A\rairlock: review: taint+policy: 120/2000 files (5/6)\x1b[K\n"
    )


def test_the_fraction_counts_the_files_of_the_current_stage() -> None:
    assert STAGE.fraction == pytest.approx(4 / 6)
    assert FILES.fraction == pytest.approx((4 + 0.06) / 6)
