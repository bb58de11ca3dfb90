"""Findings as SARIF 2.1.0 that GitHub code scanning accepts.

`findings_to_sarif` builds one run with one rule per distinct `rule_id`, one result per finding
and the review warnings as tool execution notifications; `dump_sarif` serialises it. Only the
standard library is used, so exporting never needs a third-party package.

Only findings (items that claim a weakness, `Finding.is_finding`) become results. Notes (info:
an unverified model claim, `import subprocess`, a pattern match the data flow decided) and
questions for the reviewer (a claim only the model made, in a class where model claims are
not trusted) are left out: GitHub shows every result as an alert tagged with its CWE, and a
benchmark reading the file counts it as a finding. The run's property bag says how many were
left out; the reports and `airlock review --format json` hold them.

The output is deterministic: rules are sorted by id, results by location then rule, and every
object is built in a fixed key order, so two exports of the same review are byte-identical and a
diff between two reviews shows only what changed.

Choices the SARIF and GitHub documents leave open, and what we do:
- A finding with no (or an invalid) line is placed at line 1 with `properties.lineUnknown`.
  SARIF allows no region at all, but GitHub needs `region.startLine` to show an alert and to
  compute its own line-hash fingerprint; line 1 is where a whole-file alert is shown anyway.
- `partialFingerprints["airlock/v1"]` is Airlock's line-independent identity (CWE family, file,
  normalised snippet): triage and baselines key on it. GitHub itself matches alerts on
  `primaryLocationLineHash`, which the upload-sarif action adds from the checked-out source.
- Plain-text messages double `{` and `}` as SARIF 2.1.0 §3.11.5 requires, so a viewer that
  substitutes placeholders does not mistake code such as `{0}` for one.
- Rule metadata (level, security-severity, precision) comes from the rule's most severe finding:
  GitHub reads severity per rule, so a rule is rated by its worst instance. Each result still
  carries its own `level` and `properties.severity`.
- Triage arrives either keyed by fingerprint (`suppressions`, `baseline_states`) or as one
  `ResultTriage` per finding (`triage`). The second form exists because the same snippet twice
  in one file is two findings with one fingerprint, and each can be triaged on its own.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any, Final, Literal, get_args
from urllib.parse import quote

from app.core.coverage import FileCoverage, not_covered
from app.core.findings import (
    Confidence,
    Finding,
    FindingKind,
    ReviewWarning,
    Severity,
    compute_fingerprint,
)

SARIF_VERSION: Final = "2.1.0"
# The OASIS errata01 schema: the exact document the tests validate our output against.
SARIF_SCHEMA_URI: Final = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
TOOL_NAME: Final = "Airlock"
FINGERPRINT_KEY: Final = "airlock/v1"
SRCROOT: Final = "%SRCROOT%"

SuppressionKind = Literal["external", "inSource"]
SuppressionStatus = Literal["accepted", "underReview", "rejected"]
BaselineState = Literal["new", "unchanged", "updated", "absent"]

_LEVEL: Final[Mapping[Severity, str]] = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub maps >= 9.0 to critical, 7.0-8.9 high, 4.0-6.9 medium, 0.1-3.9 low (info shows as low).
_SECURITY_SEVERITY: Final[Mapping[Severity, str]] = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
_PRECISION: Final[Mapping[Confidence, str]] = {
    Confidence.HIGH: "high",
    Confidence.MEDIUM: "medium",
    Confidence.LOW: "low",
}

# GitHub's limits: rule name 255 characters, descriptions 1000 (older docs) or 1024, and only
# the first 10 tags of a rule are kept.
_MAX_NAME = 255
_MAX_DESCRIPTION = 1000
_MAX_TAGS = 10

_SURROGATE = re.compile("[\ud800-\udfff]")
_WINDOWS_ABSOLUTE = re.compile(r"^(?:[A-Za-z]:[\\/]|\\\\)")
_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$"
)
# Characters RFC 3986 allows unescaped in a URI; anything else in a caller's base URI is encoded.
_URI_SAFE = ":/?#[]@!$&'()*+,;=%~"
_LONE_PERCENT = re.compile("%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Suppression:
    """A triage decision on one finding, exported as a SARIF `suppression` object."""

    kind: SuppressionKind
    status: SuppressionStatus
    justification: str
    # Exported in the suppression's property bag: SARIF has no fields for them, and an auditor
    # reading the file needs to know who decided, when, and until when an accepted risk holds.
    decision: str | None = None  # Airlock's triage status: "accepted" or "false_positive"
    expires: str | None = None
    decided_by: str | None = None
    decided_at: str | None = None

    def __post_init__(self) -> None:
        # Values arrive from the store and the CLI as plain strings: reject what SARIF rejects.
        if self.kind not in get_args(SuppressionKind):
            raise ValueError(f"suppression kind must be one of {get_args(SuppressionKind)}")
        if self.status not in get_args(SuppressionStatus):
            raise ValueError(f"suppression status must be one of {get_args(SuppressionStatus)}")


@dataclass(frozen=True)
class ResultTriage:
    """The triage of one finding: its suppression (None: not suppressed), baseline state
    (None: unknown) and Airlock status, exported as `properties.triageStatus`."""

    suppression: Suppression | None = None
    baseline_state: str | None = None
    status: str | None = None


def findings_to_sarif(
    findings: Sequence[Finding],
    warnings: Sequence[ReviewWarning] = (),
    *,
    tool_version: str,
    base_uri: str | None = None,
    automation_id: str | None = None,
    suppressions: Mapping[str, Suppression] | None = None,
    baseline_states: Mapping[str, str] | None = None,
    triage: Sequence[ResultTriage] | None = None,
    coverage: Sequence[FileCoverage] = (),
) -> dict[str, Any]:
    """One SARIF 2.1.0 log with one run holding every finding and warning.

    Files that no rule-based analyser read are `not_covered` warnings (notifications), and
    with `coverage` the run's properties also list them (`filesNotCoveredByRules`) with the
    analysers that read each file (`coverage`).

    Notes and questions for the reviewer are not results: they are counted in the run's
    `properties` (`notes`, `questionsForReviewer`) and otherwise left out.

    `base_uri` (an absolute directory path or URI) is the project root: relative file URIs then
    carry `uriBaseId: %SRCROOT%`. `suppressions` and `baseline_states` are keyed by fingerprint;
    when a mapping is given, a finding missing from it is "not suppressed" (an empty list) and
    "new" respectively. `triage` instead gives one entry per finding, in the same order; every
    result then carries `suppressions`.
    """
    context = _Context(src_root=_normalise_base_uri(base_uri) if base_uri is not None else None)
    paired = _paired_triage(findings, suppressions, baseline_states, triage)
    pairs = [pair for pair in paired if pair[0].is_finding]
    pairs.sort(key=lambda pair: _result_sort_key(pair[0], context))
    rules = _rules([finding for finding, _ in pairs])
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    run: dict[str, Any] = {"tool": {"driver": _driver(tool_version, rules)}}
    run["invocations"] = [_invocation(warnings, context)]
    if context.src_root is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": context.src_root}}
    if automation_id is not None:
        run["automationDetails"] = {"id": _clean(automation_id)}
    run["results"] = [_result(finding, known, rule_index, context) for finding, known in pairs]
    run["properties"] = _left_out(findings) | _coverage_properties(coverage)
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _left_out(findings: Sequence[Finding]) -> dict[str, int]:
    """How many items are not results: they claim no weakness (see the module docstring)."""
    kinds = [finding.kind for finding in findings]
    return {
        "notes": kinds.count(FindingKind.NOTE),
        "questionsForReviewer": kinds.count(FindingKind.QUESTION),
    }


def _coverage_properties(coverage: Sequence[FileCoverage]) -> dict[str, Any]:
    if not coverage:
        return {}
    return {
        "filesNotCoveredByRules": [_clean(entry.path) for entry in not_covered(coverage)],
        "coverage": [
            {"path": _clean(e.path), "language": e.language, "analysers": list(e.analysers)}
            for e in coverage
        ],
    }


def dump_sarif(doc: Mapping[str, Any]) -> str:
    """The log as UTF-8-ready JSON text, indented by 2, ending with a newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def export_fingerprint(finding: Finding) -> str:
    """The `airlock/v1` fingerprint a finding is exported with.

    It keys `suppressions` and `baseline_states`: the merge step's fingerprint, or the same
    computation when the finding has none.
    """
    return finding.fingerprint or compute_fingerprint(finding)


