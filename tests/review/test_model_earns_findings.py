"""The model earns its findings (issue 15, point 7).

A claim only the model makes is a finding only in a class listed as trusted (the list comes
from the held-out figures and starts empty); anywhere else it is a question for the reviewer.
A claim that agrees with a deterministic finding still confirms it. A data-flow clearance on
the claim's line (constant, sanitised, no client input at all) decides the claim: it is kept
as a note with the evidence. "no-input" decides model claims only, not scanner matches.
"""

from __future__ import annotations

import yaml

from app.core.findings import Clearance, Confidence, Finding, FindingKind, Severity
from app.core.merge import TRUSTED_CLASSES_FILE, merge_findings, trusted_model_classes
from app.core.model_questions import load_question_bank
from app.core.resources import resource_path
from app.core.review import ReviewOptions, run_review
from app.core.sources import source_from_text
from app.llm.fake import FakeEngine

FILE = "app.py"


def _claim(line: int = 14, **changes: object) -> Finding:
    """A verified model claim of command injection, as the model stage reports one."""
    base: dict[str, object] = {
        "rule_id": "airlock.model.command-injection",
        "title": "OS command injection",
        "cwe": (78,),
        "severity": Severity.MEDIUM,
        "confidence": Confidence.MEDIUM,
        "sources": ("model:qwen",),
        "file": FILE,
        "start_line": line,
        "end_line": line,
        "snippet": "subprocess.run(cmd, shell=True)",
        "message": "The model reports: the command comes from the request",
    }
    base.update(changes)
    return Finding(**base)  # type: ignore[arg-type]


def _bandit(line: int = 14) -> Finding:
    return _claim(
        line,
        rule_id="bandit.B602",
        title="subprocess call with shell=True",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        sources=("bandit",),
        message="subprocess call with shell=True identified, security issue.",
    )


def _cleared(reason: str, line: int = 14, evidence: str = "") -> Clearance:
    return Clearance(FILE, line, (78,), "subprocess.run()", "shell", reason, evidence=evidence)


# --- which claims are findings -------------------------------------------------------------


def test_the_trusted_class_list_cites_its_measurement_and_names_only_known_classes() -> None:
    path = resource_path(*TRUSTED_CLASSES_FILE)
    text = path.read_text(encoding="utf-8")
    assert "docs/BENCHMARKS.md" in text and "held-out" in text and "Measured" in text
    listed = yaml.safe_load(text)["trusted_classes"]
    known = {weakness.id for weakness in load_question_bank().classes}
    assert set(listed) <= known
    assert trusted_model_classes() == frozenset(listed)


def test_a_claim_only_the_model_makes_is_a_question_for_the_reviewer() -> None:
    (merged,) = merge_findings([_claim()], None)
    assert merged.kind is FindingKind.QUESTION and merged.question
    assert (merged.severity, merged.confidence) == (Severity.MEDIUM, Confidence.MEDIUM)
    assert not merged.is_finding


def test_two_models_agreeing_are_still_only_the_model() -> None:
    other = _claim(sources=("model:qwen-1.5b",))
    (merged,) = merge_findings([_claim(), other], None)
    assert merged.kind is FindingKind.QUESTION


def test_in_a_trusted_class_a_model_claim_is_a_finding() -> None:
    (merged,) = merge_findings([_claim()], None, trusted_classes={"command-injection"})
    assert merged.kind is FindingKind.FINDING
    (other,) = merge_findings([_claim()], None, trusted_classes={"sql-injection"})
    assert other.kind is FindingKind.QUESTION


def test_a_claim_agreeing_with_a_scanner_still_confirms_its_finding() -> None:
    (merged,) = merge_findings([_claim(), _bandit()], None)
    assert merged.kind is FindingKind.FINDING
    assert merged.sources == ("model:qwen", "bandit")
    assert merged.confidence is Confidence.HIGH
    assert merged.rule_id == "bandit.B602"


def test_an_unverified_claim_is_a_note_not_a_question() -> None:
    unverified = _claim(
        severity=Severity.INFO,
        confidence=Confidence.LOW,
        message="Unverified model claim (the code it points at does not show this weakness)",
    )
    (merged,) = merge_findings([unverified], None)
    assert merged.kind is FindingKind.NOTE and not merged.question


