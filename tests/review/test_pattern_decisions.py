"""The data flow decides scanner pattern matches: real bandit, detect-secrets and taint stage.

A pattern match on a sink that only sanitised input (or a constant) reaches becomes an info
note that says why; the same code with the sanitiser removed stays a finding, confirmed by
the taint stage. Nothing is dropped.
"""

from __future__ import annotations

from dataclasses import replace

from app.core.findings import Confidence, Finding, Severity
from app.core.merge import merge_findings
from app.core.review import DETERMINISTIC, ReviewOptions, run_review
from app.core.sources import source_from_text
from app.core.threat_model import load_template
from app.scan.python_flow.analysis import analyse_source
from app.scan.python_flow.report import sanitised_flows, unreachable_arms

QUOTED = "{shlex.quote(domain)}"

SANITISED_SHELL = """\
import shlex
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.get("/whois")
def whois():
    domain = request.args.get("domain", "")
    return subprocess.run(f"whois {{QUOTE}}", shell=True, capture_output=True).stdout
"""

DEAD_BRANCH_SQL = """\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.get("/greeting")
def greeting():
    name = request.args.get("name", "")
    if 2 + 2 == 5:
        sql = "SELECT message FROM greetings WHERE recipient = '" + name + "'"
    else:
        sql = "SELECT message FROM greetings WHERE recipient = 'everyone'"
    return str(sqlite3.connect("g.db").execute(sql).fetchone())
"""

HELPER_ONLY = """\
import subprocess


def run(command):
    subprocess.call(command, shell=True)
"""

STORED_XSS = """\
from flask import Flask, render_template_string
from markupsafe import Markup

app = Flask(__name__)
PAGE = "<div>{{ bio }}</div>"


@app.get("/users/<int:user_id>")
def profile(user_id):
    user = load(user_id)
    bio = Markup(f"<p>{user.bio}</p>")
    return render_template_string(PAGE, bio=bio)
"""


def review(text: str, path: str = "app.py") -> list[Finding]:
    source = source_from_text(path, text)
    outcome = run_review(
        [source], load_template("web-api"), options=ReviewOptions(stages=DETERMINISTIC)
    )
    return outcome.findings


def by_rule(findings: list[Finding], rule_id: str) -> Finding:
    matches = [f for f in findings if f.rule_id == rule_id]
    assert matches, f"{rule_id} not in {[f.rule_id for f in findings]}"
    return matches[0]


def test_shell_true_on_quoted_input_is_a_note_saying_why() -> None:
    findings = review(SANITISED_SHELL.replace("{{QUOTE}}", "{shlex.quote(domain)}"))
    shell = by_rule(findings, "bandit.B602")
    assert shell.severity is Severity.INFO
    assert shell.confidence is Confidence.LOW
    assert "sanitised for shell use" in shell.message
    assert not [f for f in findings if f.rule_id.startswith("airlock.taint")]


def test_the_same_call_without_the_sanitiser_stays_critical_and_confirmed() -> None:
    findings = review(SANITISED_SHELL.replace("{{QUOTE}}", "{domain}"))
    shell = [f for f in findings if "bandit" in f.sources and f.cwe and 78 in f.cwe]
    assert shell, findings
    assert shell[0].severity.rank >= Severity.HIGH.rank
    assert "taint" in shell[0].sources  # scanner and data flow agree: one finding


def test_sql_built_in_a_dead_branch_is_decided_by_the_constant_reaching_execute() -> None:
    sql = by_rule(review(DEAD_BRANCH_SQL), "bandit.B608")
    assert sql.severity is Severity.INFO
    assert "known constant" in sql.message


def test_sql_built_from_input_still_reported() -> None:
    vulnerable = DEAD_BRANCH_SQL.replace("if 2 + 2 == 5:", "if name:")
    findings = review(vulnerable)
    sql = [f for f in findings if f.cwe and 89 in f.cwe and f.severity is not Severity.INFO]
    assert sql and any("taint" in f.sources for f in sql)


def test_a_helper_without_a_visible_caller_is_not_decided() -> None:
    # Nothing in the file shows where `command` comes from: bandit's match stands, merged
    # with the data flow's library-parameter finding on the same line.
    [shell] = [f for f in review(HELPER_ONLY) if 78 in f.cwe and f.severity is not Severity.INFO]
    assert "bandit" in shell.sources and "taint" in shell.sources
    assert shell.severity.rank >= Severity.HIGH.rank


def test_a_constant_template_does_not_decide_markup_built_from_stored_data() -> None:
    markup = by_rule(review(STORED_XSS), "bandit.B704")
    assert markup.severity is not Severity.INFO


