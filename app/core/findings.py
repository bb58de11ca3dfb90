"""What a review produces: findings and warnings, shared by every stage.

A stage (scanner, taint analysis, policy check, the model) produces `Finding`s with the
fields it knows; the merge step computes fingerprints, combines agreeing sources and adjusts
severity to the threat model. Nothing here knows about SQL, Qt or the engine.

Not every reported item claims a weakness: see `FindingKind`. Only findings are SARIF results
and count for `--fail-on`; notes and questions for the reviewer are kept and shown apart.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum


class Severity(StrEnum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse: info=0 ... critical=4."""
        return _SEVERITY_ORDER.index(self)

    def raised(self, steps: int) -> Severity:
        index = min(max(self.rank + steps, 0), len(_SEVERITY_ORDER) - 1)
        return _SEVERITY_ORDER[index]


_SEVERITY_ORDER = (Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL)


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"low": 0, "medium": 1, "high": 2}[self.value]


class FindingKind(StrEnum):
    """What a reported item is, and so where it goes.

    - finding: it claims a weakness. A SARIF result, counted by `--fail-on` and the fix loop.
    - question: a claim the model alone makes, in a weakness class where the held-out figures
      have not shown model claims to help (resources/review/model_trusted_classes.yaml). Kept
      and shown apart as a question for the reviewer; not a SARIF result, never counted.
    - note: severity info. An unverified model claim, a pattern match or model claim that a
      deterministic stage decided (data flow, threat-model check, code that never runs), a
      scanner's pointer (`import subprocess`). Kept and shown; claims no weakness.
    """

    FINDING = "finding"
    QUESTION = "question"
    NOTE = "note"


# The rule id of a model claim is this prefix and its weakness class ("sql-injection").
MODEL_RULE_PREFIX = "airlock.model."


@dataclass(frozen=True)
class FlowStep:
    """One place on a finding's data flow: a file, a line and what happens there."""

    file: str
    line: int
    message: str


@dataclass(frozen=True)
class Finding:
    """One weakness at one place in one file, or a note or question about one (see `kind`).

    `sources` names every stage that reported it: a scanner ("bandit", "detect-secrets",
    "airlock-rules"), the Python data-flow analysis ("taint"), a threat-model policy
    ("policy:file_upload") or a model ("model:qwen2.5-coder-0.5b"). Lines are 1-based and
    columns 1-based; None when unknown. `question` is set by the merge step (and read back
    from the store): only the model reports it, in a class whose model claims are not
    trusted as findings.
    """

    rule_id: str
    title: str
    cwe: tuple[int, ...]
    severity: Severity
    confidence: Confidence
    sources: tuple[str, ...]
    file: str
    start_line: int | None = None
    end_line: int | None = None
    start_column: int | None = None
    end_column: int | None = None
    snippet: str = ""
    message: str = ""
    why: str = ""
    fix: str = ""
    patch: str | None = None
    fingerprint: str = ""
    question: bool = False
    # Where the data came from and went, for a flow the data-flow analysis followed: the
    # source first, the sink last (SARIF codeFlows). Empty for pattern matches.
    flow: tuple[FlowStep, ...] = ()

    @property
    def kind(self) -> FindingKind:
        """Every info item is a note, whoever reported it; a question is one of severity low
        or above; the rest are findings."""
        if self.severity == Severity.INFO:  # ==: a stage may pass the plain string
            return FindingKind.NOTE
        return FindingKind.QUESTION if self.question else FindingKind.FINDING

    @property
    def is_finding(self) -> bool:
        """Does it claim a weakness (a SARIF result, counted by `--fail-on`)?"""
        return self.kind is FindingKind.FINDING

    def with_fingerprint(self) -> Finding:
        return replace(self, fingerprint=compute_fingerprint(self))


# Some top-level statements of a Python file did not parse; the rest was reviewed.
PARTLY_PARSED = "partly_parsed"


@dataclass(frozen=True)
class ReviewWarning:
    """A file or stage that could not be reviewed fully: always shown, never silent."""

    # too_large | binary | encoding | parse_error | partly_parsed | stage_failed | skipped |
    # not_covered (no rule-based analyser reads the file's language: app/core/coverage.py)
    kind: str
    message: str
    file: str | None = None
    stage: str | None = None


