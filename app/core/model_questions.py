"""The model's questions: weakness classes loaded from resources/prompts/review.questions.*.

Each class carries the construct (a regex) that makes asking worthwhile and that a model's
claim must point at to count as verified.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from app.core.errors import AirlockError
from app.core.findings import Finding, Severity, cwe_family
from app.core.prompts import sha256_text
from app.core.resources import resource_path
from app.core.sources import SourceFile
from app.core.threat_model import ThreatModel

QUESTIONS_FILE = "review.questions.v4.yaml"


@dataclass(frozen=True)
class WeaknessClass:
    id: str
    cwe: tuple[int, ...]
    title: str
    severity: Severity
    languages: frozenset[str]
    construct: re.Pattern[str]
    question: str
    policy: str | None = None
    # An injection-style weakness needs a value from outside on the line: a Python line whose
    # calls take only literals (`TEMPLATES = Path("/srv/templates")`) cannot hold it.
    takes_input: bool = False
    # A hard-coded secret is a literal: a Python line that holds no string literal as a value
    # (`token = os.environ["API_TOKEN"]`, `secrets.token_urlsafe(32)`) cannot hold it.
    holds_literal: bool = False

    @property
    def families(self) -> frozenset[str]:
        return frozenset(cwe_family((number,)) for number in self.cwe)

    def present_in(self, file: SourceFile) -> bool:
        return file.language in self.languages and bool(self.construct.search(file.text))

    def holds_at(self, file: SourceFile, line: int) -> bool:
        """Whether the line a claim points at has the construct. The model copies the line it
        means (model_citations), so the line itself counts, not its neighbours."""
        if not 1 <= line <= len(file.lines):
            return False
        text = file.line(line)
        if not self.construct.search(text):
            return False
        if file.language != "python":
            return True
        if self.takes_input and only_literals(text):
            return False
        return not (self.holds_literal and literal_value(text) is False)


@dataclass(frozen=True)
class QuestionBank:
    classes: tuple[WeaknessClass, ...]
    text: str
    key: str

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)

    def by_cwe(self, cwe: int) -> WeaknessClass | None:
        family = cwe_family((cwe,))
        return next((c for c in self.classes if family in c.families), None)


@cache
def load_question_bank() -> QuestionBank:
    path = resource_path("prompts", QUESTIONS_FILE)
    text = path.read_text(encoding="utf-8")
    try:
        entries = yaml.safe_load(text)
        classes = tuple(_weakness_class(entry) for entry in entries)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as exc:
        raise AirlockError(f"{path}: invalid question bank: {exc}") from exc
    return QuestionBank(classes, text, QUESTIONS_FILE.removesuffix(".yaml"))


def _weakness_class(entry: dict[str, Any]) -> WeaknessClass:
    return WeaknessClass(
        id=str(entry["id"]),
        cwe=tuple(int(n) for n in entry["cwe"]),
        title=str(entry["title"]),
        severity=Severity(entry["severity"]),
        languages=frozenset(entry["languages"]),
        construct=re.compile(entry["construct"], re.IGNORECASE),
        question=str(entry["question"]),
        policy=entry.get("policy"),
        takes_input=bool(entry.get("takes_input", False)),
        holds_literal=bool(entry.get("holds_literal", False)),
    )


def only_literals(line: str) -> bool:
    """Whether a line of Python reads no variable: every name it loads is a function it calls
    (or the object a called method hangs off). A line that does not parse on its own (part of
    a statement) is not judged: False."""
    tree = _parse_line(line)  # `with open("x") as f:` parses once it has a body
    if tree is None:
        return False
    callees = {id(_root(node.func)) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    return not any(
        isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and id(node) not in callees
        for node in ast.walk(tree)
    )


def literal_value(line: str) -> bool | None:
    """Whether a line of Python holds a string literal as a value (None: not judged, the line
    does not parse on its own). A key looked up by name (`os.environ["API_TOKEN"]`) and the
    first argument of a call (`os.getenv("API_TOKEN")`, a name) are not values; a default
    (`os.getenv("API_TOKEN", "dev-token")`), an assignment, a keyword, a comparison are."""
    tree = _parse_line(line)
    if tree is None:
        return None
    names: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            names.add(id(node.slice))
        elif isinstance(node, ast.Call) and node.args:
            names.add(id(node.args[0]))
    return any(
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | bytes)
        and len(node.value) >= 4
        and id(node) not in names
        for node in ast.walk(tree)
    )


def _parse_line(line: str) -> ast.Module | None:
    text = line.strip()
    if text.endswith(":"):  # `if password == "admin":` parses once it has a body
        text += " pass"
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError):
        return None


def _root(node: ast.expr) -> ast.expr:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node


def select_classes(
    file: SourceFile,
    bank: QuestionBank,
    threat_model: ThreatModel | None,
    earlier: Sequence[Finding],
    *,
    limit: int,
) -> list[WeaknessClass]:
    """The classes worth asking about for this file, most useful first.

    Classes an earlier stage already reported come first (the model corroborates or adds
    context); then classes whose construct appears in the file, if their policy (when they
    have one) is set in the threat model.
    """
    found_families = {cwe_family(f.cwe) for f in earlier if f.file == file.path}
    candidates = [c for c in bank.classes if c.present_in(file)]
    corroborate = [c for c in candidates if c.families & found_families]
    rest = [
        c
        for c in candidates
        if c not in corroborate and (c.policy is None or _policy_set(threat_model, c.policy))
    ]
    return (corroborate + rest)[:limit]


def _policy_set(threat_model: ThreatModel | None, policy: str) -> bool:
    policies = threat_model.policies if threat_model else None
    return policies is not None and getattr(policies, policy, None) is not None
