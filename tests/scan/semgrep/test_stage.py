"""The semgrep stage with a small pack of its own (tests/scan/semgrep/pack): the real engine
over real files, so these tests hold whatever the shipped rules match."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import OperationCancelled
from app.core.findings import PARTLY_PARSED, Confidence, Severity
from app.core.sources import SourceFile, source_from_text
from app.core.threat_model import parse_threat_model
from app.scan import child_program
from app.scan.base import StageContext
from app.scan.semgrep import SemgrepStage
from app.scan.semgrep import engine as engine_module
from app.scan.semgrep import stage as stage_module

PACK = Path(__file__).parent / "pack"

HANDLER = """\
const app = require('express')();
app.post('/search', (req, res) => {
  db.query("SELECT * FROM t WHERE name = '" + req.body.name + "'");
});
app.get('/user/:id', (req, res) => {
  db.query("SELECT * FROM t WHERE id = " + parseInt(req.query.id, 10));
});
"""


def _stage() -> SemgrepStage:
    return SemgrepStage(PACK)


def _run(*files: SourceFile, threat_model: str | None = None) -> object:
    model = parse_threat_model(threat_model, source="test") if threat_model else None
    return _stage().run(list(files), StageContext(threat_model=model))


def test_reports_a_taint_flow_with_the_rule_metadata() -> None:
    result = _stage().run([source_from_text("src/api/app.js", HANDLER)], StageContext())
    [finding] = result.findings
    assert finding.rule_id == "t-js-sql"
    assert finding.cwe == (89,)
    assert finding.severity is Severity.HIGH
    assert finding.confidence is Confidence.HIGH
    assert finding.file == "src/api/app.js"
    assert (finding.start_line, finding.end_line) == (3, 3)
    assert "req.body.name" in finding.snippet
    assert finding.fix == "Pass values as placeholders."
    assert finding.sources == ("semgrep",)
    assert result.warnings == []


def test_typescript_is_read_too_and_other_languages_are_not_sent() -> None:
    files = [
        source_from_text("a.ts", HANDLER.replace("require('express')()", "express()")),
        source_from_text("b.py", "import os\nos.system(input())\n"),
    ]
    result = _stage().run(files, StageContext())
    assert {f.file for f in result.findings} == {"a.ts"}


def test_a_file_that_does_not_parse_is_reported_never_clean() -> None:
    broken = source_from_text("broken.js", HANDLER + "\nfunction broken( {\n")
    result = _stage().run([broken], StageContext())
    assert [f.rule_id for f in result.findings] == ["t-js-sql"]
    [warning] = result.warnings
    assert warning.kind == PARTLY_PARSED
    assert warning.file == "broken.js"
    assert "line 9" in warning.message


def test_engine_errors_become_warnings_for_their_files() -> None:
    # The engine's JSON for a file it gave up on (a timeout) and one it could not parse.
    names = {
        "f00000.js": source_from_text("slow.js", "x"),
        "f00001.js": source_from_text("b.js", "y"),
    }
    timeout = {"type": ["Timeout"], "path": "f00000.js", "level": "warn", "message": "timeout"}
    syntax = {"type": ["Syntax error"], "path": "./f00001.js", "level": "error", "message": "bad"}
    rule_error = {"type": ["Rule parse error"], "level": "error", "message": "rule x"}
    warnings = [stage_module._error_warning(e, names) for e in (timeout, syntax, rule_error)]
    assert [(w.kind, w.file) for w in warnings if w] == [
        ("stage_failed", "slow.js"),
        ("parse_error", "b.js"),
        ("stage_failed", None),
    ]


def test_a_report_that_is_not_json_fails_the_run_with_the_engine_s_words() -> None:
    with pytest.raises(engine_module.EngineFailed, match="out of memory"):
        engine_module.parse_report(2, b"", b"starting\nFatal error: out of memory\n")


AUTH_REQUIRED = """\
airlock_threat_model: 1
name: shop
policies:
  authentication: {required: true, public_paths: ["/health", "/user/<id>"]}
