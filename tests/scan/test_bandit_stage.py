"""bandit stage: real bandit, in-process, over inline Python sources."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.core.findings import Confidence, Finding, ReviewWarning, Severity
from app.core.sources import SourceFile, source_from_text
from app.scan.bandit_stage import BanditStage
from app.scan.base import StageContext
from tests.newer_syntax import NEWER_SYNTAX

VULNERABLE = """\
import subprocess


def lookup(cursor, user_id):
    cursor.execute("SELECT * FROM users WHERE id = '%s'" % user_id)
    return cursor.fetchall()


def run(command):
    subprocess.call(command, shell=True)


DB_PASSWORD = "Sup3rS3cretValue"
"""

# Syntax newer than the interpreter (3.14 template strings on 3.13) on line 2.
NEWER_THAN_INTERPRETER = f'names = ["a"]\nprint({NEWER_SYNTAX})\n'


def _run(
    *files: SourceFile, context: StageContext | None = None
) -> tuple[list[Finding], list[ReviewWarning]]:
    result = BanditStage().run(list(files), context or StageContext())
    return result.findings, result.warnings


def test_sql_injection_is_reported_with_bandit_id_cwe_line_and_snippet() -> None:
    findings, warnings = _run(source_from_text("app/db.py", VULNERABLE))
    assert warnings == []
    sql = next(f for f in findings if f.rule_id == "bandit.B608")
    assert sql.cwe == (89,)
    assert (sql.start_line, sql.end_line) == (5, 5)
    assert sql.start_column == 20
    assert sql.severity is Severity.MEDIUM
    assert sql.confidence in {Confidence.LOW, Confidence.MEDIUM}
    assert sql.sources == ("bandit",)
    assert sql.file == "app/db.py"
    assert "cursor.execute(" in sql.snippet
    assert sql.title and "parameterised" in sql.fix


def test_shell_true_is_high_severity_on_its_line() -> None:
    findings, _ = _run(source_from_text("app/db.py", VULNERABLE))
    shell = next(f for f in findings if f.rule_id == "bandit.B602")
    assert (shell.start_line, shell.severity, shell.cwe) == (10, Severity.HIGH, (78,))


def test_hard_coded_password_is_masked_in_message_and_snippet() -> None:
    findings, _ = _run(source_from_text("app/db.py", VULNERABLE))
    password = next(f for f in findings if f.rule_id == "bandit.B105")
    assert password.start_line == 13
    everything = password.message + password.snippet + password.title
    assert "Sup3rS3cretValue" not in everything
    assert "Sup3****" in password.snippet
    assert "Sup3****" in password.message


def test_blacklist_findings_get_their_own_title_not_blacklist() -> None:
    findings, _ = _run(source_from_text("app/x.py", "import pickle\npickle.loads(b'')\n"))
    titles = {f.rule_id: f.title for f in findings}
    assert "bandit.B403" in titles
    assert titles["bandit.B403"].lower() != "blacklist"
    assert "pickle" in titles["bandit.B403"].lower()


def test_a_file_python_cannot_parse_becomes_a_parse_error_warning_not_a_silent_skip() -> None:
    findings, warnings = _run(
        source_from_text("new_syntax.py", NEWER_THAN_INTERPRETER),
        source_from_text("app/db.py", VULNERABLE),
    )
    # Line 1 parses but says nothing without line 2, and a file of one statement has
    # nothing left once it goes: both are not scanned, and say why.
    only = source_from_text("only.py", f"print({NEWER_SYNTAX})\n")
    _, only_warnings = _run(only)
    assert [(w.kind, w.file, w.stage) for w in [*warnings, *only_warnings]] == [
        ("partly_parsed", "new_syntax.py", "bandit"),
        ("parse_error", "only.py", "bandit"),
    ]
    assert "line 2" in warnings[0].message and "line 1" in only_warnings[0].message
    assert "bandit did not scan it" in only_warnings[0].message
    assert {f.file for f in findings} == {"app/db.py"}


def test_the_statements_that_parse_are_scanned_when_the_file_is_cut_off() -> None:
    cut = VULNERABLE + "\n\ndef upload(request):\n    with open(request.name, 'wb') as\n"
    findings, warnings = _run(source_from_text("cut.py", cut))
    complete, _ = _run(source_from_text("whole.py", VULNERABLE))
    assert [(f.rule_id, f.start_line) for f in findings] == [
        (f.rule_id, f.start_line) for f in complete
    ]
    assert findings and all(f.snippet for f in findings)
    last = cut.count("\n")
    [warning] = warnings
    assert (warning.kind, warning.stage) == ("partly_parsed", "bandit")
    assert warning.message == f"lines {last - 1}-{last} not analysed (line {last}: invalid syntax)"


def test_nosec_comments_in_reviewed_code_do_not_hide_findings() -> None:
    findings, _ = _run(source_from_text("a.py", "def f(x):\n    return eval(x)  # nosec\n"))
    assert [f.rule_id for f in findings] == ["bandit.B307"]


def test_assert_is_not_reported() -> None:
    findings, _ = _run(source_from_text("test_a.py", "def test():\n    assert 1 + 1 == 2\n"))
    assert findings == []


def test_only_python_files_are_scanned() -> None:
    findings, warnings = _run(
        source_from_text("run.sh", "eval $1\n"),
        source_from_text("Dockerfile", "FROM python\n"),
    )
    assert (findings, warnings) == ([], [])


def test_cancel_stops_before_the_next_file_and_says_so() -> None:
    calls = {"n": 0}

    def cancel_after_first() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    files = [source_from_text(f"m{i}.py", VULNERABLE) for i in range(3)]
    findings, warnings = _run(*files, context=StageContext(should_cancel=cancel_after_first))
    assert {f.file for f in findings} == {"m0.py"}
    assert [(w.kind, w.stage) for w in warnings] == [("skipped", "bandit")]
    assert "2 file(s)" in warnings[0].message


def test_reviewed_code_does_not_stay_on_disk_and_paths_do_not_choose_where_we_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    findings, _ = _run(source_from_text("../../escape.py", VULNERABLE))
    assert findings
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "escape.py").exists()
