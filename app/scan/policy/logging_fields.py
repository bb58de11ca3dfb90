"""logging.forbidden_fields: values named like a forbidden field must not reach a log.

The analysis labels every variable, attribute, dict key and `.get("...")` whose name
contains a forbidden word (`user_password`, `request.form["token"]`, `{"email": ...}`), and
the label follows the data: `log.info("login %s", creds)` after `creds = password` is found,
`log.info("length %d", len(password))` is not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from app.core.findings import Severity
from app.core.threat_model import Policies
from app.scan.policy.common import (
    Outcome,
    PolicyFile,
    Rule,
    clearance,
    human_list,
    make_finding,
)
from app.scan.python_flow.events import CallEvent
from app.scan.python_flow.model import Taint
from app.scan.python_flow.relevance import LOG_METHODS
from app.scan.python_flow.routes import dotted

POLICY = "logging"
RULE = Rule(
    POLICY,
    "sensitive-data-logged",
    "Forbidden field written to a log",
    (532,),
    Severity.MEDIUM,
    "Logs are kept long, copied widely and read by many people: a secret or personal value "
    "in them outlives every access control on the original.",
    "Leave the field out of the message, or log a redacted form (last 4 characters, a "
    "hash, or just whether it was present).",
)
_LOGGER_NAMES = frozenset({"log", "logger", "logging", "_log", "_logger", "log_", "logger_"})


def applies(policies: Policies) -> bool:
    return policies.logging is not None and bool(policies.logging.forbidden_fields)


def forbidden_words(policies: Policies) -> tuple[str, ...]:
    fields = policies.logging.forbidden_fields if policies.logging else None
    return tuple(word.lower() for word in fields or ())


def is_log_call(event: CallEvent) -> bool:
    if event.name == "print":
        return True
    if event.method not in LOG_METHODS:
        return False
    name = (event.name or "").lower()
    if name.startswith("logging.") or "logger" in name:
        return True
    func = event.node.func
    receiver = dotted(func.value) if isinstance(func, ast.Attribute) else ""
    return receiver.rsplit(".", 1)[-1].lower() in _LOGGER_NAMES


def _logged_fields(event: CallEvent, words: tuple[str, ...]) -> list[Taint]:
    found = [
        t
        for value in event.values()
        if value is not event.receiver
        for t in value.live("log")
        if t.label.source == "field" and t.label.facet in words
    ]
    return sorted(found, key=lambda t: t.label.line)


def check(file: PolicyFile, policies: Policies) -> Iterator[Outcome]:
    words = forbidden_words(policies)
    for event in file.calls():
        if not is_log_call(event):
            continue
        fields = _logged_fields(event, words)
        if not fields:
            yield _cleared(file, event, words)
            continue
        first: dict[str, int] = {}
        for taint in fields:  # sorted by line: the first sighting of each name
            first.setdefault(taint.label.what, taint.label.line)
        names = [f"{name} (line {line})" for name, line in first.items()]
        forbidden = sorted({t.label.facet for t in fields})
        message = (
            f"{human_list(names)} reaches the log through {dotted(event.node.func)}(); "
            f"the threat model forbids logging {human_list(forbidden)}."
        )
        yield make_finding(RULE, file, event.node, message)


def _cleared(file: PolicyFile, event: CallEvent, words: tuple[str, ...]) -> Outcome:
    node = event.node
    call = f"{dotted(node.func)}()"
    evidence = (
        f"{call} on line {node.lineno} writes none of the fields the threat model forbids "
        f"logging ({human_list(words)})"
    )
    return clearance(RULE, file, (node.lineno, node.end_lineno or node.lineno), call, evidence)
