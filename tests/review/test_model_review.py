"""The model stage with a scripted engine: what is asked, how answers become findings."""

from __future__ import annotations

from itertools import pairwise

from app.core.errors import EngineCrashed
from app.core.findings import Confidence, Severity
from app.core.model_questions import (
    literal_value,
    load_question_bank,
    only_literals,
    select_classes,
)
from app.core.model_review import ModelReviewer, ModelReviewSettings, line_windows, window_text
from app.core.sources import source_from_text
from app.core.threat_model import threat_model_from_dict
from app.llm.fake import FakeEngine

CODE = """\
import sqlite3
from flask import Flask, request

app = Flask(__name__)


@app.route("/user")
def user():
    name = request.args["name"]
    cur = sqlite3.connect("db").cursor()
    cur.execute("SELECT * FROM users WHERE name = '" + name + "'")
    return "ok"
"""
FILE = source_from_text("app.py", CODE)
SQL_LINE = """cur.execute("SELECT * FROM users WHERE name = '" + name + "'")"""  # line 11
ONE_QUESTION = ModelReviewSettings(max_questions=1, ask_open_question=False)


def _review(engine: FakeEngine, settings: ModelReviewSettings = ONE_QUESTION) -> ModelReviewer:
    reviewer = ModelReviewer(engine, model_id="qwen-test", settings=settings)
    return reviewer


def test_only_classes_whose_construct_appears_are_asked() -> None:
    asked = [c.id for c in select_classes(FILE, load_question_bank(), None, [], limit=20)]
    assert "sql-injection" in asked
    assert "unsafe-deserialization" not in asked
    assert "missing-authentication" not in asked  # no authentication policy set


def test_policy_questions_are_asked_when_the_threat_model_sets_the_policy() -> None:
    model = threat_model_from_dict(
        {"airlock_threat_model": 1, "name": "x", "policies": {"authentication": {"required": True}}}
    )
    asked = [c.id for c in select_classes(FILE, load_question_bank(), model, [], limit=20)]
    assert "missing-authentication" in asked


def test_a_claim_copying_a_line_with_the_construct_is_verified() -> None:
    engine = FakeEngine().enqueue(f"FINDING | {SQL_LINE} | concatenated")
    result = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False)
    (finding,) = result.findings
    assert finding.start_line == 11
    assert finding.confidence is Confidence.MEDIUM
    assert finding.severity is Severity.MEDIUM  # a model alone never makes it high
    assert finding.sources == ("model:qwen-test",)
    assert finding.cwe == (89,)


def test_a_loose_copy_still_finds_its_line() -> None:
    engine = FakeEngine().enqueue(
        "FINDING | `cur.execute('SELECT * FROM users WHERE name = ' + name)` | concatenated"
    )
    (finding,) = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False).findings
    assert finding.start_line == 11
    assert finding.confidence is Confidence.MEDIUM


def test_a_claim_pointing_at_a_line_without_the_construct_is_an_unverified_note() -> None:
    engine = FakeEngine().enqueue('FINDING | name = request.args["name"] | injection somewhere')
    (finding,) = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False).findings
    assert finding.start_line == 9  # found, but the SQL call is on line 11, not here
    assert finding.confidence is Confidence.LOW
    assert finding.severity is Severity.INFO
    assert finding.message.startswith("Unverified model claim")


def test_a_numbered_claim_is_still_read_but_only_its_own_line_verifies_it() -> None:
    engine = FakeEngine().enqueue("FINDING | 11 | concatenated\nFINDING | 10 | next to it")
    findings = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False).findings
    assert [(f.start_line, f.confidence) for f in findings] == [
        (11, Confidence.MEDIUM),
        (10, Confidence.LOW),
    ]


def test_a_copy_of_code_that_is_not_in_the_file_gives_no_line() -> None:
    engine = FakeEngine().enqueue("FINDING | db.session.execute(raw_sql) | made up")
    (finding,) = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False).findings
    assert finding.start_line is None
    assert finding.severity is Severity.INFO