def fold_partly_parsed(warnings: list[ReviewWarning]) -> list[ReviewWarning]:
    """One `partly_parsed` warning per file and message, naming every stage that reviewed
    the rest, in place of one per stage; other warnings are kept as they are, in order."""
    stages: dict[tuple[str | None, str], list[str]] = {}
    for warning in warnings:
        if warning.kind == PARTLY_PARSED:
            stages.setdefault((warning.file, warning.message), []).append(warning.stage or "")
    folded: list[ReviewWarning] = []
    for warning in warnings:
        key = (warning.file, warning.message)
        if warning.kind != PARTLY_PARSED:
            folded.append(warning)
        elif key in stages:
            names = ", ".join(name for name in stages.pop(key) if name)
            message = f"{warning.message}; the rest was reviewed by {names or 'the scanners'}"
            folded.append(ReviewWarning(PARTLY_PARSED, message, warning.file, names or None))
    return folded


@dataclass(frozen=True)
class Clearance:
    """A deterministic stage decided one place clean for one weakness family.

    reason "sanitised" or "constant" (the taint stage): only sanitised input, or a known
    constant, reaches this sink. Pattern scanners flag the sink itself (`shell=True`, SQL
    built from strings) and the model points at it; this decides both on this line.

    reason "unreachable" (the taint stage): lines in the arm of a branch that constants
    decide (`if 2 + 2 == 5:`) and that no run enters; `cwe` is empty, since it holds for any
    weakness, and `evidence` names the test.

    reason "no-input" (the taint stage): no data from a client or attacker reaches this sink
    at all (the values come from the code, the configuration or the server itself). It
    decides a model claim of that family on this line; a scanner's pattern match stands,
    since the pattern (`shell=True`, SQL built from strings) is itself a risk to keep in view.
    `evidence` may say what reaches it.

    reason "policy" (the policy stage): the threat model's rule was checked here and holds
    (the route is protected or public, the log call writes no forbidden field, the hash is
    one the crypto policy allows); `evidence` says how. It decides a model claim of that
    family only: a scanner's pattern speaks for more than the project's rule.
    See merge.py.
    """

    file: str
    line: int
    cwe: tuple[int, ...]
    sink: str  # how a report names it: "subprocess.run()", "route upload()"
    kind: str  # the sink kind: "shell", "sql", ...; the policy for reason "policy"
    reason: str = "sanitised"  # or "constant", "no-input", "unreachable", "policy"
    end_line: int = 0  # the sink call's last line (a call may span several)
    # The enclosing function's lines when EVERY sink of this kind in it is clean: a pattern
    # match on a string built earlier in that function (bandit's B608) is decided too.
    scope: tuple[int, int] | None = None
    evidence: str = ""  # reasons "policy", "unreachable" (and "no-input"): what was found

    def covers(self, first: int, last: int) -> bool:
        """Does a finding on lines first..last sit on this place (or in its clean scope)?"""
        start, end = self.scope or (self.line, max(self.end_line, self.line))
        return first <= end and last >= start


@dataclass
class StageResult:
    """What one stage returns: its findings, the warnings it wants shown, and (taint
    and policy stages) the places they decided clean."""

    findings: list[Finding] = field(default_factory=list)
    warnings: list[ReviewWarning] = field(default_factory=list)
    cleared: list[Clearance] = field(default_factory=list)


# CWE families: variants of one weakness that several stages may label differently
# (bandit says 78 for eval, others 95). Fingerprints use the family, so they agree.
_CWE_FAMILIES: dict[int, str] = {
    78: "injection-os",
    77: "injection-os",
    88: "injection-os",
    94: "injection-code",
    95: "injection-code",
    89: "injection-sql",
    564: "injection-sql",
    22: "path",
    23: "path",
    36: "path",
    73: "path",
    79: "xss",
    80: "xss",
    116: "xss",
    327: "crypto",
    328: "crypto",
    326: "crypto",
    916: "crypto",
    330: "random",
    338: "random",
    798: "secret",
    259: "secret",
    321: "secret",
    502: "deserialization",
    611: "xxe",
    918: "ssrf",
    601: "redirect",
    306: "auth",
    862: "auth",
    287: "auth",
    209: "error-detail",
    489: "error-detail",
    215: "error-detail",
    532: "logging",
    434: "upload",
    770: "upload-size",
    400: "upload-size",
}


def cwe_family(cwe: tuple[int, ...]) -> str:
    for number in cwe:
        if number in _CWE_FAMILIES:
            return _CWE_FAMILIES[number]
    return f"cwe-{cwe[0]}" if cwe else "none"


def normalise_snippet(snippet: str) -> str:
    """Whitespace- and case-insensitive form of the code a finding points at."""
    return re.sub(r"\s+", " ", snippet).strip().lower()


def compute_fingerprint(finding: Finding) -> str:
    """Identity that survives line moves: CWE family + file + normalised snippet."""
    basis = "|".join((cwe_family(finding.cwe), finding.file, normalise_snippet(finding.snippet)))
    # surrogatepass: a file name that was not valid UTF-8 must still get a fingerprint.
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]
