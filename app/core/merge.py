"""Stage 5 of a review: merge what the stages found into one list.

Findings that several stages report about the same place become one finding that keeps
every source; when stages of different kinds agree (a scanner and the model, say) it is
confirmed. A scanner's pattern match on a sink that the data-flow analysis saw reached only
by sanitised input (or by a constant) becomes an info note, kept with the reason; so does a
model claim there, a model claim on a sink that no input from outside reaches at all, and a
model claim on a place where the threat model's own check found its rule kept (a protected
route, a log call with no forbidden field); and so does either one in code that never runs
(a branch constants decide), unless it is a secret or text addressed to the reviewer, which
the file holds whether it runs or not. Severity is then weighed against the threat model:
the same bug ranks higher on an internet-facing service holding restricted data than on a
local tool.

The model earns its findings: a claim only the model makes is a finding only in the weakness
classes listed in resources/review/model_trusted_classes.yaml (those the held-out figures
show model claims help in); anywhere else it is a question for the reviewer, kept and shown
apart, neither a SARIF result nor counted by `--fail-on`. A model claim that agrees with a
deterministic finding still merges into it and confirms it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from functools import cache

import yaml

from app.core.errors import AirlockError
from app.core.findings import (
    MODEL_RULE_PREFIX,
    Clearance,
    Confidence,
    Finding,
    FindingKind,
    Severity,
    cwe_family,
)
from app.core.resources import resource_path
from app.core.threat_model import ThreatModel

TRUSTED_CLASSES_FILE = ("review", "model_trusted_classes.yaml")

# Weakness families whose impact grows with exposure and with the data at stake.
_EXPOSURE_SENSITIVE = frozenset(
    {"injection-os", "injection-code", "injection-sql", "path", "xss", "ssrf", "auth",
     "deserialization", "xxe", "upload", "upload-size", "secret", "redirect", "error-detail"}
)  # fmt: skip


_ANY = "*"  # the family key of clearances that hold for every weakness
# Weaknesses of the text itself, which code that never runs still has.
_TEXT_WEAKNESSES = frozenset({"secret", cwe_family((1427,))})


def merge_findings(
    findings: Iterable[Finding],
    threat_model: ThreatModel | None,
    *,
    cleared: Iterable[Clearance] = (),
    trusted_classes: Collection[str] | None = None,
) -> list[Finding]:
    """Dedupe, combine sources, decide pattern matches by the data flow, weigh severity, and
    make a claim only the model makes a question unless its class is trusted; sorted worst
    first, then by place. `trusted_classes` (model weakness class ids) defaults to the list
    in resources/review/model_trusted_classes.yaml."""
    trusted = trusted_model_classes() if trusted_classes is None else frozenset(trusted_classes)
    groups: list[list[Finding]] = []
    index: dict[tuple[str, ...], int] = {}
    for finding in (f.with_fingerprint() for f in findings):
        keys = _merge_keys(finding)
        slot = next((index[k] for k in keys if k in index), None)
        if slot is None:
            slot = len(groups)
            groups.append([])
        groups[slot].append(finding)
        index.update(dict.fromkeys(keys, slot))
    decided = _clearance_index(cleared)
    merged = [
        _as_question_unless_trusted(
            adjust_severity(_decide_pattern_match(_combine(group), decided), threat_model),
            group,
            trusted,
        )
        for group in groups
    ]
    return sorted(merged, key=_sort_key)


@cache
def trusted_model_classes() -> frozenset[str]:
    """The model weakness classes whose model-only claims are findings (see the file)."""
    path = resource_path(*TRUSTED_CLASSES_FILE)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AirlockError(f"{path}: cannot read the trusted model classes: {exc}") from exc
    classes = data.get("trusted_classes") if isinstance(data, dict) else None
    if not isinstance(classes, list) or not all(isinstance(c, str) for c in classes):
        raise AirlockError(f"{path}: trusted_classes must be a list of class ids")
    return frozenset(classes)


def model_class(finding: Finding) -> str | None:
    """The model weakness class a model claim was made in ("sql-injection"), else None."""
    rule = finding.rule_id
    return rule.removeprefix(MODEL_RULE_PREFIX) if rule.startswith(MODEL_RULE_PREFIX) else None


def _as_question_unless_trusted(
    finding: Finding, group: Sequence[Finding], trusted: frozenset[str]
) -> Finding:
    """A claim only the model makes is a question for the reviewer unless its class is one
    where model claims are trusted: measured on the corpus, such claims came on the safe
    look-alikes about as often as on the vulnerable files. A note (info) stays a note, and a
    claim any deterministic stage shares is a finding (the model confirms it)."""
    if finding.kind is FindingKind.NOTE or not _model_only(finding):
        return finding
    if any(model_class(member) in trusted for member in group):
        return finding
    return replace(finding, question=True)


def _model_only(finding: Finding) -> bool:
    return bool(finding.sources) and all(_source_kind(s) == "model" for s in finding.sources)


def _clearance_index(
    clearances: Iterable[Clearance],
) -> dict[tuple[str, str], list[Clearance]]:
    index: dict[tuple[str, str], list[Clearance]] = {}
    for clearance in clearances:
        # Unreachable code is cleared for every weakness: it is filed under "any".
        family = cwe_family(clearance.cwe) if clearance.cwe else _ANY
        index.setdefault((clearance.file, family), []).append(clearance)
    return index


def _decide_pattern_match(
    finding: Finding, decided: dict[tuple[str, str], list[Clearance]]
) -> Finding:
    """A pattern match or a model claim on a place a deterministic stage cleared becomes a note.

    bandit flags every `shell=True` and every SQL string built with an f-string, and the model
    points at the same calls; the taint stage follows the data and, when everything from
    outside reaching that call went through a sanitiser for it (shlex.quote, int(), an
    allow-list check), the match is not a weakness. Likewise the small models claim "missing
    authentication" on routes that have it and "sensitive logging" on log calls that write
    no field the project forbids; the policy stage checked exactly that rule there. A sink no
    client data reaches at all decides the model's claim of an injection there (not the
    scanner's pattern, which stays worth a look). Such a report is kept, at info severity
    with the reason, never dropped. A flow the taint stage or a policy reported stands: the
    model cannot lower a deterministic finding, and its claim alone cannot outweigh the data
    flow or the project's own rule.
    """
    if any(_source_kind(source) == "policy" or source == "taint" for source in finding.sources):
        return finding
    first = finding.start_line or 0
    last = finding.end_line or first
    scanned = any(_source_kind(source) == "scanner" for source in finding.sources)
    candidates = [
        *decided.get((finding.file, cwe_family(finding.cwe)), []),
        *decided.get((finding.file, _ANY), []),
    ]
    clearance = next(
        (
            c
            for c in candidates
            if first and c.covers(first, last) and _decides(c, finding, scanned)
        ),
        None,
    )
    if clearance is None:
        return finding
    what = "pattern match" if scanned else "model claim"
    note = f"{_evidence(clearance)}, so this {what} is kept as a note."
    return replace(
        finding,
        severity=Severity.INFO,
        confidence=Confidence.LOW,
        message=f"{finding.message} {note}".strip(),
    )


def _decides(clearance: Clearance, finding: Finding, scanned: bool) -> bool:
    if clearance.reason == "unreachable":
        # A secret or text addressed to the reviewer is there whether the code runs or not.
        return cwe_family(finding.cwe) not in _TEXT_WEAKNESSES
    if clearance.reason == "policy":
        # A policy check speaks for its own rule only: for a model claim (not a scanner's
        # pattern) whose every CWE is one the check covers.
        return not scanned and set(finding.cwe) <= set(clearance.cwe)
    if clearance.reason == "no-input":
        # No client data reaches the sink: that decides the model's claim of an injection
        # there, not the scanner's pattern (`shell=True` stays worth a look).
        return not scanned
    return True  # the data flow decided the sink: a pattern match and a model claim alike


def _evidence(clearance: Clearance) -> str:
    if clearance.reason == "policy":
        return f"Threat-model check: {clearance.evidence}"
    if clearance.reason == "unreachable":
        return f"Data flow: {clearance.evidence}"
    where = f"{clearance.sink} on line {clearance.line}"
    if clearance.reason == "no-input":
        detail = f" ({clearance.evidence})" if clearance.evidence else ""
        return f"Data flow: no input from a client reaches {where}{detail}"
    if clearance.reason == "constant":
        return f"Data flow: the value reaching {where} is a known constant"
    return (
        f"Data flow: the input from outside that reaches {where} is sanitised for "
        f"{clearance.kind} use first"
    )


def _merge_keys(finding: Finding) -> list[tuple[str, ...]]:
    # The same snippet twice in one file is two findings; what merges is one place seen by
    # several stages (same family, same line), or a line-less report of the same snippet.
    line = str(finding.start_line or "")
    return [
        ("fp", finding.fingerprint, line),
        ("line", cwe_family(finding.cwe), finding.file, line),
    ]


def _combine(group: Sequence[Finding]) -> Finding:
    # A deterministic report leads whenever there is one: its rule, message and lines are
    # exact, and the model's words (which the code under review can steer) must never replace
    # them. The most severe, most certain report leads among equals; the group keeps its
    # worst severity, so a model that agrees can still raise a finding, never lower it.
    lead = max(group, key=_lead_rank)
    severity = max((f.severity for f in group), key=lambda s: s.rank)
    sources = tuple(dict.fromkeys(source for f in group for source in f.sources))
    confidence = max((f.confidence for f in group), key=lambda c: c.rank)
    if len({_source_kind(s) for s in sources}) > 1:
        confidence = Confidence.HIGH
    cwe = tuple(dict.fromkeys(number for f in group for number in f.cwe))
    return replace(
        lead,
        severity=severity,
        sources=sources,
        confidence=confidence,
        cwe=cwe,
        why=lead.why or next((f.why for f in group if f.why), ""),
        fix=lead.fix or next((f.fix for f in group if f.fix), ""),
        flow=lead.flow or next((f.flow for f in group if f.flow), ()),
    )


def _lead_rank(finding: Finding) -> tuple[int, int, int]:
    deterministic = int(not any(s.startswith("model:") for s in finding.sources))
    return (deterministic, finding.severity.rank, finding.confidence.rank)


def _source_kind(source: str) -> str:
    if source.startswith("model:"):
        return "model"
    if source.startswith("policy:"):
        return "policy"
    return "scanner"


def adjust_severity(finding: Finding, threat_model: ThreatModel | None) -> Finding:
    """Raise or lower a finding by one step for what the threat model says is at stake."""
    if threat_model is None or cwe_family(finding.cwe) not in _EXPOSURE_SENSITIVE:
        return finding
    if finding.severity is Severity.INFO:
        return finding  # a note claims no weakness: nothing at stake makes it one
    if finding.severity is Severity.LOW and finding.confidence is Confidence.LOW:
        return finding  # an unverified claim stays low whatever is at stake
    step = _exposure_step(threat_model)
    if step == 0:
        return finding
    adjusted = finding.severity.raised(step)
    if adjusted is Severity.INFO:
        adjusted = Severity.LOW
    if all(_source_kind(source) == "model" for source in finding.sources):
        # A model alone never makes a finding high, however much is at stake: that takes a
        # deterministic stage agreeing.
        adjusted = min(adjusted, Severity.MEDIUM, key=lambda s: s.rank)
    note = _exposure_note(threat_model, step)
    why = f"{finding.why} {note}".strip() if note not in finding.why else finding.why
    return replace(finding, severity=adjusted, why=why)


def _exposure_step(threat_model: ThreatModel) -> int:
    if threat_model.exposure == "internet" and _holds_sensitive_data(threat_model):
        return 1
    if threat_model.exposure == "local":
        return -1
    return 0


def _holds_sensitive_data(threat_model: ThreatModel) -> bool:
    return any(
        asset.classification in ("confidential", "restricted") or asset.pii or asset.credentials
        for asset in threat_model.assets or ()
    )


def _exposure_note(threat_model: ThreatModel, step: int) -> str:
    if step > 0:
        return (
            f"Raised one level: {threat_model.name} is internet-facing and holds confidential "
            "or restricted data."
        )
    return f"Lowered one level: {threat_model.name} runs locally, not exposed to a network."


def _sort_key(finding: Finding) -> tuple[int, str, int, str]:
    return (-finding.severity.rank, finding.file, finding.start_line or 0, finding.rule_id)