def test_a_claim_beyond_the_end_of_the_file_has_no_line() -> None:
    engine = FakeEngine().enqueue("FINDING | 999 | made up")
    (finding,) = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False).findings
    assert finding.start_line is None
    assert finding.confidence is Confidence.LOW


def test_the_code_is_a_shared_prefix_and_the_question_comes_last() -> None:
    engine = FakeEngine(default_reply="NONE")
    settings = ModelReviewSettings(max_questions=3, ask_open_question=True)
    _review(engine, settings).run([FILE], None, earlier=[], should_cancel=lambda: False)
    users = [r.messages[-1].content for r in engine.requests]
    systems = {r.messages[0].content for r in engine.requests}
    asked = select_classes(FILE, load_question_bank(), None, [], limit=3)
    assert len(users) == len(asked) + 1 and len(systems) == 1
    prefix = users[0][: users[0].index("Question:")]
    assert all(u.startswith(prefix) for u in users)
    assert CODE.strip() in prefix  # the code as it is, unnumbered
    assert "attacker" in users[-1]


def test_the_open_question_maps_a_cwe_to_its_class() -> None:
    engine = FakeEngine().enqueue(f"FINDING | {SQL_LINE} | CWE-89 | string-built query")
    settings = ModelReviewSettings(max_questions=0, ask_open_question=True)
    (finding,) = (
        _review(engine, settings)
        .run([FILE], None, earlier=[], should_cancel=lambda: False)
        .findings
    )
    assert finding.rule_id == "airlock.model.sql-injection"
    assert finding.confidence is Confidence.MEDIUM


def test_garbage_answers_become_a_warning_not_a_finding() -> None:
    engine = FakeEngine().enqueue("I'm sorry, but I can't assist with that.")
    result = _review(engine).run([FILE], None, earlier=[], should_cancel=lambda: False)
    assert result.findings == []
    assert [w.kind for w in result.warnings] == ["model_output"]


def test_an_engine_crash_stops_the_model_stage_with_a_warning() -> None:
    engine = FakeEngine().enqueue_error(EngineCrashed("engine host died (signal 9)"))
    result = _review(engine).run([FILE, FILE], None, earlier=[], should_cancel=lambda: False)
    assert result.findings == []
    assert [w.kind for w in result.warnings] == ["stage_failed"]
    assert "signal 9" in result.warnings[0].message


def test_long_files_are_asked_about_in_overlapping_windows() -> None:
    assert line_windows(100, 160) == [(1, 100)]
    windows = line_windows(400, 160)
    assert windows[0] == (1, 160) and windows[-1][1] == 400
    assert all(b[0] <= a[1] for a, b in pairwise(windows))


def test_a_window_shows_its_lines_unnumbered() -> None:
    source = source_from_text("a.py", "import os\n\nx = 1\n    \ny = 2\n")
    assert window_text(source, 1, 5) == "import os\n\nx = 1\n    \ny = 2"
    assert window_text(source, 3, 3) == "x = 1"


def test_a_copy_is_searched_only_in_the_window_the_model_was_shown() -> None:
    lines = [f"v{n} = {n}" for n in range(1, 401)]
    lines[49] = lines[349] = "cur.execute(q)"
    source = source_from_text("big.py", "\n".join(lines) + "\n")
    settings = ModelReviewSettings(max_questions=0, ask_open_question=True, window_lines=300)
    engine = FakeEngine(default_reply="NONE")
    engine.enqueue("NONE").enqueue("FINDING | cur.execute(q) | CWE-89 | string-built query")
    result = _review(engine, settings).run([source], None, earlier=[], should_cancel=lambda: False)
    assert [f.start_line for f in result.findings] == [350]


def test_a_line_number_outside_the_window_is_not_cited() -> None:
    lines = [f"v{n} = {n}" for n in range(1, 401)]
    lines[49] = "cur.execute(q)"
    source = source_from_text("big.py", "\n".join(lines) + "\n")
    settings = ModelReviewSettings(max_questions=0, ask_open_question=True, window_lines=300)
    engine = FakeEngine(default_reply="NONE")
    engine.enqueue("NONE").enqueue("FINDING | 50 | CWE-89 | string-built query")
    result = _review(engine, settings).run([source], None, earlier=[], should_cancel=lambda: False)
    (finding,) = result.findings  # asked about lines 271-400: line 50 was not shown
    assert finding.start_line is None
    assert finding.severity is Severity.INFO


