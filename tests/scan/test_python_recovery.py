"""Reviewing the rest of a Python file when some top-level statements do not parse."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.findings import PARTLY_PARSED, ReviewWarning, fold_partly_parsed
from app.core.review import ReviewOptions, run_review
from app.core.sources import source_from_text
from app.core.threat_model import FileUploadPolicy, Policies, ThreatModel
from app.scan.python_recovery import MAX_ROUNDS, Recovered, parse_quietly, recover
from tests.newer_syntax import NEWER_SYNTAX
from tests.scan_flow import run_policy


def _recover(text: str) -> Recovered | None:
    with pytest.raises(SyntaxError) as caught:
        parse_quietly(text)
    return recover(text, caught.value)


# The shape of generated code cut off at the model's token limit.
CUT_OFF = """\
import os
from flask import Flask, request, send_file

app = Flask(__name__)


@app.route("/download")
def download():
    name = request.args.get("name")
    return send_file(os.path.join("uploads", name))


@app.route("/upload", methods=["POST"])
@login_required
def upload():
    file = request.files["file"]
    with open(file.filename, "wb") as
"""


def test_a_cut_off_last_function_goes_whole_with_its_decorators() -> None:
    recovered = _recover(CUT_OFF)
    assert recovered is not None
    assert recovered.skipped == ((13, 17),)
    assert recovered.error == "line 17: invalid syntax"
    assert recovered.describe() == "lines 13-17 not analysed (line 17: invalid syntax)"
    # Line numbers are unchanged: the kept lines are where they were, the rest is blank.
    kept, original = recovered.text.splitlines(), CUT_OFF.splitlines()
    assert len(kept) == len(original)
    assert kept[:12] == original[:12] and not "".join(kept[12:]).strip()
    assert [n.name for n in recovered.tree.body if isinstance(n, ast.FunctionDef)] == ["download"]


def test_a_broken_statement_in_the_middle_leaves_the_statements_after_it() -> None:
    code = f"import os\nprint({NEWER_SYNTAX})\nx = 1\nclass A:\n    pass\n"
    recovered = _recover(code)
    assert recovered is not None and recovered.skipped == ((2, 2),)
    assert [type(n).__name__ for n in recovered.tree.body] == ["Import", "Assign", "ClassDef"]


def test_an_else_or_except_at_column_zero_belongs_to_the_broken_statement() -> None:
    code = "try:\n    x = (\nexcept ValueError:\n    pass\ny = 2\n"
    recovered = _recover(code)
    assert recovered is not None and recovered.skipped == ((1, 4),)


def test_several_broken_statements_are_each_left_out() -> None:
    code = "a = (\n\nb = 1\nc = ]\nd = 2\n"
    recovered = _recover(code)
    assert recovered is not None
    assert recovered.skipped == ((1, 2), (4, 4))
    assert [n.targets[0].id for n in recovered.tree.body] == ["b", "d"]  # type: ignore[attr-defined]


def test_windows_line_endings_are_kept() -> None:
    recovered = _recover("x = 1\r\ny = (\r\n")
    assert recovered is not None and recovered.text == "x = 1\r\n\r\n"


def test_nothing_left_or_too_many_broken_statements_is_no_recovery() -> None:
    assert _recover("def (:\n") is None
    many = "".join(f"v{n} = (]\n" for n in range(MAX_ROUNDS + 1)) + "ok = 1\n"
    assert _recover(many) is None
    assert _recover("".join(f"v{n} = (]\n" for n in range(MAX_ROUNDS)) + "ok = 1\n")


@given(st.text(alphabet="a=()[]:\n \t#@'\"\\xef\r", max_size=80))
def test_recovery_never_raises_and_keeps_line_numbers(text: str) -> None:
    try:
        parse_quietly(text)
    except SyntaxError as exc:
        recovered = recover(text, exc)
    except ValueError:
        return
    else:
        return
    if recovered is not None:
        assert recovered.text.count("\n") == text.count("\n")
        ast.parse(recovered.text)


def test_a_cut_off_upload_handler_is_not_judged_on_half_a_function() -> None:
    upload = ThreatModel(
        "uploads",
        policies=Policies(file_upload=FileUploadPolicy(allowed_extensions=("png",), max_bytes=1)),
    )
    result = run_policy(CUT_OFF, upload)
    assert result.findings == []  # the upload handler is not there to judge
    assert [(w.kind, w.stage) for w in result.warnings] == [(PARTLY_PARSED, "policy")]


def test_a_review_reports_one_warning_for_the_file_and_finds_what_the_rest_holds() -> None:
    files = [source_from_text("app.py", CUT_OFF)]
    options = ReviewOptions(stages=frozenset({"scanners", "taint"}))
    outcome = run_review(files, None, options=options)
    assert [f.rule_id for f in outcome.findings] == ["airlock.taint.path-traversal"]
    [warning] = outcome.warnings
    assert warning.kind == PARTLY_PARSED and warning.stage == "bandit, taint"
    assert warning.message == (
        "lines 13-17 not analysed (line 17: invalid syntax); the rest was reviewed by bandit, taint"
    )


def test_folding_keeps_other_warnings_in_order_and_files_apart() -> None:
    warnings = [
        ReviewWarning(PARTLY_PARSED, "lines 2 not analysed (x)", "a.py", "bandit"),
        ReviewWarning("too_large", "big", "b.py"),
        ReviewWarning(PARTLY_PARSED, "lines 2 not analysed (x)", "c.py", "taint"),
        ReviewWarning(PARTLY_PARSED, "lines 2 not analysed (x)", "a.py", "taint"),
    ]
    assert [(w.file, w.stage) for w in fold_partly_parsed(warnings)] == [
        ("a.py", "bandit, taint"),
        ("b.py", None),
        ("c.py", "taint"),
    ]