"""
ROUTES = """\
const app = require('express')();
app.get('/health', (req, res) => res.send('ok'));
app.get('/user/:id', (req, res) => res.send('x'));
app.get('/orders', (req, res) => res.send('y'));
"""


def test_authentication_rules_follow_the_threat_model_and_its_public_paths() -> None:
    routes = source_from_text("routes.js", ROUTES)
    assert _run(routes).findings == []  # no threat model: nothing required
    [finding] = _run(routes, threat_model=AUTH_REQUIRED).findings
    assert finding.rule_id == "t-js-route-no-auth"
    assert finding.start_line == 4
    assert "requires authentication" in finding.why


ERRORS = "app.use((err, req, res, next) => { res.send(err.stack); });\n"


@pytest.mark.parametrize(
    ("expose", "expected"),
    [(None, [Severity.MEDIUM]), ("true", []), ("false", [Severity.HIGH])],
)
def test_error_detail_rules_follow_the_threat_model(
    expose: str | None, expected: list[Severity]
) -> None:
    model = None
    if expose is not None:
        model = (
            f"airlock_threat_model: 1\nname: x\npolicies:\n  errors: {{expose_details: {expose}}}\n"
        )
    found = _run(source_from_text("err.js", ERRORS), threat_model=model).findings
    assert [f.severity for f in found] == expected


def test_secret_values_are_masked_in_snippet_and_message() -> None:
    code = "const config = { user: 'app', password: 'Sup3rS3cretValue' };\n"
    [finding] = _run(source_from_text("config.js", code)).findings
    assert finding.rule_id == "t-js-secret"
    assert "Sup3rS3cretValue" not in finding.snippet + finding.message
    assert "Sup3****" in finding.snippet


def test_cancel_kills_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def recording_popen(*args: Any, **kwargs: Any) -> subprocess.Popen[bytes]:
        process = real_popen(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(child_program.subprocess, "Popen", recording_popen)
    # Enough files to keep the engine busy well past the first polls.
    files = [source_from_text(f"f{i}.js", HANDLER * 40) for i in range(200)]
    polls = 0

    def cancel_after_a_few_polls() -> bool:
        nonlocal polls
        polls += 1
        return polls > 2

    with pytest.raises(OperationCancelled):
        _stage().run(files, StageContext(should_cancel=cancel_after_a_few_polls))
    [process] = started
    assert process.returncode is not None  # waited for: no zombie left behind
    assert process.returncode < 0  # ended by the kill, not by finishing
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing of its process group is left


def test_a_missing_engine_is_a_warning_naming_the_unchecked_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing() -> Path:
        raise engine_module.EngineMissing("semgrep is not installed")

    monkeypatch.setattr(engine_module, "find_core", missing)
    result = _stage().run([source_from_text("a.js", HANDLER)], StageContext())
    assert result.findings == []
    [warning] = result.warnings
    assert warning.kind == "stage_failed"
    assert "1 file not checked by rules" in warning.message


def test_a_broken_pack_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "bad.yaml").write_text("rules:\n  - id: x\n    languages: [js]\n")
    stage = SemgrepStage(tmp_path)
    assert stage.languages == frozenset()
    [warning] = stage.run([source_from_text("a.js", HANDLER)], StageContext()).warnings
    assert warning.kind == "stage_failed"
    assert "has no metadata.airlock" in warning.message


def test_a_review_starts_the_engine_first_and_collects_it_after_the_python_stages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.core.review import ReviewOptions, run_review
    from tests.pattern_stage import PatternStage

    order: list[str] = []
    real_start = SemgrepStage.start_early

    def recording_start(self: SemgrepStage, files: Any, context: StageContext) -> Any:
        order.append("semgrep started")
        return real_start(self, files, context)

    class Python(PatternStage):
        def run(self, files: Any, context: StageContext) -> Any:
            order.append("python stage ran")
            return super().run(files, context)

    monkeypatch.setattr(SemgrepStage, "start_early", recording_start)
    monkeypatch.setattr(
        "app.core.review.deterministic_stages",
        lambda _groups: [SemgrepStage(PACK), Python([])],
    )
    files = [source_from_text("a.js", HANDLER), source_from_text("b.py", "x = 1\n")]
    outcome = run_review(files, None, options=ReviewOptions(stages=frozenset({"scanners"})))
    assert order == ["semgrep started", "python stage ran"]
    assert [f.rule_id for f in outcome.findings] == ["t-js-sql"]
