"""Per-finding triage (`ResultTriage`) and the suppression property bag, against the schema."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.sarif import ResultTriage, Suppression, findings_to_sarif
from tests.sarif.test_sarif import assert_valid, make


def _results(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return list(doc["runs"][0]["results"])


def test_two_findings_with_one_fingerprint_keep_their_own_triage() -> None:
    # The same snippet twice in one file: one fingerprint, two findings, two decisions.
    first, second = make(start_line=10, end_line=10), make(start_line=50, end_line=50)
    accepted = Suppression("external", "accepted", "Admin only.", decision="accepted")
    doc = findings_to_sarif(
        [second, first],
        tool_version="0.1.0",
        triage=[ResultTriage(None, "new", "open"), ResultTriage(accepted, "unchanged", "accepted")],
    )
    assert_valid(doc)
    by_line = {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]: r for r in _results(doc)
    }
    assert by_line[10]["suppressions"][0]["justification"] == "Admin only."
    assert by_line[10]["baselineState"] == "unchanged"
    assert by_line[50]["suppressions"] == []
    assert by_line[50]["properties"]["triageStatus"] == "open"


def test_the_suppression_property_bag_holds_only_what_is_known() -> None:
    full = Suppression(
        "external",
        "accepted",
        "Behind the VPN.",
        decision="accepted",
        expires="2026-06-30",
        decided_by="alice",
        decided_at="2026-02-02T10:00:00+00:00",
    )
    doc = findings_to_sarif(
        [make(), make(file="b.py")],
        tool_version="0.1.0",
        triage=[ResultTriage(full), ResultTriage(Suppression("external", "accepted", ""))],
    )
    assert_valid(doc)
    by_file = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in _results(doc)
    }
    assert by_file["app/views.py"]["suppressions"][0]["properties"] == {
        "decision": "accepted",
        "expires": "2026-06-30",
        "decidedBy": "alice",
        "decidedAt": "2026-02-02T10:00:00+00:00",
    }
    assert by_file["b.py"]["suppressions"] == [{"kind": "external", "status": "accepted"}]
    # Baseline unknown per result: the property is left out.
    assert "baselineState" not in by_file["b.py"]


def test_triage_is_given_one_way_only_and_one_entry_per_finding() -> None:
    with pytest.raises(ValueError, match="not both"):
        findings_to_sarif(
            [make()], tool_version="0.1.0", triage=[ResultTriage()], baseline_states={}
        )
    with pytest.raises(ValueError, match="2 triage entries for 1 findings"):
        findings_to_sarif([make()], tool_version="0.1.0", triage=[ResultTriage()] * 2)
    with pytest.raises(ValueError, match="baseline state 'gone'"):
        findings_to_sarif([make()], tool_version="0.1.0", triage=[ResultTriage(None, "gone")])


_text = st.text(st.characters(codec="utf-8"), max_size=30)
_entries = st.builds(
    ResultTriage,
    suppression=st.one_of(
        st.none(),
        st.builds(
            Suppression,
            kind=st.sampled_from(["external", "inSource"]),
            status=st.sampled_from(["accepted", "underReview", "rejected"]),
            justification=_text,
            decision=st.one_of(st.none(), _text),
            expires=st.one_of(st.none(), _text),
            decided_by=st.one_of(st.none(), _text),
            decided_at=st.one_of(st.none(), _text),
        ),
    ),
    baseline_state=st.one_of(st.none(), st.sampled_from(["new", "unchanged", "absent"])),
    status=st.one_of(st.none(), _text),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(_entries, max_size=5))
def test_random_per_finding_triage_always_validates(entries: list[ResultTriage]) -> None:
    findings = [make(start_line=index + 1, end_line=index + 1) for index in range(len(entries))]
    doc = findings_to_sarif(findings, tool_version="0.1.0", triage=entries)
    assert_valid(doc)
    assert all("suppressions" in result for result in _results(doc))