@dataclass(frozen=True)
class _Context:
    """What every result needs besides its finding."""

    src_root: str | None


@dataclass(frozen=True)
class _Triage:
    """What is known about one result's triage; None means "not known", so left out."""

    suppressions: tuple[Suppression, ...] | None = None
    baseline_state: str | None = None
    status: str | None = None


def _paired_triage(
    findings: Sequence[Finding],
    suppressions: Mapping[str, Suppression] | None,
    baseline_states: Mapping[str, str] | None,
    triage: Sequence[ResultTriage] | None,
) -> list[tuple[Finding, _Triage]]:
    if triage is None:
        _check_baseline_states(baseline_states)
        return [(f, _keyed_triage(f, suppressions, baseline_states)) for f in findings]
    if suppressions is not None or baseline_states is not None:
        raise ValueError("give triage either per finding or keyed by fingerprint, not both")
    if len(triage) != len(findings):
        raise ValueError(f"{len(triage)} triage entries for {len(findings)} findings")
    pairs = list(zip(findings, triage, strict=True))
    _check_baseline_states({export_fingerprint(f): t.baseline_state or "new" for f, t in pairs})
    return [
        (finding, _Triage(_suppression_list(entry.suppression), entry.baseline_state, entry.status))
        for finding, entry in pairs
    ]