def test_open_question_claims_of_no_known_class_are_one_warning_not_findings() -> None:
    open_only = ModelReviewSettings(max_questions=0, ask_open_question=True)
    engine = FakeEngine().enqueue(
        f"FINDING | {SQL_LINE} | CWE-89 | name concatenated into SQL\n"
        'FINDING | return "ok" | CWE-12 | something\n'
        "FINDING | CWE-101 | struts\n"
    )
    result = _review(engine, open_only).run([FILE], None, earlier=[], should_cancel=lambda: False)
    assert [(f.rule_id, f.start_line) for f in result.findings] == [
        ("airlock.model.sql-injection", 11)
    ]
    (warning,) = result.warnings
    assert warning.kind == "model_output"
    assert "named 2 weakness(es)" in warning.message
    assert "line 12 CWE-12: something" in warning.message
    assert "line ? CWE-101: struts" in warning.message


def test_a_line_that_reads_no_variable_does_not_verify_an_injection_claim() -> None:
    source = source_from_text(
        "files.py",
        'from pathlib import Path\nTEMPLATES = Path("/srv/templates")\n'
        "def read(name):\n    return (TEMPLATES / name).read_text()\n",
    )
    bank = load_question_bank()
    path_traversal = next(c for c in bank.classes if c.id == "path-traversal")
    assert not path_traversal.holds_at(source, 2)  # Path() of a literal: nothing from outside
    secret = next(c for c in bank.classes if c.id == "hardcoded-secret")
    assert not secret.takes_input  # a literal is exactly what a hard-coded secret is


def test_only_literals_judges_whole_lines_and_leaves_fragments_alone() -> None:
    assert only_literals('THEMES = Path("/srv/shop/themes").resolve()')
    assert only_literals('    with open("/etc/app.conf") as f:')
    assert only_literals('subprocess.run(["ls", "-l"])')
    assert not only_literals('    suffix = Path(file.filename or "").suffix')
    assert not only_literals('os.system(f"ls {folder}")')
    assert not only_literals("    cur.execute(query,")  # part of a statement: not judged


def test_a_secret_read_from_the_environment_does_not_verify_a_hardcoded_secret_claim() -> None:
    source = source_from_text(
        "settings.py",
        'import os, secrets\nTOKEN = os.environ["SHIPPING_API_TOKEN"]\n'
        "SESSION = secrets.token_urlsafe(32)\n"
        'API_KEY = "sk_live_51Habcdef"\n'
        'API_TOKEN = os.getenv("API_TOKEN", "dev-token-123")\n',
    )
    secret = next(c for c in load_question_bank().classes if c.id == "hardcoded-secret")
    assert secret.holds_literal
    assert [secret.holds_at(source, line) for line in (2, 3, 4, 5)] == [False, False, True, True]
    engine = FakeEngine(default_reply='FINDING | TOKEN = os.environ["SHIPPING_API_TOKEN"] | key')
    settings = ModelReviewSettings(max_questions=20, ask_open_question=False)
    result = _review(engine, settings).run([source], None, earlier=[], should_cancel=lambda: False)
    claims = result.findings
    on_token = [f for f in claims if f.start_line == 2 and 798 in f.cwe]
    assert on_token and all(f.severity is Severity.INFO for f in on_token)


def test_literal_value_finds_literals_used_as_values_only() -> None:
    assert literal_value('password = "hunter2!"')
    assert literal_value('    if password == "admin123":')
    assert literal_value('requests.post(url, auth=("user", "hunter2"))')
    assert literal_value('conn = connect(host, password="s3cret!")')
    assert literal_value('key = os.getenv("API_KEY", "dev-secret-1")')  # a default is a value
    assert literal_value('SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]') is False
    assert literal_value('secret = config.get("secret")') is False
    assert literal_value("token = secrets.token_urlsafe(32)") is False
    assert literal_value('    "password": "hunter2",') is None  # part of a dict: not judged
