"""Where a threat-model check found its rule kept, a model's contrary claim becomes a note.

The small models claim "missing authentication" on routes that have a login check, and
"sensitive logging" on log calls that write no field the project forbids. The policy stage
checked exactly that rule on that line, so the claim is kept as an info note with the
check's evidence; deterministic findings and other weakness classes are left alone.
"""

from __future__ import annotations

from app.core.findings import Clearance, Confidence, Finding, Severity
from app.core.merge import merge_findings
from app.core.review import ReviewOptions, run_review
from app.core.sources import SourceFile, source_from_text
from app.core.threat_model import ThreatModel, threat_model_from_dict
from app.llm.fake import FakeEngine
from app.scan.base import StageContext
from app.scan.policy import PolicyStage

APP = """\
import hashlib
import logging

from flask import Flask, request
from flask_login import login_required

app = Flask(__name__)
log = logging.getLogger(__name__)


@app.route("/admin")
@login_required
def admin():
    log.info("admin page opened by %s", request.remote_addr)
    return "ok"


@app.route("/health")
def health():
    return "up"


@app.route("/export")
def export():
    password = request.form["password"]
    log.info("export with %s", password)
    digest = hashlib.sha256(request.data).hexdigest()
    return hashlib.md5(password.encode()).hexdigest() + digest
"""
FILE = source_from_text("app.py", APP)
LINE = {text.strip(): number for number, text in enumerate(APP.splitlines(), start=1)}
ADMIN_ROUTE = LINE['@app.route("/admin")']
HEALTH_ROUTE = LINE['@app.route("/health")']
EXPORT_ROUTE = LINE['@app.route("/export")']
CLEAN_LOG = LINE['log.info("admin page opened by %s", request.remote_addr)']
PASSWORD_LOG = LINE['log.info("export with %s", password)']
DIGEST = LINE["digest = hashlib.sha256(request.data).hexdigest()"]

POLICIES = {
    "authentication": {"required": True, "public_paths": ["/health"]},
    "logging": {"forbidden_fields": ["password", "token"]},
    "crypto": {"forbidden": ["md5", "sha1"], "password_hashing": ["argon2"]},
}


def _model(policies: dict[str, object] | None = None) -> ThreatModel:
    document: dict[str, object] = {"airlock_threat_model": 1, "name": "shop"}
    document["policies"] = POLICIES if policies is None else policies
    return threat_model_from_dict(document)


def _cleared(files: list[SourceFile], model: ThreatModel) -> list[Clearance]:
    return PolicyStage().run(files, StageContext(threat_model=model)).cleared


def _claim(line: int, cwe: tuple[int, ...], rule: str = "missing-authentication") -> Finding:
    return Finding(
        rule_id=f"airlock.model.{rule}",
        title=rule,
        cwe=cwe,
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        file="app.py",
        start_line=line,
        end_line=line,
        snippet=APP.splitlines()[line - 1].strip(),
        message="the model says so.",
    )


def _merged(claim: Finding, model: ThreatModel | None = None) -> Finding:
    model = model or _model()
    (merged,) = merge_findings([claim], model, cleared=_cleared([FILE], model))
    return merged


def test_the_policy_stage_clears_the_places_where_each_rule_holds() -> None:
    cleared = {(c.kind, c.line): c for c in _cleared([FILE], _model())}
    admin = cleared[("authentication", ADMIN_ROUTE)]
    assert admin.end_line == ADMIN_ROUTE + 2  # the decorators and the def line
    assert admin.evidence == "route admin() is protected by an authentication decorator"
    assert cleared[("authentication", HEALTH_ROUTE)].evidence == (
        "the threat model lists /health as public"
    )
    assert ("authentication", EXPORT_ROUTE) not in cleared  # a finding instead
    assert "writes none of the fields" in cleared[("logging", CLEAN_LOG)].evidence
    assert ("logging", PASSWORD_LOG) not in cleared
    assert "sha256 hashes no password here" in cleared[("crypto", DIGEST)].evidence


def test_a_missing_authentication_claim_on_a_protected_route_is_a_note() -> None:
    merged = _merged(_claim(ADMIN_ROUTE, (306,)))
    assert (merged.severity, merged.confidence) == (Severity.INFO, Confidence.LOW)
    assert merged.message.endswith(
        "Threat-model check: route admin() is protected by an authentication decorator, "
        "so this model claim is kept as a note."
    )


def test_a_claim_on_a_public_path_and_one_on_a_clean_log_call_are_notes() -> None:
    assert _merged(_claim(HEALTH_ROUTE, (306,))).severity is Severity.INFO
    log_claim = _claim(CLEAN_LOG, (532,), rule="sensitive-logging")
    assert _merged(log_claim).severity is Severity.INFO


def test_claims_where_the_rule_is_broken_stand_and_confirm_the_policy_finding() -> None:
    model = _model()
    claims = [_claim(EXPORT_ROUTE, (306,)), _claim(PASSWORD_LOG, (532,), "sensitive-logging")]
    stage = PolicyStage().run([FILE], StageContext(threat_model=model))
    merged = merge_findings([*stage.findings, *claims], model, cleared=stage.cleared)
    on = {f.start_line: f for f in merged}
    for line in (EXPORT_ROUTE, PASSWORD_LOG):
        assert on[line].severity.rank > Severity.INFO.rank
        assert "model:qwen" in on[line].sources
        assert any(s.startswith("policy:") for s in on[line].sources)
        assert on[line].confidence is Confidence.HIGH  # two kinds of source agree


def test_a_login_check_says_nothing_about_authorisation() -> None:
    # CWE-862/639 (one user reading another's data) is not what the login check decides.
    assert _merged(_claim(ADMIN_ROUTE, (862,), rule="idor")).severity is Severity.MEDIUM


def test_a_scanner_match_is_not_decided_by_a_policy_check() -> None:
    bandit = _claim(DIGEST, (327,), rule="B324")
    bandit = Finding(**{**bandit.__dict__, "sources": ("bandit",), "rule_id": "bandit.B324"})
    assert _merged(bandit).severity is Severity.MEDIUM


def test_without_a_policy_nothing_is_cleared() -> None:
    assert _cleared([FILE], _model(policies={})) == []
    assert _merged(_claim(ADMIN_ROUTE, (306,)), _model(policies={})).severity is Severity.MEDIUM
    # Airlock's baseline (passwords need a password hash) does not speak for other digests.
    digest_claim = _claim(DIGEST, (327, 916), rule="weak-crypto")
    assert _merged(digest_claim, _model(policies={})).severity is Severity.MEDIUM


def test_the_whole_review_turns_the_models_claim_on_the_protected_route_into_a_note() -> None:
    # Every question gets the same answer: the protected route's decorator line.
    engine = FakeEngine(default_reply='FINDING | @app.route("/admin") | no authentication')
    outcome = run_review([FILE], _model(), options=ReviewOptions(), engine=engine, model_id="q")
    on_admin = [f for f in outcome.findings if f.start_line == ADMIN_ROUTE and 306 in f.cwe]
    assert on_admin, [(f.start_line, f.cwe, f.sources) for f in outcome.findings]
    assert all(f.severity is Severity.INFO for f in on_admin)
    assert any("is protected by an authentication decorator" in f.message for f in on_admin)
    export = [f for f in outcome.findings if f.start_line == EXPORT_ROUTE and 306 in f.cwe]
    assert export and export[0].severity.rank > Severity.INFO.rank