def _keyed_triage(
    finding: Finding,
    suppressions: Mapping[str, Suppression] | None,
    baseline_states: Mapping[str, str] | None,
) -> _Triage:
    fingerprint = export_fingerprint(finding)
    known = None if suppressions is None else _suppression_list(suppressions.get(fingerprint))
    state = None if baseline_states is None else baseline_states.get(fingerprint, "new")
    return _Triage(suppressions=known, baseline_state=state)


def _suppression_list(suppression: Suppression | None) -> tuple[Suppression, ...]:
    # An empty list is SARIF for "known not to be suppressed"; absence means "not known".
    return () if suppression is None else (suppression,)


# --- rules -------------------------------------------------------------------------------


def _rule_id(finding: Finding) -> str:
    # GitHub rejects an empty required string; a finding without a rule still needs one.
    return _clean(finding.rule_id).strip() or "unidentified"


def _rules(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(_rule_id(finding), []).append(finding)
    return [_rule(rule_id, by_rule[rule_id]) for rule_id in sorted(by_rule)]


def _representative(findings: Sequence[Finding]) -> Finding:
    """The most severe, then most confident finding; ties keep the (sorted) input order."""
    return min(
        findings,
        key=lambda f: (-Severity(f.severity).rank, -Confidence(f.confidence).rank),
    )


def _rule(rule_id: str, findings: Sequence[Finding]) -> dict[str, Any]:
    top = _representative(findings)
    severity = Severity(top.severity)
    cwes = sorted({number for finding in findings for number in _cwes(finding)})
    tags = ["security", *(f"external/cwe/cwe-{number}" for number in cwes)][:_MAX_TAGS]
    return {
        "id": rule_id,
        "name": _rule_name(rule_id),
        "shortDescription": {"text": _limit(_one_line(top.title) or rule_id)},
        "fullDescription": {"text": _limit(_first_text(top.why, top.message, top.title, rule_id))},
        "help": {"text": _help_text(top, cwes), "markdown": _help_markdown(top, cwes)},
        "defaultConfiguration": {"level": _LEVEL[severity]},
        "properties": {
            "tags": tags,
            "precision": _PRECISION[Confidence(top.confidence)],
            "security-severity": _SECURITY_SEVERITY[severity],
        },
    }


def _rule_name(rule_id: str) -> str:
    """CamelCase from the id's alphanumeric runs: "py.sql-injection" -> "PySqlInjection"."""
    parts = re.findall(r"[0-9A-Za-z]+", rule_id)
    return "".join(part[:1].upper() + part[1:] for part in parts)[:_MAX_NAME] or "Rule"


def _help_text(finding: Finding, cwes: Sequence[int]) -> str:
    sections = [_clean(finding.title).strip() or _rule_id(finding)]
    for label, body in (("Why", finding.why), ("Fix", finding.fix)):
        if _clean(body).strip():
            sections.append(f"{label}: {_clean(body).strip()}")
    if cwes:
        sections.append("References: " + ", ".join(f"CWE-{number}" for number in cwes))
    return "\n\n".join(sections)


def _help_markdown(finding: Finding, cwes: Sequence[int]) -> str:
    sections = [f"**{_markdown(finding.title) or _markdown(_rule_id(finding))}**"]
    for heading, body in (("Why it matters", finding.why), ("How to fix", finding.fix)):
        if _markdown(body):
            sections.append(f"### {heading}\n\n{_markdown(body)}")
    if cwes:
        links = (
            f"- [CWE-{number}](https://cwe.mitre.org/data/definitions/{number}.html)"
            for number in cwes
        )
        sections.append("### References\n\n" + "\n".join(links))
    return "\n\n".join(sections)


def _driver(tool_version: str, rules: list[dict[str, Any]]) -> dict[str, Any]:
    # GitHub prefers semanticVersion; a version that is not SemVer (a PEP 440 ".dev1") still
    # identifies the tool through `version`.
    version_key = "semanticVersion" if _SEMVER.match(tool_version) else "version"
    return {"name": TOOL_NAME, version_key: _clean(tool_version), "rules": rules}


# --- results -----------------------------------------------------------------------------


def _result(
    finding: Finding, triage: _Triage, rule_index: Mapping[str, int], context: _Context
) -> dict[str, Any]:
    rule_id = _rule_id(finding)
    fingerprint = export_fingerprint(finding)
    result: dict[str, Any] = {
        "ruleId": rule_id,
        "ruleIndex": rule_index[rule_id],
        "level": _LEVEL[Severity(finding.severity)],
        "message": {"text": _message_text(finding.message, finding.title, rule_id)},
    }
    location = _location(finding, context)
    if location is not None:
        result["locations"] = [location]
    flow = _code_flow(finding, context)
    if flow is not None:
        result["codeFlows"] = [flow]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    if triage.suppressions is not None:
        result["suppressions"] = [_suppression(s) for s in triage.suppressions]
    if triage.baseline_state is not None:
        result["baselineState"] = triage.baseline_state
    result["properties"] = _result_properties(finding, triage)
    return result


def _result_properties(finding: Finding, triage: _Triage) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "cwe": [f"CWE-{number}" for number in _cwes(finding)],
        "severity": Severity(finding.severity).value,
        "confidence": Confidence(finding.confidence).value,
        "sources": list(dict.fromkeys(_clean(source) for source in finding.sources)),
        "why": _clean(finding.why),
        "fix": _clean(finding.fix),
    }
    if _line(finding.start_line) is None:
        properties["lineUnknown"] = True
        # The region cannot hold the snippet without a line; keep the evidence here instead.
        if finding.snippet.strip():
            properties["snippet"] = _clean(finding.snippet)
    if triage.status is not None:
        properties["triageStatus"] = _clean(triage.status)
    return properties


