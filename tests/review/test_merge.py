from __future__ import annotations

from app.core.findings import Clearance, Confidence, Finding, Severity
from app.core.merge import adjust_severity, merge_findings
from app.core.threat_model import threat_model_from_dict


def _finding(**changes: object) -> Finding:
    base: dict[str, object] = {
        "rule_id": "airlock.taint.sql-injection",
        "title": "SQL injection",
        "cwe": (89,),
        "severity": Severity.HIGH,
        "confidence": Confidence.HIGH,
        "sources": ("taint",),
        "file": "app.py",
        "start_line": 10,
        "end_line": 10,
        "snippet": "cur.execute(q)",
    }
    base.update(changes)
    return Finding(**base)  # type: ignore[arg-type]


INTERNET = threat_model_from_dict(
    {
        "airlock_threat_model": 1,
        "name": "shop",
        "exposure": "internet",
        "assets": [{"name": "cards", "classification": "restricted"}],
    }
)
LOCAL = threat_model_from_dict({"airlock_threat_model": 1, "name": "tool", "exposure": "local"})


def test_a_scanner_and_the_model_on_one_line_become_one_confirmed_finding() -> None:
    model = _finding(
        rule_id="airlock.model.sql-injection",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        cwe=(89,),
    )
    scanner = _finding(confidence=Confidence.MEDIUM, sources=("bandit",), cwe=(89,))
    merged = merge_findings([model, scanner], None)
    assert len(merged) == 1
    assert merged[0].sources == ("model:qwen", "bandit")
    assert merged[0].confidence is Confidence.HIGH
    assert merged[0].rule_id == "airlock.taint.sql-injection"


def test_variant_cwes_of_one_family_merge() -> None:
    same_family = _finding(cwe=(77,), sources=("other",))
    assert len(merge_findings([_finding(cwe=(78,)), same_family], None)) == 1


def test_the_same_snippet_on_two_lines_stays_two_findings() -> None:
    merged = merge_findings([_finding(start_line=3), _finding(start_line=9)], None)
    assert [f.start_line for f in merged] == [3, 9]


def test_fingerprints_survive_line_moves() -> None:
    before = merge_findings([_finding(start_line=3)], None)[0]
    after = merge_findings([_finding(start_line=40)], None)[0]
    assert before.fingerprint == after.fingerprint


def test_internet_facing_restricted_data_raises_severity() -> None:
    raised = adjust_severity(_finding(severity=Severity.HIGH), INTERNET)
    assert raised.severity is Severity.CRITICAL
    assert "internet-facing" in raised.why


def test_a_local_tool_lowers_severity_but_never_to_info() -> None:
    assert adjust_severity(_finding(severity=Severity.HIGH), LOCAL).severity is Severity.MEDIUM
    assert adjust_severity(_finding(severity=Severity.LOW), LOCAL).severity is Severity.LOW


def test_unverified_model_claims_stay_notes_on_any_service() -> None:
    claim = _finding(severity=Severity.INFO, confidence=Confidence.LOW, sources=("model:q",))
    assert adjust_severity(claim, INTERNET).severity is Severity.INFO


SHELL_QUOTED = Clearance(file="app.py", line=10, cwe=(78,), sink="subprocess.run()", kind="shell")


def test_a_model_claim_on_a_sink_the_data_flow_saw_sanitised_becomes_a_note() -> None:
    claim = _finding(
        rule_id="airlock.model.command-injection",
        cwe=(78,),
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:q",),
    )
    (merged,) = merge_findings([claim], None, cleared=[SHELL_QUOTED])
    assert merged.severity is Severity.INFO
    assert "so this model claim is kept as a note" in merged.message


def test_a_taint_finding_stands_whatever_the_sanitised_sinks_say() -> None:
    flow = _finding(cwe=(78,), sources=("taint", "model:q"))
    (merged,) = merge_findings([flow], None, cleared=[SHELL_QUOTED])
    assert merged.severity is Severity.HIGH


def test_merged_output_is_sorted_worst_first() -> None:
    low = _finding(severity=Severity.LOW, start_line=1, cwe=(330,), snippet="random.random()")
    high = _finding(start_line=50)
    assert [f.severity for f in merge_findings([low, high], None)] == [Severity.HIGH, Severity.LOW]


def test_a_verified_model_claim_alone_is_never_raised_to_high() -> None:
    claim = _finding(severity=Severity.MEDIUM, confidence=Confidence.MEDIUM, sources=("model:q",))
    assert adjust_severity(claim, INTERNET).severity is Severity.MEDIUM
    confirmed = _finding(
        severity=Severity.MEDIUM, confidence=Confidence.HIGH, sources=("model:q", "bandit")
    )
    assert adjust_severity(confirmed, INTERNET).severity is Severity.HIGH