def test_a_model_claim_cannot_outweigh_the_data_flow() -> None:
    findings = review(SANITISED_SHELL.replace("{{QUOTE}}", QUOTED))
    bandit = by_rule(findings, "bandit.B602")
    claim = Finding(
        rule_id="model.injection-os",
        title="Command injection",
        cwe=(78,),
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        file="app.py",
        start_line=bandit.start_line,
        end_line=bandit.start_line,
        snippet=bandit.snippet,
    )
    source = source_from_text("app.py", SANITISED_SHELL.replace("{{QUOTE}}", QUOTED))
    flows = sanitised_flows(source, analyse_source(source))
    raw_bandit = replace(bandit, severity=Severity.HIGH, message="shell")
    merged = merge_findings([raw_bandit, claim], None, cleared=flows)
    assert len(merged) == 1
    assert merged[0].severity is Severity.INFO
    assert set(merged[0].sources) == {"bandit", "model:qwen"}


def test_subprocess_import_is_a_note_but_a_telnet_import_stays() -> None:
    findings = review("import subprocess\nimport telnetlib\n")
    assert by_rule(findings, "bandit.B404").severity is Severity.INFO
    assert by_rule(findings, "bandit.B401").severity is Severity.HIGH


def test_eval_is_code_injection_for_bandit_too() -> None:
    assert by_rule(review("x = eval(input())\n"), "bandit.B307").cwe == (95,)


def test_a_name_that_describes_a_credential_is_a_note() -> None:
    findings = review('TOKEN_HEADER = "X-Request-Token"\nDB_PASSWORD = "Sup3rS3cretValue9"\n')
    header = [f for f in findings if f.start_line == 1]
    assert header and all(f.severity is Severity.INFO for f in header)
    password = [f for f in findings if f.start_line == 2 and f.severity.rank >= Severity.HIGH.rank]
    assert password, findings


UNREACHABLE = """\
import os
from flask import Flask, redirect, request

app = Flask(__name__)


@app.post("/save")
def save():
    target = request.form.get("continue")
    if 2 + 2 == 5:
        os.system("rm -rf " + target)
        password = "hunter2-dead-branch"
        return redirect(target)
    return redirect("/settings")


def helper(mode):
    if mode == "fast":
        return "done"
    return os.system(mode)


def caller():
    return helper("fast")
"""
DEAD_LINES = {"os.system": 11, "password": 12, "redirect": 13}


def _model_claim(line: int, cwe: tuple[int, ...]) -> Finding:
    return Finding(
        rule_id="airlock.model.claim", title="claim", cwe=cwe, severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM, sources=("model:qwen",), file="app.py",
        start_line=line, end_line=line, snippet=UNREACHABLE.splitlines()[line - 1].strip(),
    )  # fmt: skip


def test_matches_and_claims_in_code_that_never_runs_are_notes_but_a_secret_stays() -> None:
    findings = review(UNREACHABLE)
    (shell,) = [f for f in findings if f.rule_id == "bandit.B605" and f.start_line == 11]
    assert shell.severity is Severity.INFO
    assert "`2 + 2 == 5` is always false, so lines 11-13 never run" in shell.message
    claim = _model_claim(DEAD_LINES["redirect"], (601,))
    source = source_from_text("app.py", UNREACHABLE)
    cleared = unreachable_arms(source, analyse_source(source))
    assert [(c.line, c.end_line) for c in cleared] == [(11, 13)]  # not helper's `mode` arm
    (merged,) = merge_findings([claim], None, cleared=cleared)
    assert merged.severity is Severity.INFO and "never run" in merged.message
    secret = _model_claim(DEAD_LINES["password"], (798,))
    (kept,) = merge_findings([secret], None, cleared=cleared)
    assert kept.severity is Severity.MEDIUM  # a secret in the text is leaked whether it runs


def test_a_claim_where_the_branch_can_run_is_not_decided() -> None:
    live = UNREACHABLE.replace("if 2 + 2 == 5:", "if target:")
    source = source_from_text("app.py", live)
    assert unreachable_arms(source, analyse_source(source)) == []
    findings = review(live)
    (shell,) = [f for f in findings if 78 in f.cwe and f.start_line == 11]
    assert shell.severity is not Severity.INFO and "bandit" in shell.sources


PATH_BUILT_AWAY = """\
import os
import re

from flask import request, send_file

NAME = re.compile(r"INV-\\d{6}\\.pdf")


def invoice():
    name = request.args.get("file", "")
    if not NAME.fullmatch(name):
        return "no", 404
    path = os.path.join("/srv/invoices", name)
    return send_file(path)
"""


def test_a_path_built_before_a_clean_sink_is_decided_with_its_function() -> None:
    source = source_from_text("app.py", PATH_BUILT_AWAY)
    (flow,) = [c for c in sanitised_flows(source, analyse_source(source)) if c.kind == "path"]
    assert flow.scope == (9, 14)
    (merged,) = merge_findings([_model_claim(13, (22,))], None, cleared=[flow])
    assert merged.severity is Severity.INFO
    unchecked = PATH_BUILT_AWAY.replace("    if not NAME.fullmatch(name):\n        return", "    #")
    source = source_from_text("app.py", unchecked)
    assert not [c for c in sanitised_flows(source, analyse_source(source)) if c.kind == "path"]
