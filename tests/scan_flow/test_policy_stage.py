"""The policy stage as the pipeline sees it: off without policies, never raising."""

from __future__ import annotations

import pytest

from app.core.sources import source_from_text
from app.core.threat_model import load_template
from app.scan.base import StageContext
from app.scan.policy import PolicyStage
from app.scan.policy import stage as stage_module
from app.scan.policy.stage import PolicyCheck
from tests.scan_flow import run_policy

VIOLATIONS = """
from flask import Flask
app = Flask(__name__)
API_KEY = "sk-live-4f9a8b7c6d5e4f3a"

@app.route("/admin")
def admin():
    return "secret things"

app.run(debug=True)
"""


def test_without_a_threat_model_or_policies_nothing_is_checked() -> None:
    assert run_policy(VIOLATIONS, None).findings == []
    assert run_policy("def (:\n", None).warnings == []


def test_a_shipped_template_turns_its_policies_on() -> None:
    result = run_policy(VIOLATIONS, load_template("web-api"))
    assert {f.sources[0] for f in result.findings} == {
        "policy:secrets",
        "policy:authentication",
        "policy:errors",
    }


def test_unparseable_files_are_reported_not_skipped() -> None:
    result = run_policy('print(f"{"nested"}")\n', load_template("web-api"))
    [warning] = result.warnings
    assert (warning.kind, warning.stage) == ("parse_error", "policy")


def test_a_failing_check_is_reported_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> list[object]:
        raise KeyError("bug")

    checks = tuple(
        PolicyCheck(c.policy, c.applies, broken) if c.policy == "authentication" else c
        for c in stage_module.CHECKS
    )
    monkeypatch.setattr(stage_module, "CHECKS", checks)
    result = run_policy(VIOLATIONS, load_template("web-api"))
    assert [(w.kind, w.message) for w in result.warnings] == [
        ("stage_failed", "authentication check failed: KeyError")
    ]
    assert {f.sources[0] for f in result.findings} == {"policy:secrets", "policy:errors"}


def test_cancelling_stops_the_stage_with_a_warning() -> None:
    files = [source_from_text(f"f{i}.py", VIOLATIONS) for i in range(3)]
    context = StageContext(threat_model=load_template("web-api"), should_cancel=lambda: True)
    result = PolicyStage().run(files, context)
    assert result.findings == []
    assert [w.kind for w in result.warnings] == ["skipped"]
