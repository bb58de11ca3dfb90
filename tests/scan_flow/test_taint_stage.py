"""The taint stage as the pipeline sees it: warnings, cancelling, odd input."""

from __future__ import annotations

import sys
import time

import pytest

from app.core.sources import source_from_text
from app.scan.base import StageContext
from app.scan.python_flow import TaintStage
from app.scan.python_flow import stage as stage_module
from tests.newer_syntax import NEWER_SYNTAX
from tests.scan_flow import run_taint

VULNERABLE = "import os, sys\nos.system(sys.argv[1])\n"


def test_syntax_newer_than_the_interpreter_is_a_visible_parse_error_not_a_silent_skip() -> None:
    result = run_taint(f"print({NEWER_SYNTAX})\n")
    [warning] = result.warnings
    assert (warning.kind, warning.file, warning.stage) == ("parse_error", "app.py", "taint")
    assert "line 1" in warning.message
    if sys.version_info < (3, 14):
        assert "syntax newer than Python 3." in warning.message
    assert result.findings == []


def test_python_312_f_strings_are_analysed() -> None:
    result = run_taint('import os, sys\nnames = {"a": sys.argv[1]}\nos.system(f"{names["a"]}")\n')
    assert result.warnings == []
    assert [f.start_line for f in result.findings] == [3]


def test_the_rest_of_a_file_is_analysed_around_newer_syntax() -> None:
    code = f"import os, sys\nprint({NEWER_SYNTAX})\nos.system(sys.argv[1])\n"
    result = run_taint(code)
    assert [f.start_line for f in result.findings] == [3]
    [warning] = result.warnings
    assert (warning.kind, warning.stage) == ("partly_parsed", "taint")
    assert warning.message.startswith("lines 2 not analysed (line 2: ")


def test_a_syntax_error_in_one_file_does_not_stop_the_others() -> None:
    files = [source_from_text("bad.py", "def (:\n"), source_from_text("good.py", VULNERABLE)]
    result = TaintStage().run(files, StageContext())
    assert [w.file for w in result.warnings] == ["bad.py"]
    assert [f.file for f in result.findings] == ["good.py"]


def test_other_languages_are_left_to_other_stages() -> None:
    files = [source_from_text("run.sh", "eval $1\n"), source_from_text("a.js", "eval(x)")]
    result = TaintStage().run(files, StageContext())
    assert result.findings == [] and result.warnings == []


def test_an_internal_error_becomes_a_stage_failed_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> list[object]:
        raise RuntimeError("bug")

    monkeypatch.setattr(stage_module, "taint_findings", explode)
    files = [source_from_text("one.py", VULNERABLE), source_from_text("two.py", VULNERABLE)]
    result = TaintStage().run(files, StageContext())
    assert [(w.kind, w.file) for w in result.warnings] == [
        ("stage_failed", "one.py"),
        ("stage_failed", "two.py"),
    ]


def test_cancelling_stops_between_files_and_says_so() -> None:
    files = [source_from_text(f"f{i}.py", VULNERABLE) for i in range(5)]
    calls = iter(range(100))
    result = TaintStage().run(files, StageContext(should_cancel=lambda: next(calls) >= 2))
    assert len(result.findings) == 2
    [warning] = result.warnings
    assert warning.kind == "skipped" and "3 Python file(s)" in warning.message


def test_long_chains_and_deep_nesting_do_not_raise() -> None:
    nested = "x = " + "[" * 90 + "1" + "]" * 90 + "\n"
    chain = "import os, sys\ncmd = sys.argv[1]" + " + 'a'" * 900 + "\nos.system(cmd)\n"
    too_deep = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"  # beyond what Python parses
    files = [
        source_from_text("n.py", nested),
        source_from_text("c.py", chain),
        source_from_text("d.py", too_deep),
        source_from_text("s.py", "x = 1" + " + 1" * 5000 + "\n"),  # parses since 3.12
    ]
    result = TaintStage().run(files, StageContext())
    assert [f.file for f in result.findings] == ["c.py"]
    assert [(w.kind, w.file) for w in result.warnings] == [("parse_error", "d.py")]


def test_pathological_loops_stop_at_the_budget_with_a_warning() -> None:
    body = "    " * 12 + "x = x + y\n"
    loops = "".join("    " * depth + f"for i{depth} in z:\n" for depth in range(12))
    code = "import sys\nx = y = z = sys.argv\n" + loops + body
    started = time.perf_counter()
    result = run_taint(code)
    assert time.perf_counter() - started < 10
    assert all(w.kind == "skipped" for w in result.warnings)


def test_columns_count_characters_not_bytes() -> None:
    code = "import os, sys\nnom = 'é'; os.system(sys.argv[1])\n"
    [finding] = run_taint(code).findings
    assert finding.start_column == 12


def test_a_file_beyond_the_step_budget_is_analysed_partially_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.scan.python_flow import interpreter

    monkeypatch.setattr(interpreter, "BASE_BUDGET", 5)
    monkeypatch.setattr(interpreter, "BUDGET_PER_STATEMENT", 0)
    code = "import os, sys\nos.system(sys.argv[1])\n" + "x = 1\n" * 20 + "os.system(x)\n"
    result = run_taint(code)
    assert [f.start_line for f in result.findings] == [2]  # what was seen before the stop
    [warning] = result.warnings
    assert warning.kind == "skipped" and "partially" in warning.message