def _suppression(suppression: Suppression) -> dict[str, Any]:
    exported: dict[str, Any] = {"kind": suppression.kind, "status": suppression.status}
    if suppression.justification.strip():
        exported["justification"] = _clean(suppression.justification)
    extra = {
        "decision": suppression.decision,
        "expires": suppression.expires,
        "decidedBy": suppression.decided_by,
        "decidedAt": suppression.decided_at,
    }
    properties = {key: _clean(value) for key, value in extra.items() if value}
    if properties:
        exported["properties"] = properties
    return exported


def _code_flow(finding: Finding, context: _Context) -> dict[str, Any] | None:
    """The source-to-sink path the data flow followed (SARIF 3.36), when it has one."""
    locations = []
    for step in finding.flow:
        artifact = _artifact_location(step.file, context)
        line = _line(step.line)
        if artifact is None or line is None:
            continue
        physical = {"artifactLocation": artifact, "region": {"startLine": line}}
        where = {"physicalLocation": physical, "message": {"text": _clean(step.message)}}
        locations.append({"location": where})
    if len(locations) < 2:
        return None
    return {"threadFlows": [{"locations": locations}]}


def _location(finding: Finding, context: _Context) -> dict[str, Any] | None:
    artifact = _artifact_location(finding.file, context)
    if artifact is None:
        return None
    return {"physicalLocation": {"artifactLocation": artifact, "region": _region(finding)}}


def _region(finding: Finding) -> dict[str, Any]:
    start_line = _line(finding.start_line)
    if start_line is None:
        return {"startLine": 1}
    region: dict[str, Any] = {"startLine": start_line}
    start_column = _line(finding.start_column)
    if start_column is not None:
        region["startColumn"] = start_column
    end_line = _line(finding.end_line)
    if end_line is not None and end_line >= start_line:
        region["endLine"] = end_line
    end_column = _line(finding.end_column)
    if end_column is not None and _end_after_start(region, end_column):
        region["endColumn"] = end_column
    if finding.snippet.strip():
        region["snippet"] = {"text": _clean(finding.snippet)}
    return region


def _end_after_start(region: Mapping[str, int], end_column: int) -> bool:
    """A region may not end before it starts; on one line that is a column comparison."""
    one_line = region.get("endLine", region["startLine"]) == region["startLine"]
    return not one_line or end_column >= region.get("startColumn", 1)


