"""The rule pack as a stage, and the scanner stage list: routing, warnings for files that
cannot be read, failures contained to one file, cancel, and the rule reference."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.findings import Severity, StageResult
from app.core.sources import SourceFile, source_from_text
from app.scan.base import StageContext
from app.scan.rules import registry
from app.scan.rules.registry import ALL_RULES, RulePackStage
from app.scan.scanners import scanner_stages

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


TERRAFORM = 'resource "aws_s3_bucket" "b" {\n  acl = "public-read"\n}\n'
WORKFLOW = "on: push\njobs:\n  a:\n    permissions: write-all\n"


def _mixed_files() -> list[SourceFile]:
    return [
        source_from_text("Dockerfile", "FROM alpine\nUSER root\n"),
        source_from_text("infra/main.tf", TERRAFORM),
        source_from_text(".github/workflows/ci.yml", WORKFLOW),
        source_from_text("db/schema.sql", "CREATE TABLE u (password TEXT);\n"),
        source_from_text("app.py", "import os\n"),
        source_from_text("README.md", "USER root\n"),
    ]


def test_each_language_goes_to_its_own_rules() -> None:
    result = RulePackStage().run(_mixed_files(), StageContext())
    assert result.warnings == []
    by_file = {(f.file, f.rule_id) for f in result.findings}
    assert ("Dockerfile", "airlock.docker.root-user") in by_file
    assert ("infra/main.tf", "airlock.tf.public-bucket") in by_file
    assert (".github/workflows/ci.yml", "airlock.gha.write-all-permissions") in by_file
    assert ("db/schema.sql", "airlock.sql.plaintext-password") in by_file
    assert {f.file for f in result.findings} <= {
        "Dockerfile",
        "infra/main.tf",
        ".github/workflows/ci.yml",
        "db/schema.sql",
    }
    assert all(f.sources == ("airlock-rules",) for f in result.findings)


def test_unparsable_files_become_parse_error_warnings_and_the_rest_is_checked() -> None:
    files = [
        source_from_text("bad.tf", 'resource "x" "y" {\n  a = \n}\n'),
        source_from_text(".github/workflows/bad.yml", "on: push\njobs: [\n"),
        source_from_text("Dockerfile", "FROM alpine\nUSER root\n"),
    ]
    result = RulePackStage().run(files, StageContext())
    assert [(w.kind, w.file, w.stage) for w in result.warnings] == [
        ("parse_error", "bad.tf", "airlock-rules"),
        ("parse_error", ".github/workflows/bad.yml", "airlock-rules"),
    ]
    assert "line 2" in result.warnings[0].message
    assert {f.file for f in result.findings} == {"Dockerfile"}


def test_a_rule_crash_on_one_file_is_reported_and_other_files_are_still_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def crash(file: SourceFile) -> StageResult:
        raise RecursionError("too deep")

    monkeypatch.setitem(registry.CHECKERS, "terraform", crash)
    result = RulePackStage().run(_mixed_files(), StageContext())
    assert [(w.kind, w.file) for w in result.warnings] == [("stage_failed", "infra/main.tf")]
    assert "RecursionError" in result.warnings[0].message
    assert "Dockerfile" in {f.file for f in result.findings}


def test_cancel_stops_the_rule_pack_between_files() -> None:
    calls = {"n": 0}

    def cancel_after_first() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    result = RulePackStage().run(_mixed_files(), StageContext(should_cancel=cancel_after_first))
    assert {f.file for f in result.findings} == {"Dockerfile"}
    assert [(w.kind, w.stage) for w in result.warnings] == [("skipped", "airlock-rules")]
    assert "3 file(s)" in result.warnings[0].message


def test_scanner_stages_run_in_order_with_their_names() -> None:
    stages = scanner_stages()
    assert [stage.name for stage in stages] == [
        "bandit", "detect-secrets", "airlock-rules", "zizmor", "semgrep",
    ]  # fmt: skip
    assert scanner_stages()[0] is not stages[0]


def test_every_scanner_stage_runs_over_a_mixed_project() -> None:
    files = [*_mixed_files(), source_from_text("db.py", "import pickle\n")]
    for stage in scanner_stages():
        result = stage.run(files, StageContext())
        assert all(f.sources == (stage.name,) for f in result.findings)
        assert not [w for w in result.warnings if w.kind == "stage_failed"]


def test_rule_ids_are_unique_namespaced_and_carry_cwe_and_guidance() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids)) == 19
    for rule in ALL_RULES:
        assert re.fullmatch(r"airlock\.(docker|tf|gha|sql)\.[a-z0-9-]+", rule.id)
        assert rule.cwe and all(isinstance(number, int) for number in rule.cwe)
        assert rule.title and rule.description and rule.fix
        assert rule.severity in set(Severity)


def test_the_rule_reference_documents_every_rule_with_its_cwe() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for rule in ALL_RULES:
        assert f"`{rule.id}`" in text, rule.id
        section = text.split(f"`{rule.id}`", 1)[1][:1500]
        for number in rule.cwe:
            assert f"CWE-{number}" in section, (rule.id, number)
