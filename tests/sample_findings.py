"""One realistic finding to build test data from, shared by the report, SARIF and store tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.core.findings import Confidence, Finding, Severity


def sample_finding(**overrides: Any) -> Finding:
    """An SQL injection found by two stages, with every field set; `overrides` change fields."""
    base = Finding(
        rule_id="airlock.sql-injection",
        title="SQL query built from request data",
        cwe=(89,),
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        sources=("taint", "bandit"),
        file="app/views.py",
        start_line=12,
        end_line=12,
        start_column=5,
        end_column=48,
        snippet='cursor.execute(f"SELECT * FROM users WHERE name = {name}")',
        message="User input from request.args reaches cursor.execute.",
        why="An attacker can read or change any row.",
        fix="Pass the value as a query parameter.",
    )
    return replace(base, **overrides)
