"""Tests of the Python data-flow analysis and the threat-model policy checks.

Each case is a small inline program: a vulnerable version and a safe look-alike. The
helpers below run one stage over one program and return what it found.
"""

from __future__ import annotations

import textwrap

from app.core.findings import Finding, StageResult
from app.core.sources import source_from_text
from app.core.threat_model import ThreatModel
from app.scan.base import StageContext
from app.scan.policy import PolicyStage
from app.scan.python_flow import TaintStage


def run_taint(code: str, *, path: str = "app.py") -> StageResult:
    file = source_from_text(path, textwrap.dedent(code))
    return TaintStage().run([file], StageContext())


def taint(code: str, *, path: str = "app.py") -> list[Finding]:
    return run_taint(code, path=path).findings


def slugs(code: str) -> list[str]:
    """The taint rule slugs found, e.g. ["sql-injection"]."""
    return [f.rule_id.rsplit(".", 1)[-1] for f in taint(code)]


def run_policy(code: str, model: ThreatModel | None, *, path: str = "app.py") -> StageResult:
    file = source_from_text(path, textwrap.dedent(code))
    return PolicyStage().run([file], StageContext(threat_model=model))


def policy_slugs(code: str, model: ThreatModel | None, *, path: str = "app.py") -> list[str]:
    return [f.rule_id.rsplit(".", 1)[-1] for f in run_policy(code, model, path=path).findings]