def _line(value: int | None) -> int | None:
    """A 1-based position, or None for missing, zero, negative or non-integer values."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return None
    return value


def _result_sort_key(finding: Finding, context: _Context) -> tuple[Any, ...]:
    artifact = _artifact_location(finding.file, context)
    return (
        artifact["uri"] if artifact else "",
        _line(finding.start_line) or 0,
        _line(finding.start_column) or 0,
        _rule_id(finding),
        export_fingerprint(finding),
        _clean(finding.message),
    )


# --- warnings ----------------------------------------------------------------------------


def _invocation(warnings: Iterable[ReviewWarning], context: _Context) -> dict[str, Any]:
    # A review that could not read a file still ran: the warning is shown, the run succeeded.
    ordered = sorted(warnings, key=_warning_sort_key)
    notifications = [_notification(warning, context) for warning in ordered]
    return {"executionSuccessful": True, "toolExecutionNotifications": notifications}


def _warning_sort_key(warning: ReviewWarning) -> tuple[str, ...]:
    return (warning.file or "", warning.kind, warning.stage or "", warning.message)


def _notification(warning: ReviewWarning, context: _Context) -> dict[str, Any]:
    note: dict[str, Any] = {
        "level": "warning",
        "message": {"text": _message_text(warning.message, warning.kind, "warning")},
    }
    artifact = _artifact_location(warning.file, context) if warning.file else None
    if artifact is not None:
        note["locations"] = [{"physicalLocation": {"artifactLocation": artifact}}]
    properties = {"kind": _clean(warning.kind)}
    if warning.stage:
        properties["stage"] = _clean(warning.stage)
    note["properties"] = properties
    return note


# --- URIs --------------------------------------------------------------------------------


def _artifact_location(path: str, context: _Context) -> dict[str, str] | None:
    """A URI for a finding's file: relative POSIX and percent-encoded, or file:// if absolute."""
    text = _clean(path)
    if not text.strip():
        return None
    absolute = _absolute_file_uri(text)
    if absolute is not None:
        return {"uri": absolute}
    # lstrip: a relative reference starting "//" would name a host (only a bare \\server does).
    relative = posixpath.normpath(text.replace("\\", "/")).lstrip("/")
    if relative in ("", "."):
        return None
    artifact = {"uri": quote(relative, safe="/")}
    if context.src_root is not None:
        artifact["uriBaseId"] = SRCROOT
    return artifact


def _absolute_file_uri(path: str) -> str | None:
    """A file:// URI for an absolute Windows or POSIX path; None for a relative one."""
    if _WINDOWS_ABSOLUTE.match(path):
        windows = PureWindowsPath(path)
        # A bare \\server has no share, so it is not absolute: treat it as relative.
        return windows.as_uri() if windows.is_absolute() else None
    posix = path.replace("\\", "/")
    if not posix.startswith("/"):
        return None
    # One leading slash: POSIX keeps "//x", which would read as a URI authority. quote() encodes
    # UTF-8 whatever the locale, unlike PurePosixPath.as_uri().
    return "file://" + quote("/" + posixpath.normpath(posix).lstrip("/"), safe="/")


def _normalise_base_uri(base_uri: str) -> str:
    """An absolute URI ending in "/", as SARIF requires of an `originalUriBaseIds` entry."""
    text = _clean(base_uri).strip()
    uri = _absolute_file_uri(text)
    if uri is None and _URI_SCHEME.match(text):
        # Encode what RFC 3986 does not allow, keeping existing %XX escapes.
        uri = _LONE_PERCENT.sub("%25", quote(text, safe=_URI_SAFE))
    if uri is None:
        raise ValueError(f"base_uri must be an absolute path or URI, not {base_uri!r}")
    return uri if uri.endswith("/") else uri + "/"


# --- text --------------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Replace lone surrogates (from undecodable file names or bytes): UTF-8 cannot hold them."""
    return _SURROGATE.sub("\ufffd", text)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _first_text(*candidates: str) -> str:
    for candidate in candidates:
        if _clean(candidate).strip():
            return _clean(candidate).strip()
    return ""


def _limit(text: str, limit: int = _MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _message_text(*candidates: str) -> str:
    """A non-empty plain-text message, braces doubled as SARIF §3.11.5 requires."""
    text = _first_text(*candidates) or "Airlock finding"
    return text.replace("{", "{{").replace("}", "}}")


def _markdown(text: str) -> str:
    """Free text made safe for GitHub-flavoured Markdown: SARIF forbids HTML in messages."""
    escaped = _clean(text).strip().replace("&", "&amp;")
    return escaped.replace("<", "&lt;").replace(">", "&gt;")


def _cwes(finding: Finding) -> list[int]:
    """The finding's CWE numbers, deduplicated in order; non-positive numbers are not CWEs."""
    return [number for number in dict.fromkeys(finding.cwe) if number > 0]


def _check_baseline_states(states: Mapping[str, str] | None) -> None:
    allowed = get_args(BaselineState)
    for fingerprint, state in (states or {}).items():
        if state not in allowed:
            raise ValueError(f"baseline state {state!r} for {fingerprint} is not one of {allowed}")
