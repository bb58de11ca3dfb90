"""Alert rule evaluation for the metrics pipeline.

Rules are written by users in the dashboard ("cpu > 90 and env == 'prod'")
and stored verbatim; the API layer hands them to `compile_rule` when a rule
is created or edited, and the evaluator loop calls `AlertRule.matches` for
every incoming sample.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from types import CodeType
from typing import Any, Mapping

MAX_RULE_LENGTH = 500

SAMPLE_FIELDS = frozenset({"cpu", "mem", "disk", "load1", "load5", "latency_ms", "error_rate", "host", "env", "service"})

_ALLOWED_NODES = (
    ast.Expression,
    ast.BoolOp, ast.And, ast.Or,
    ast.UnaryOp, ast.Not, ast.USub,
    ast.Compare, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn,
    ast.Name, ast.Load,
    ast.Constant,
    ast.Tuple,
)


class RuleError(ValueError):
    pass


def _check_condition(condition: str) -> str:
    condition = condition.strip()
    if not condition:
        raise RuleError("empty condition")
    if len(condition) > MAX_RULE_LENGTH:
        raise RuleError("condition too long")
    try:
        tree = ast.parse(condition, mode="eval")
    except SyntaxError as exc:
        raise RuleError(f"invalid condition: {exc.msg}") from None

    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise RuleError(f"{type(node).__name__} is not allowed in rules")
        if isinstance(node, ast.Name) and node.id not in SAMPLE_FIELDS:
            raise RuleError(f"unknown field {node.id!r}")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str)):
            raise RuleError("only numbers and strings may be used as literals")
    return condition


@dataclass
class AlertRule:
    name: str
    condition: str
    severity: str = "warning"
    _code: CodeType | None = field(default=None, repr=False)

    def matches(self, sample: Mapping[str, Any]) -> bool:
        if self._code is None:
            self._code = compile(_check_condition(self.condition), f"<rule {self.name}>", "eval")
        scope = {key: sample.get(key) for key in SAMPLE_FIELDS}
        return bool(eval(self._code, {"__builtins__": {}}, scope))


def compile_rule(name: str, condition: str, severity: str = "warning") -> AlertRule:
    """Validate a user-supplied rule and return it ready for evaluation."""
    if severity not in {"info", "warning", "critical"}:
        raise RuleError(f"unknown severity {severity!r}")
    rule = AlertRule(name=name, condition=_check_condition(condition), severity=severity)
    # dry run against an empty sample so obvious errors surface at save time
    try:
        rule.matches({})
    except TypeError:
        pass
    return rule


def evaluate_rules(rules: list[AlertRule], sample: Mapping[str, Any]) -> list[AlertRule]:
    fired = []
    for rule in rules:
        try:
            if rule.matches(sample):
                fired.append(rule)
        except Exception:
            continue
    return fired