def test_deterministic_findings_are_untouched() -> None:
    (merged,) = merge_findings([_bandit()], None)
    assert merged.kind is FindingKind.FINDING and not merged.question


# --- the data flow decides the model's claims on its line ------------------------------------


def test_a_constant_reaching_the_sink_decides_the_claim() -> None:
    (merged,) = merge_findings([_claim()], None, cleared=[_cleared("constant")])
    assert merged.kind is FindingKind.NOTE
    assert "the value reaching subprocess.run() on line 14 is a known constant" in merged.message
    assert merged.message.endswith("so this model claim is kept as a note.")


def test_sanitised_input_reaching_the_sink_decides_the_claim() -> None:
    (merged,) = merge_findings([_claim()], None, cleared=[_cleared("sanitised")])
    assert merged.kind is FindingKind.NOTE
    assert "is sanitised for shell use first, so this model claim is kept as a note" in (
        merged.message
    )


def test_a_sink_no_client_input_reaches_decides_the_claim_with_its_evidence() -> None:
    cleared = _cleared("no-input", evidence="cmd comes from the settings file")
    (merged,) = merge_findings([_claim()], None, cleared=[cleared])
    assert merged.kind is FindingKind.NOTE
    assert merged.confidence is Confidence.LOW
    assert (
        "Data flow: no input from a client reaches subprocess.run() on line 14 (cmd comes "
        "from the settings file), so this model claim is kept as a note." in merged.message
    )
    (plain,) = merge_findings([_claim()], None, cleared=[_cleared("no-input")])
    assert "no input from a client reaches subprocess.run() on line 14, so" in plain.message


def test_no_input_does_not_decide_a_scanner_pattern_match() -> None:
    (merged,) = merge_findings([_bandit()], None, cleared=[_cleared("no-input")])
    assert merged.kind is FindingKind.FINDING
    assert merged.severity is Severity.HIGH
    # The model agreeing with the scanner there leaves a confirmed finding, as before.
    (both,) = merge_findings([_claim(), _bandit()], None, cleared=[_cleared("no-input")])
    assert both.kind is FindingKind.FINDING and both.confidence is Confidence.HIGH


def test_constant_and_sanitised_decide_a_scanner_pattern_match_too() -> None:
    for reason in ("constant", "sanitised"):
        (merged,) = merge_findings([_bandit()], None, cleared=[_cleared(reason)])
        assert merged.kind is FindingKind.NOTE, reason
        assert "so this pattern match is kept as a note" in merged.message


def test_a_clearance_decides_only_its_own_line_and_family() -> None:
    elsewhere = _cleared("no-input", line=20)
    (merged,) = merge_findings([_claim()], None, cleared=[elsewhere])
    assert merged.kind is FindingKind.QUESTION
    sql = Clearance(FILE, 14, (89,), "cur.execute()", "sql", "no-input")
    (merged,) = merge_findings([_claim()], None, cleared=[sql])
    assert merged.kind is FindingKind.QUESTION


def test_a_decided_claim_is_a_note_even_in_a_trusted_class() -> None:
    (merged,) = merge_findings(
        [_claim()], None, cleared=[_cleared("no-input")], trusted_classes={"command-injection"}
    )
    assert merged.kind is FindingKind.NOTE


# --- the whole review, with a scripted engine --------------------------------------------------

SQL_CODE = """\
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
SQL_LINE = """cur.execute("SELECT * FROM users WHERE name = '" + name + "'")"""


def test_a_review_keeps_the_models_own_claim_as_a_question() -> None:
    engine = FakeEngine(default_reply=f"FINDING | {SQL_LINE} | the name is concatenated")
    outcome = run_review(
        [source_from_text(FILE, SQL_CODE)],
        None,
        options=ReviewOptions(stages=frozenset({"model"})),
        engine=engine,
        model_id="fake",
    )
    sql = [f for f in outcome.findings if f.rule_id == "airlock.model.sql-injection"]
    assert [(f.kind, f.start_line) for f in sql] == [(FindingKind.QUESTION, 11)]
    assert not [f for f in outcome.findings if f.is_finding]
