"""What every policy check shares: the analysed file, project-wide facts, finding builder."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from app.core.findings import Clearance, Confidence, Finding, Severity
from app.core.sources import SourceFile
from app.scan.policy.evaluate import RouteFacts
from app.scan.policy.reviewed import Code, build_module
from app.scan.python_flow.events import CallEvent, Event
from app.scan.python_flow.interpreter import FileAnalysis
from app.scan.python_flow.model import Taint, Value
from app.scan.python_flow.project import ProjectIndex
from app.scan.python_flow.routes import Route
from app.scan.python_flow.rule import position
from app.scan.python_flow.sinks import SinkHit, sink_hits


@dataclass(frozen=True)
class PolicyFile:
    """One Python file and its data-flow analysis; `project` is the review's other Python
    files, where guards and helpers the file imports are read (None: reviewed alone)."""

    source: SourceFile
    analysis: FileAnalysis
    project: ProjectIndex | None = None

    @cached_property
    def code(self) -> Code:
        """The file's definitions, with names resolved into the other reviewed files."""
        return Code(build_module(self.source.path, self.analysis.tree), self.project)

    @cached_property
    def routes(self) -> dict[str, Route]:
        defs = self.analysis.definitions.items()
        return {name: d.route for name, d in defs if d.route is not None}

    @cached_property
    def hits(self) -> tuple[SinkHit, ...]:
        return tuple(sink_hits(self.analysis.events, self.routes))

    @cached_property
    def by_function(self) -> dict[str, list[Event]]:
        grouped: dict[str, list[Event]] = {}
        for event in self.analysis.events:
            grouped.setdefault(event.function, []).append(event)
        return grouped

    def calls(self) -> Iterator[CallEvent]:
        return (e for e in self.analysis.events if isinstance(e, CallEvent))


@dataclass
class ProjectFacts:
    """Facts that live in one file and matter for all: URL maps, global settings."""

    django_paths: dict[str, list[str]] = field(default_factory=dict)  # view name -> paths
    upload_limits: list[int] = field(default_factory=list)
    login_middleware: bool = False
    drf_authenticated_default: bool = False
    # App-wide guards (hooks, middleware) registered in one file on an app that also
    # registers routers of other files: (route file, router name) -> judges a route.
    app_guards: list[CrossFileGuard] = field(default_factory=list)


@dataclass(frozen=True)
class CrossFileGuard:
    """A guard registered on an app, and the routers (file, name) of other files it covers."""

    covers: frozenset[tuple[str, str]]
    protects: Callable[[RouteFacts], bool]


@dataclass(frozen=True)
class Deferred:
    """A finding that depends on other files (Django URLs, global settings), decided once
    all files are read. It keeps small facts, never a file's analysis: holding hundreds of
    analyses alive made garbage collection the slowest part of the stage."""

    resolve: Callable[[ProjectFacts], Finding | None]


# What a check yields: a finding, one decided later, or a place where the rule was checked
# and holds (it turns a model's contrary claim there into a note, see merge.py).
Outcome = Finding | Deferred | Clearance


@dataclass(frozen=True)
class Rule:
    policy: str
    slug: str
    title: str
    cwe: tuple[int, ...]
    severity: Severity
    why: str
    fix: str


def make_finding(
    rule: Rule,
    file: PolicyFile,
    node: ast.AST,
    message: str,
    *,
    confidence: Confidence = Confidence.HIGH,
    severity: Severity | None = None,
    snippet: str | None = None,
) -> Finding:
    line, end_line, column, end_column = position(file.source, node)
    return Finding(
        rule_id=f"airlock.policy.{rule.slug}",
        title=rule.title,
        cwe=rule.cwe,
        severity=severity or rule.severity,
        confidence=confidence,
        sources=(f"policy:{rule.policy}",),
        file=file.source.path,
        start_line=line,
        end_line=end_line,
        start_column=column,
        end_column=end_column,
        snippet=file.source.line(line).strip() if snippet is None else snippet,
        message=message,
        why=rule.why,
        fix=rule.fix,
    )


def clearance(
    rule: Rule,
    file: PolicyFile,
    lines: tuple[int, int],
    what: str,
    evidence: str,
    *,
    cwe: tuple[int, ...] | None = None,
) -> Clearance:
    """The rule was checked on `lines` (`what`, e.g. "route upload()") and holds there.

    It decides a model claim whose CWEs are all among `cwe` (the rule's own by default): a
    route protected by a login check says nothing about a claim of broken authorisation.
    """
    first, last = lines
    return Clearance(
        file.source.path, first, cwe or rule.cwe, what, rule.policy,
        reason="policy", end_line=last, evidence=evidence,
    )  # fmt: skip


def live(value: Value | None, kind: str) -> tuple[Taint, ...]:
    return value.live(kind) if value is not None else ()


def facets(value: Value | None) -> set[str]:
    """Every facet carried by a value, whether a sanitiser cleared it or not."""
    return {t.label.facet for t in value.taints} if value is not None else set()


def human_list(items: tuple[str, ...] | list[str], *, empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def human_bytes(count: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    if count >= 1 << 20:
        return f"{count / (1 << 20):.1f} MB"
    return f"{count:,} bytes"


def function_node(file: PolicyFile, qualname: str) -> ast.AST | None:
    definition = file.analysis.definitions.get(qualname)
    return definition.node if definition is not None else None


def dotted_tail(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]
